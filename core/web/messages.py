"""Messages shown on pages that are not literal in a template: interaction kinds, roles, and the
reasons services give for invalid input.  Listed here so the extractor puts them in the catalogs."""

from __future__ import annotations


def _(message: str) -> str:
    return message


INTERACTION_KINDS = (
    _("Call"),
    _("Visit"),
    _("Email"),
    _("Meeting"),
    _("Purchase"),
    _("Service"),
    _("Note"),
    _("Survey"),
    _("Message"),
)
ROLES = (_("Operator"), _("Owner"), _("Admin"), _("Manager"), _("Rep"), _("Technician"), _("Viewer"))
REASONS = (
    _("a name is required"),
    _("choose a kind"),
    _("write what happened"),
    _("not a valid date and time"),
    _("not a valid amount"),
    _("you cannot give this role"),
    _("use at least 8 characters"),
    _("phone number is empty"),
    _("e-mail address is empty"),
)
