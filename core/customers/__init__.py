"""Customers: the table and its schemas, record rules, services, API views, pages and templates."""
