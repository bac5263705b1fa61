"""What the warehouse publishes for readers.

* ``report``: a static, self-contained HTML report of the marts (``norway-migration report``).
"""
