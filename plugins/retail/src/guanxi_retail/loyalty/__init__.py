"""Loyalty: points earned by rules, tiers from qualifying points, expiry and redemptions."""
