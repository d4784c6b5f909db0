"""The tenant's outgoing mail server: settings (password sealed at rest), API, page and test mail."""
