"""Guanxi retail pack: orders per customer, by channel and store.

Importing this package does nothing; the host loads :mod:`guanxi_retail.plugin` through the
``guanxi.plugins`` entry point and calls its hooks.
"""

PACK = "retail"
