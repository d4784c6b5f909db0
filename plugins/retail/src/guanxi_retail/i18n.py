"""The pack's msgid marker for text built outside templates (access messages, panel titles).

Text for a reader who is not the caller (reminders) is built with ``sdk.pack_messages("retail")``
and translated for each recipient when it is delivered.
"""

from __future__ import annotations


def _(message: str) -> str:
    """Marks a msgid for extraction; core translates it where it is shown."""
    return message
