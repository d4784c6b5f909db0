"""Satisfaction surveys (CSAT 1–5, NPS 0–10) answered through a single-use link."""
