"""Retail analytics: RFM segments, customer lifetime value and cross-sell rules, per tenant.

Each analysis reads the tenant's orders with one set-based SQL statement, models over numpy
arrays, and stores its results with the time computed and the parameters used (see ``models``).
"""
