"""Translating messages in Python for the reader, who is not always the one who caused them.

A reminder is decided by a rule at 07:00 and read later by several users, each in their own
language; a survey e-mail is written by a job and read by a customer.  So a message is built as a
:class:`~core.records.Translatable` (msgid, arguments, the pack whose catalog translates it), may
be stored as JSON, and is turned into text only where the reader's locale is known, with
:func:`translate`.  Placeholders are ``%(name)s`` as in templates (Babel checks them when a
catalog is compiled), filled after translation, so translators can move them.  Catalogs are the
same ``.po`` files templates use, core's first and the pack's as a fallback, exactly as pages look
them up, so a word reads the same on a page and in an e-mail.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from core.records import Translatable

if TYPE_CHECKING:
    from babel.support import NullTranslations

    from core.packs.registry import PackRegistry

log = logging.getLogger("guanxi.i18n")
LOCALES = ("en", "zh_Hans", "zh_Hant")


@lru_cache(maxsize=64)
def _translations(locale: str, locale_dirs: tuple[Path, ...]) -> NullTranslations:
    from core.web.i18n import load_translations

    return load_translations(locale, locale_dirs)


def pack_locale_dirs(pack: str | None, registry: PackRegistry | None = None) -> tuple[Path, ...]:
    """Where ``pack`` keeps its catalogs (its template dirs' ``locale_dir``); none for core."""
    if pack is None:
        return ()
    if registry is None:
        raise ValueError(f"pack '{pack}' keeps its catalogs where its registry says: pass registry=")
    from core.packs.facade import StartupHooks

    def locale_dirs() -> dict[str, tuple[Path, ...]]:
        return {
            name: tuple(Path(d.locale_dir) for d in dirs if d.locale_dir)
            for name, dirs in StartupHooks(registry).template_dirs_by_pack().items()
        }

    return registry.memo("pack-locale-dirs", locale_dirs).get(pack, ())


def as_json(text: Translatable) -> dict[str, Any]:
    """The message as stored until delivery."""
    return {"msgid": text.msgid, "args": dict(text.args), "pack": text.pack}


def from_json(data: Mapping[str, Any]) -> Translatable:
    return Translatable(str(data["msgid"]), dict(data.get("args") or {}), data.get("pack"))


def _fill(template: str, args: Mapping[str, Any]) -> str:
    return template % dict(args) if args else template


def translate(
    text: str | Translatable | Mapping[str, Any], locale: str, *, registry: PackRegistry | None = None
) -> str:
    """``text`` in ``locale``: a plain string is returned as it is; a message (or its stored JSON)
    is looked up in its pack's catalog and filled in.  A translation whose placeholders do not
    match the msgid's is logged and the English is used, so a catalog slip never loses a
    reminder."""
    if isinstance(text, str):
        return text
    message = text if isinstance(text, Translatable) else from_json(text)
    catalog = _translations(locale, pack_locale_dirs(message.pack, registry))
    translated = catalog.gettext(message.msgid)
    try:
        return _fill(translated, message.args)
    except (KeyError, TypeError, ValueError):
        log.warning("translation of %r in %s does not fit its arguments", message.msgid, locale)
        return _fill(message.msgid, message.args)


class PackMessages:
    """A pack's messages, bound to its catalog: ``_ = pack_messages("hotel")``.

    ``_("Thank the guest of room %(room)s", room=s.room)`` is a :class:`Translatable` to hand to a
    :class:`~core.records.DueReminder` or store; ``_.text(locale, msgid, **args)`` translates at
    once, and ``_.for_locale(locale)`` is a plain ``gettext`` for one reader (an e-mail, a CLI
    message).  The msgids are found by ``guanxi plugins i18n extract`` like any ``_()`` call.
    """

    def __init__(self, pack: str | None, registry: PackRegistry | None = None) -> None:
        self.pack = pack
        #: Where the pack's catalogs are found; a caller's or a session's registry when bound later.
        self.registry = registry

    def __call__(self, msgid: str, **args: Any) -> Translatable:
        return Translatable(msgid, args, self.pack)

    def text(self, locale: str, msgid: str, **args: Any) -> str:
        return translate(self(msgid, **args), locale, registry=self.registry)

    def for_locale(self, locale: str) -> Callable[..., str]:
        def gettext(msgid: str, **args: Any) -> str:
            return self.text(locale, msgid, **args)

        return gettext

    def for_caller(self, caller: Any) -> Callable[..., str]:
        """``gettext`` in the language of the request's user (a page or an API caller)."""
        bound = PackMessages(self.pack, getattr(caller, "registry", None) or self.registry)
        return bound.for_locale(caller_locale(caller))


def caller_locale(caller: Any) -> str:
    """The locale a page shows, or for an API caller the user's language, else the tenant's."""
    from core.reminders.recipients import locale_of

    locale = getattr(caller, "locale", None)
    if isinstance(locale, str) and locale in LOCALES:
        return locale
    user = getattr(caller, "user", None)
    return locale_of(getattr(user, "locale", None), caller.tenant)


def pack_messages(pack: str | None, registry: PackRegistry | None = None) -> PackMessages:
    """The message factory of ``pack`` (``None``: core's own catalog).

    Making messages needs nothing; translating a pack's message at once (``text``, ``for_locale``)
    needs the registry that knows where the pack's catalogs are: pass it here, or use
    ``for_caller``, which takes the request's.  Messages stored for later are translated where they
    are delivered, with the registry of that unit of work.
    """
    return PackMessages(pack, registry)
