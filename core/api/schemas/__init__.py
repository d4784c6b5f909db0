"""Request and response bodies of the API routes that have no domain package of their own."""
