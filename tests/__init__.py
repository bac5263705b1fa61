"""The project's tests: pytest under tests/python, dbt tests under tests/dbt."""
