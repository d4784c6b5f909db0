"""Activity bodies for the API (and the forms, which validate through the same models)."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field

from core.activities.models import NOTE_MAX_LENGTH, OUTCOME_MAX_LENGTH, Activity, ActivityKind

_STRICT = ConfigDict(extra="forbid", str_strip_whitespace=True)


class ActivityCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        str_strip_whitespace=True,
        json_schema_extra={
            "examples": [{"customer_id": 42, "kind": "call", "due_on": "2026-05-04", "note": "回访报价"}]
        },
    )

    customer_id: int = Field(ge=1, le=2_147_483_647)
    kind: ActivityKind = ActivityKind.todo
    due_on: date
    note: str = Field(default="", max_length=NOTE_MAX_LENGTH)
    assignee_id: int | None = Field(
        default=None, ge=1, le=2_147_483_647, description="Default: the caller (an API key: the owner)."
    )


class ActivityPatch(BaseModel):
    model_config = ConfigDict(
        extra="forbid", str_strip_whitespace=True, json_schema_extra={"examples": [{"due_on": "2026-05-06"}]}
    )

    kind: ActivityKind | None = None
    due_on: date | None = None
    note: str | None = Field(default=None, max_length=NOTE_MAX_LENGTH)


class ActivityComplete(BaseModel):
    model_config = ConfigDict(
        extra="forbid", str_strip_whitespace=True, json_schema_extra={"examples": [{"outcome": "已报价"}]}
    )

    outcome: str = Field(default="", max_length=OUTCOME_MAX_LENGTH)


class ActivitySnooze(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"until": "2030-01-02"}]})

    until: date = Field(description="The new due date, after today (the tenant's date).")


class ActivityReassign(BaseModel):
    model_config = ConfigDict(extra="forbid")

    assignee_id: int = Field(ge=1, le=2_147_483_647)


class ActivityOut(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": 5,
                    "customer_id": 42,
                    "kind": "call",
                    "due_on": "2026-05-04",
                    "first_due_on": None,
                    "note": "回访报价",
                    "assignee_id": 7,
                    "created_by_id": 7,
                    "status": "open",
                    "outcome": "",
                    "done_at": None,
                    "done_by_id": None,
                    "created_at": "2026-05-01T02:00:00Z",
                }
            ]
        }
    )

    id: int
    customer_id: int
    kind: str
    due_on: date
    first_due_on: date | None
    note: str
    assignee_id: int | None
    created_by_id: int | None
    status: str
    outcome: str
    done_at: datetime | None
    done_by_id: int | None
    created_at: datetime

    @classmethod
    def of(cls, activity: Activity) -> ActivityOut:
        assert activity.id is not None
        return cls(
            id=activity.id,
            customer_id=activity.customer_id,
            kind=activity.kind,
            due_on=activity.due_on,
            first_due_on=activity.first_due_on,
            note=activity.note,
            assignee_id=activity.user_id,
            created_by_id=activity.created_by_id,
            status="done" if activity.done_at else "open",
            outcome=activity.outcome,
            done_at=activity.done_at,
            done_by_id=activity.done_by_id,
            created_at=activity.created_at,
        )


class ActivityList(BaseModel):
    items: list[ActivityOut]


class MyActivities(BaseModel):
    """The caller's open activities by when they are due (the tenant's today)."""

    today: date
    overdue: list[ActivityOut]
    due_today: list[ActivityOut]
    upcoming: list[ActivityOut]
