"""Cells that a spreadsheet would run as a formula: neutralised on the way out, restored on the way in.

Excel, LibreOffice and WPS evaluate a CSV cell that starts with ``=``, ``+``, ``-`` or ``@`` (and,
through tab and carriage-return tricks, cells starting with those), so a customer named
``=HYPERLINK(...)`` becomes a live link, or worse, in whoever opens the export (OWASP "CSV
injection").  Following OWASP, such a cell is written with a leading ``'``, which spreadsheets show
as text.  The importer removes exactly that quote, so an exported phone ``'+8613800138000`` comes
back as ``+8613800138000``.

To make the round trip exact for text that itself starts with quotes before such a character
(``'=x``), one more quote is added whenever the text is quotes followed by a trigger, and one is
removed on the way in: ``neutralise`` and ``unquote`` are inverses on every string.
"""

from __future__ import annotations

import re

TRIGGERS = "=+-@\t\r"
#: Zero or more quotes, then a character that starts a formula.
_NEEDS_QUOTE = re.compile(r"'*[=+\-@\t\r]")
#: One or more quotes, then such a character: the importer takes one quote off.
_QUOTED = re.compile(r"'+[=+\-@\t\r]")


def neutralise(text: str) -> str:
    """``text`` as a cell no spreadsheet evaluates (see the module docstring)."""
    if text and (text[0] in TRIGGERS or (text[0] == "'" and _NEEDS_QUOTE.match(text))):
        return "'" + text
    return text


def unquote(text: str) -> str:
    """The text a neutralised cell stood for; any other text unchanged."""
    if text[:1] == "'" and _QUOTED.match(text):
        return text[1:]
    return text
