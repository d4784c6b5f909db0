"""Guanxi equipment pack: an opportunity pipeline for machinery and equipment sales.

Importing this package does nothing; the host loads :mod:`guanxi_equipment.plugin` through the
``guanxi.plugins`` entry point and calls its hooks.
"""

PACK = "equipment"
