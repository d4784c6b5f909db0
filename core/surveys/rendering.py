"""The survey page a customer sees, in the tenant's language (one template, words per locale)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape

from core.models import Tenant
from core.reminders.recipients import locale_of
from core.surveys.models import Survey
from core.surveys.service import SCALES

WORDS: dict[str, dict[str, dict[str, str]]] = {
    "en": {
        "csat": {
            "question": "How satisfied are you with our service?",
            "low": "very unsatisfied",
            "high": "very satisfied",
        },
        "nps": {
            "question": "How likely are you to recommend us to a friend or colleague?",
            "low": "not at all likely",
            "high": "extremely likely",
        },
        "": {
            "title": "Your opinion",
            "comment": "Anything you would like to add? (optional)",
            "submit": "Send",
            "thanks": "Thank you for your answer!",
            "answered": "This survey has already been answered. Thank you!",
            "expired": "This survey link has expired.",
            "invalid": "Please choose a score.",
        },
    },
    "zh_Hans": {
        "csat": {"question": "您对我们的服务满意吗？", "low": "非常不满意", "high": "非常满意"},
        "nps": {"question": "您有多大可能把我们推荐给朋友或同事？", "low": "完全不可能", "high": "非常可能"},
        "": {
            "title": "您的意见",
            "comment": "还有什么想告诉我们的吗？（选填）",
            "submit": "提交",
            "thanks": "感谢您的反馈！",
            "answered": "此问卷已填写，谢谢！",
            "expired": "此问卷链接已过期。",
            "invalid": "请选择一个分数。",
        },
    },
    "zh_Hant": {
        "csat": {"question": "您對我們的服務滿意嗎？", "low": "非常不滿意", "high": "非常滿意"},
        "nps": {"question": "您有多大可能把我們推薦給朋友或同事？", "low": "完全不可能", "high": "非常可能"},
        "": {
            "title": "您的意見",
            "comment": "還有什麼想告訴我們的嗎？（選填）",
            "submit": "提交",
            "thanks": "感謝您的回饋！",
            "answered": "此問卷已填寫，謝謝！",
            "expired": "此問卷連結已過期。",
            "invalid": "請選擇一個分數。",
        },
    },
}
_LANG = {"en": "en", "zh_Hans": "zh-Hans", "zh_Hant": "zh-Hant"}


@lru_cache(maxsize=1)
def _environment() -> Environment:
    return Environment(
        loader=FileSystemLoader(Path(__file__).parent / "templates"), autoescape=select_autoescape(["html"])
    )


def words(tenant: Tenant, kind: str = "") -> dict[str, str]:
    locale = locale_of(None, tenant)
    return {**WORDS[locale][""], **(WORDS[locale].get(kind) or {})}


def render_survey(
    *, tenant: Tenant, survey: Survey | None, open_: bool, message: str = "", error: bool = False
) -> str:
    kind = survey.kind if survey is not None else "csat"
    low, high = SCALES[kind]
    context: dict[str, Any] = {
        "tenant": tenant,
        "t": words(tenant, kind),
        "low": low,
        "high": high,
        "open": open_,
        "message": message,
        "error": error,
        "lang": _LANG[locale_of(None, tenant)],
    }
    return _environment().get_template("survey.html").render(context)
