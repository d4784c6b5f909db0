"""The settings page section, generated from a pack's schema: which input each field gets.

Text, whole and decimal numbers, yes/no and choices (``Literal`` or ``Enum``) are the kinds a
form can carry; lists and nested models are left to the API and kept as saved when the form is
sent, so the page never erases what it cannot show.
"""

from __future__ import annotations

import enum
import types
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel
from starlette.datastructures import FormData

from core.records import PackSettings


@dataclass(frozen=True)
class FormField:
    """One input of the section: its name, label in the reader's language, kind and choices."""

    name: str
    label: str
    kind: Literal["text", "integer", "number", "bool", "choice"]
    value: Any
    required: bool
    choices: tuple[str, ...] = ()


def _unwrap(annotation: Any) -> tuple[Any, bool]:
    """The annotation without ``None``, and whether ``None`` was allowed."""
    if get_origin(annotation) in (Union, types.UnionType):
        args = [a for a in get_args(annotation) if a is not type(None)]
        if len(args) == 1:
            return args[0], True
    return annotation, False


def _kind(annotation: Any) -> tuple[str | None, tuple[str, ...]]:
    if get_origin(annotation) is Literal:
        return "choice", tuple(str(a) for a in get_args(annotation))
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        return "choice", tuple(str(member.value) for member in annotation)
    if annotation is bool:
        return "bool", ()
    if annotation is int:
        return "integer", ()
    if annotation in (float, Decimal):
        return "number", ()
    if annotation is str:
        return "text", ()
    return None, ()


def field_label(declared: PackSettings, name: str, locale: str) -> str:
    """A field's label: the declared title for ``locale``, else English, else the field's name."""
    titles = declared.field_titles.get(name, {})
    schema: type[BaseModel] = declared.schema
    english = titles.get("en") or schema.model_fields[name].title or name
    return titles.get(locale) or english


def section_title(declared: PackSettings, locale: str, fallback: str) -> str:
    return declared.titles.get(locale) or declared.title or fallback


def form_fields(declared: PackSettings, values: BaseModel, locale: str) -> list[FormField]:
    """The inputs of the section, in the schema's field order."""
    schema: type[BaseModel] = declared.schema
    fields = []
    for name, info in schema.model_fields.items():
        annotation, optional = _unwrap(info.annotation)
        kind, choices = _kind(annotation)
        if kind is None:
            continue
        value = getattr(values, name)
        value = value.value if isinstance(value, enum.Enum) else value
        fields.append(
            FormField(name, field_label(declared, name, locale), kind, value, not optional, choices)  # type: ignore[arg-type]
        )
    return fields


def values_from_form(fields: list[FormField], form: FormData, current: dict[str, Any]) -> dict[str, Any]:
    """What the form says, over the current values (fields the form does not show stay as saved).

    An unticked checkbox sends nothing, so a shown yes/no field absent from the form is ``False``;
    an emptied optional field is ``None``.  Strings are left for the schema to coerce, as the API's
    JSON would be.
    """
    values = dict(current)
    for field in fields:
        if field.kind == "bool":
            values[field.name] = field.name in form
            continue
        raw = str(form.get(field.name, "")).strip()
        values[field.name] = None if raw == "" and not field.required else raw
    return values
