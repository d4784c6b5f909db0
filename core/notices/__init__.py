"""Notices: what a pack's event tells users (in-app and by e-mail) and asks of customers (surveys)."""
