"""Recorded acquisition and retention costs: service, API, page, CLI and import type."""
