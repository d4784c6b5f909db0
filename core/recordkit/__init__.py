"""Records that change: versions (ETag / If-Match), state machines with history, newest-first pages.

What packs get through ``sdk.records``; core's own records use the same rules (core.versioning).
"""
