"""Duplicate customers: certain ones (same phone, e-mail, or name and birthday) as clusters, and
possible ones (fuzzy matches) as pairs for a person to review.  Merging is core's merge service."""
