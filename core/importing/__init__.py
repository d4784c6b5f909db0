"""Bring customer data in and out: CSV/XLSX import with validation, resumable jobs, and export.

The service entry point is :func:`core.importing.runner.import_customers`; the CLI and the API call it.
"""
