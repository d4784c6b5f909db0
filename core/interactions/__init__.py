"""Interactions: anything that happened with a customer: table, schemas, timeline, API views."""
