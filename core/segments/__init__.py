"""Saved customer segments: filters evaluated in one SQL statement, and spend-based grades."""
