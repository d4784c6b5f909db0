"""API keys for integrations: the table, its service, the API routes and the settings page."""
