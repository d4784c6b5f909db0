"""Users of a tenant and their roles: the table, services, API routes and the settings page."""
