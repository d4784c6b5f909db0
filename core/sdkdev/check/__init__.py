"""``guanxi plugins check``: the conformance check a pack passes before it ships.

:func:`core.sdkdev.check.run.check_pack` runs every check and returns a :class:`Report` of one-line
findings naming the file, table or hook at fault.
"""

from core.sdkdev.check.findings import Finding, Report
from core.sdkdev.check.run import check_pack

__all__ = ["Finding", "Report", "check_pack"]
