"""Per-tenant pack settings: a pack declares a schema, core stores, validates, serves and edits it."""
