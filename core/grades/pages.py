"""Settings → Grades: the spend each grade needs, saved and applied now (also daily by a job)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from core.errors import InvalidInput
from core.grades.service import apply_saved_grades, read_grade_rules, save_grade_rules
from core.web.context import Page, PageContext
from core.web.forms import field_errors

router = APIRouter()
PERMISSION = "grades:manage"
ROWS = 5


def _render(
    page: Page, rows: list[tuple[str, str]], errors: dict, status: int = 200, **extra: Any
) -> Response:
    view = read_grade_rules(session=page.session, tenant=page.tenant)
    padded = rows + [("", "")] * max(0, ROWS - len(rows))
    return page.render(
        "settings/grades.html", rows=padded, view=view, errors=errors, status_code=status, **extra
    )


@router.get("/settings/grades")
def grades_page(page: PageContext) -> Response:
    page.require(PERMISSION)
    view = read_grade_rules(session=page.session, tenant=page.tenant)
    return _render(page, list(view.thresholds.items()), {})


@router.post("/settings/grades")
async def save_grades(request: Request, page: PageContext) -> Response:
    page.require(PERMISSION)
    form = await request.form()
    grades = [str(g).strip() for g in form.getlist("grade")]
    minimums = [str(m).strip() for m in form.getlist("minimum")]
    rows = [(g, m) for g, m in zip(grades, minimums, strict=False) if g or m]
    try:
        save_grade_rules(session=page.session, tenant=page.tenant, thresholds=dict(rows), actor=page.actor)
        if form.get("apply") == "1":
            apply_saved_grades(session=page.session, tenant=page.tenant)
        page.session.flush()
    except InvalidInput as exc:
        page.session.rollback()
        errors = field_errors(exc, page.gettext)
        for key in [k for k in exc.problems if k.field.startswith("thresholds.")]:
            errors.setdefault("thresholds", []).append(
                f"{key.field.split('.', 1)[1]}: {page.gettext(key.reason)}"
            )
        return _render(page, rows, errors, status=422)
    return RedirectResponse("/settings/grades?saved=1", status_code=303)


@router.post("/settings/grades/apply")
def apply_grades_now(page: PageContext) -> Response:
    page.require(PERMISSION)
    apply_saved_grades(session=page.session, tenant=page.tenant)
    return RedirectResponse("/settings/grades?applied=1", status_code=303)
