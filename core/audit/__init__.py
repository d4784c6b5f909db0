"""The audit log: who changed which field of which record, from what to what, and through what."""
