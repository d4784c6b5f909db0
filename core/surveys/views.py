"""Public survey pages: ``GET /survey/{token}`` shows the question, ``POST`` stores the answer.

No login: the token is the credential, single-use and expiring.  Pages answer in the tenant's
language; an unknown link is a 404, an answered or expired one a 410.
"""

from __future__ import annotations

from urllib.parse import parse_qs

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from sqlalchemy import Engine

from core.errors import InvalidInput, NotFound
from core.packs.registry import PackRegistry
from core.surveys.rendering import render_survey, words
from core.surveys.service import SurveyClosed, answer_survey, check_open, open_survey

router = APIRouter(tags=["surveys"])
_HEADERS = {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"}


def _engine(request: Request) -> Engine:
    engine = getattr(request.app.state, "engine", None)
    if engine is None:
        from core.db import get_engine

        engine = get_engine()
    return engine


def _registry(request: Request) -> PackRegistry:
    """The app's packs: an answer is logged as an interaction, which their hooks see."""
    registry: PackRegistry = request.app.state.registry
    return registry


def _not_found() -> HTMLResponse:
    return HTMLResponse("<!doctype html><p>This survey link is not valid.</p>", 404, headers=_HEADERS)


@router.get("/survey/{token}", response_class=HTMLResponse, include_in_schema=False)
def show_survey(token: str, request: Request) -> HTMLResponse:
    try:
        session, tenant, survey = open_survey(
            engine=_engine(request), registry=request.app.state.registry, token=token
        )
    except NotFound:
        return _not_found()
    with session:
        try:
            check_open(survey)
        except SurveyClosed as closed:
            page = render_survey(
                tenant=tenant, survey=survey, open_=False, message=words(tenant)[closed.reason]
            )
            return HTMLResponse(page, 410, headers=_HEADERS)
        return HTMLResponse(render_survey(tenant=tenant, survey=survey, open_=True), headers=_HEADERS)


@router.post("/survey/{token}", response_class=HTMLResponse, include_in_schema=False)
async def submit_survey(token: str, request: Request) -> HTMLResponse:
    form = parse_qs((await request.body()).decode("utf-8", "replace"))
    try:
        session, tenant, survey = open_survey(
            engine=_engine(request), registry=request.app.state.registry, token=token
        )
    except NotFound:
        return _not_found()
    with session:
        try:
            answer_survey(
                session=session,
                tenant=tenant,
                survey=survey,
                score=(form.get("score") or [""])[0],
                comment=(form.get("comment") or [""])[0],
            )
            session.commit()
        except SurveyClosed as closed:
            session.rollback()
            page = render_survey(
                tenant=tenant, survey=survey, open_=False, message=words(tenant)[closed.reason]
            )
            return HTMLResponse(page, 410, headers=_HEADERS)
        except InvalidInput:
            session.rollback()
            page = render_survey(
                tenant=tenant, survey=survey, open_=True, message=words(tenant)["invalid"], error=True
            )
            return HTMLResponse(page, 422, headers=_HEADERS)
        page = render_survey(tenant=tenant, survey=survey, open_=False, message=words(tenant)["thanks"])
        return HTMLResponse(page, headers=_HEADERS)
