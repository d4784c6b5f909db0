"""The one place where errors become HTTP answers.

Domain errors (core.errors), authentication errors, FastAPI's validation errors, database
conflicts and database trouble (busy, disk full, read-only: core.db) each map to a status and a
JSON body in plain words.  422 bodies always list problems as
``{"field": ..., "reason": ...}``.  Anything unexpected is a 500 without a stack trace.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DataError, IntegrityError, InternalError, OperationalError
from starlette.exceptions import HTTPException

from core.auth.errors import NotAuthenticated, RateLimited
from core.db import DatabaseTrouble, database_trouble
from core.errors import (
    Conflict,
    GuanxiError,
    IllegalTransition,
    InvalidInput,
    NotFound,
    PackError,
    PermissionDenied,
    PreconditionRequired,
    StaleVersion,
)
from core.importing.jobs import ImportStopped
from core.versioning import etag

log = logging.getLogger("guanxi.api")
_LOCATIONS = {"body", "query", "path", "header", "cookie"}


def _field(loc: tuple[Any, ...] | list[Any]) -> str:
    parts = list(loc)
    if len(parts) > 1 and parts[0] in _LOCATIONS:
        parts = parts[1:]
    return ".".join(str(p) for p in parts) or "body"


def problems_body(problems: list[tuple[str, str]]) -> dict[str, Any]:
    return {"detail": [{"field": f, "reason": r} for f, r in problems]}


def _json(status: int, body: dict[str, Any], headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse(status_code=status, content=body, headers=headers)


async def _validation(_request: Request, exc: RequestValidationError) -> JSONResponse:
    problems = [(_field(err.get("loc", ())), str(err.get("msg", "is not valid"))) for err in exc.errors()]
    return _json(422, problems_body(problems))


async def _guanxi(_request: Request, exc: Exception) -> JSONResponse:
    match exc:
        case InvalidInput():
            return _json(422, problems_body([(p.field or "body", p.reason) for p in exc.problems]))
        case NotAuthenticated():
            return _json(401, {"detail": str(exc)}, {"WWW-Authenticate": "Bearer"})
        case RateLimited():
            return _json(429, {"detail": str(exc)}, {"Retry-After": str(exc.retry_after)})
        case PermissionDenied():
            return _json(403, {"detail": str(exc)})
        case NotFound():
            return _json(404, {"detail": str(exc)})
        case StaleVersion():
            return _json(
                412,
                {"detail": str(exc), "current_version": exc.current_version},
                {"ETag": etag(exc.current_version)},
            )
        case PreconditionRequired():
            return _json(428, {"detail": str(exc)})
        case IllegalTransition():
            body = {"detail": str(exc), "current": exc.current, "allowed": list(exc.allowed)}
            return _json(409, body)
        case Conflict():
            return _json(409, {"detail": str(exc)})
        case ImportStopped():  # it says what was saved, and how to go on
            return _json(500, {"detail": str(exc), "job_id": exc.job_id})
        case PackError():
            log.error("pack %s failed in %s", exc.pack, exc.hook, exc_info=exc.cause)
            return _json(500, {"detail": f"{exc}; nothing was saved", "pack": exc.pack})
    return _json(400, {"detail": str(exc)})


async def _integrity(_request: Request, exc: IntegrityError) -> JSONResponse:
    log.info("integrity error: %s", exc.orig)
    return _json(
        409,
        {
            "detail": "this conflicts with an existing record (a value that must be unique "
            "is already used, or a referenced record does not exist)"
        },
    )


async def _out_of_range(_request: Request, exc: Exception) -> JSONResponse:
    """A value the database cannot store (e.g. an id beyond its integer range): bad input, not a crash."""
    return _json(422, problems_body([("body", "a value is out of the range the database can store")]))


#: status, message and whether retrying can help, per kind of database trouble
DATABASE_ANSWERS: dict[DatabaseTrouble, tuple[int, str, bool]] = {
    DatabaseTrouble.busy: (503, "the database is busy; retry shortly", True),
    DatabaseTrouble.disk_full: (
        507,
        "the database's disk is full, so nothing was saved; contact the administrator",
        False,
    ),
    DatabaseTrouble.read_only: (
        503,
        "the database is read-only, so nothing was saved; contact the administrator",
        False,
    ),
    DatabaseTrouble.unavailable: (
        503,
        "the database cannot be reached; retry later, and contact the administrator if this goes on",
        True,
    ),
}


async def _database(request: Request, exc: OperationalError | InternalError) -> JSONResponse:
    """Say what is wrong with the database: only a lock timeout is worth an immediate retry."""
    trouble = database_trouble(exc)
    if trouble is None:
        return await _unexpected(request, exc)
    status, message, retry = DATABASE_ANSWERS[trouble]
    if trouble is DatabaseTrouble.busy:
        log.warning("database busy: %s", exc.orig)
    else:
        log.error("database %s: %s", trouble.value, exc.orig)
    return _json(status, {"detail": message}, {"Retry-After": "1"} if retry else None)


async def _http(_request: Request, exc: HTTPException) -> JSONResponse:
    return _json(exc.status_code, {"detail": str(exc.detail)}, getattr(exc, "headers", None))


async def _unexpected(_request: Request, exc: Exception) -> JSONResponse:
    log.exception("unexpected error", exc_info=exc)
    return _json(500, {"detail": "internal error; nothing was saved"})


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(RequestValidationError, _validation)  # type: ignore[arg-type]
    app.add_exception_handler(GuanxiError, _guanxi)
    app.add_exception_handler(IntegrityError, _integrity)  # type: ignore[arg-type]
    app.add_exception_handler(OperationalError, _database)  # type: ignore[arg-type]
    app.add_exception_handler(InternalError, _database)  # type: ignore[arg-type]
    app.add_exception_handler(DataError, _out_of_range)
    app.add_exception_handler(OverflowError, _out_of_range)
    app.add_exception_handler(HTTPException, _http)  # type: ignore[arg-type]
    app.add_exception_handler(Exception, _unexpected)
