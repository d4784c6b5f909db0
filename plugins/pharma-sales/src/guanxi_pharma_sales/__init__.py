"""Guanxi pharma sales pack: territories and market reports.

Importing this package does nothing; the host loads :mod:`guanxi_pharma_sales.plugin` through the
``guanxi.plugins`` entry point and calls its hooks.
"""

PACK = "pharma-sales"
