"""Customer grades (A/B/C): rules kept per tenant, applied daily and on demand."""
