"""Tenants (client firms): the table, services, and the operators' routes that manage them."""
