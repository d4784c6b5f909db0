"""Error bodies and the responses every route may give, for the OpenAPI document."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict


class ErrorOut(BaseModel):
    """A refusal in plain words."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"detail": "customer 42 not found"}]})

    detail: str


class StaleOut(ErrorOut):
    """The record changed since the version the edit was based on."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "detail": "the record was changed by someone else; current version is 3",
                    "current_version": 3,
                }
            ]
        }
    )

    current_version: int


class PackErrorOut(ErrorOut):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {"detail": "pack 'retail' failed in guanxi_on_customer_created: boom", "pack": "retail"}
            ]
        }
    )

    pack: str


class FieldProblem(BaseModel):
    field: str
    reason: str


class ValidationOut(BaseModel):
    """Every problem with the request, each naming its field."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{"detail": [{"field": "phones.0", "reason": "'12' is not a valid phone number"}]}]
        }
    )

    detail: list[FieldProblem]


def responses(*codes: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI descriptions of the error answers a route can give (401/403/422/503/507 always)."""
    known: dict[int, tuple[type[BaseModel], str]] = {
        401: (ErrorOut, "Not authenticated"),
        403: (ErrorOut, "Not allowed for this role or key"),
        404: (ErrorOut, "Not found (also: another tenant's record)"),
        409: (ErrorOut, "Conflicts with existing data"),
        412: (StaleOut, "Stale version: reload and retry"),
        413: (ErrorOut, "Request body too large"),
        422: (ValidationOut, "Invalid input; each problem names its field"),
        428: (ErrorOut, "If-Match (or the version field) is required"),
        429: (ErrorOut, "Too many attempts; see Retry-After"),
        500: (PackErrorOut, "A pack failed; nothing was saved"),
        503: (
            ErrorOut,
            "The database is busy (retry after Retry-After), unreachable, or read-only "
            "(contact the administrator)",
        ),
        507: (ErrorOut, "The database's disk is full; contact the administrator"),
    }
    wanted = sorted({401, 403, 413, 422, 500, 503, 507, *codes})
    return {code: {"model": known[code][0], "description": known[code][1]} for code in wanted}
