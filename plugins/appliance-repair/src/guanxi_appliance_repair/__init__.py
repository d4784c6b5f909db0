"""Guanxi appliance repair pack: repair tickets with warranty and technician.

Importing this package does nothing; the host loads :mod:`guanxi_appliance_repair.plugin` through
the ``guanxi.plugins`` entry point and calls its hooks.
"""

PACK = "appliance-repair"
