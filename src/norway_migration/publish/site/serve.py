"""Serve a built site on 127.0.0.1 (``norway-migration site-serve``, ``make site-serve``)."""

from __future__ import annotations

import functools
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

HOST = "127.0.0.1"


class QuietHandler(SimpleHTTPRequestHandler):
    """Serves the files of one folder, without logging every request."""

    def log_message(self, format: str, *args: object) -> None:
        """Requests are not logged (a page asks for three files)."""


def server(directory: Path, port: int = 8000) -> ThreadingHTTPServer:
    """An HTTP server for the files under directory, bound to 127.0.0.1 only (port 0: any
    free port; the server's server_address says which)."""
    handler = functools.partial(QuietHandler, directory=str(directory))
    return ThreadingHTTPServer((HOST, port), handler)
