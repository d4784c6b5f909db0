"""Authentication: passwords, access and refresh tokens, login rate limits, roles, web sessions."""
