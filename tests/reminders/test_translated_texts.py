"""A reminder text reaches every recipient in their own language, in the inbox and by e-mail."""

from __future__ import annotations

from datetime import date

import pytest

from core.i18n.translate import pack_messages, translate
from core.records import DueReminder, ReminderRule, Translatable
from core.reminders.inbox import list_notifications
from core.reminders.run import run_reminders
from core.smtp.service import set_smtp_settings

ON = date(2026, 5, 3)
ENDS = Translatable("Campaign %(name)s ends today: %(offer)s", {"name": "春节", "offer": "9折"}, "retail")


@pytest.fixture
def campaign_rule(monkeypatch):
    """Only one rule, a pack's, whose text is a message of the retail pack's catalog."""
    rule = ReminderRule(
        "test-campaign",
        "Campaign",
        lambda **_: [DueReminder("campaign:1", ON, text=ENDS)],
        titles={"zh_Hans": "活动", "zh_Hant": "活動"},
    )
    monkeypatch.setattr("core.reminders.run.reminder_rules", lambda **_: {rule.key: rule})
    monkeypatch.setattr("core.reminders.mail.reminder_rules", lambda **_: {rule.key: rule})


def test_each_recipient_reads_a_reminder_in_their_own_language(
    guanxi_engine, guanxi_registry, make_tenant, make_user, uow, smtp_server, campaign_rule
):
    host, port, inbox = smtp_server
    tenant = make_tenant(locale="zh_Hans")
    owner = make_user(tenant, role="owner", locale="en")
    admin = make_user(tenant, role="admin", locale="zh_Hant")
    with uow(tenant) as session:
        set_smtp_settings(
            session=session, tenant=tenant, host=host, port=port, starttls=False, sender="a@b.cn"
        )

    report = run_reminders(engine=guanxi_engine, registry=guanxi_registry, tenant=tenant, on=ON)
    assert report.rule_errors == [] and report.email_errors == [] and report.emails_sent == 1

    with uow(tenant) as session:
        [for_owner] = list_notifications(session=session, user=owner)
        [for_admin] = list_notifications(session=session, user=admin)
    assert for_owner.title == "Campaign: Campaign 春节 ends today: 9折"
    assert for_admin.title == "活動: 活動 春节 今天結束：9折"
    bodies = {m["To"]: m.get_payload(decode=True).decode("utf-8") for m in inbox.messages}
    assert "Campaign 春节 ends today: 9折" in bodies[owner.email]
    assert "活動 春节 今天結束：9折" in bodies[admin.email]


def test_a_translation_that_does_not_fit_its_arguments_falls_back_to_english(monkeypatch, guanxi_registry):
    monkeypatch.setattr(
        "core.i18n.translate._translations",
        lambda locale, dirs: type("Broken", (), {"gettext": staticmethod(lambda m: "%(missing)s")})(),
    )
    assert translate(ENDS, "zh_Hans", registry=guanxi_registry) == "Campaign 春节 ends today: 9折"


def test_pack_messages_translate_for_one_reader_or_later(guanxi_registry):
    _ = pack_messages("retail", guanxi_registry)
    message = _("Campaign %(name)s ends today: %(offer)s", name="A", offer="B")
    assert message == Translatable(
        "Campaign %(name)s ends today: %(offer)s", {"name": "A", "offer": "B"}, "retail"
    )
    assert _.for_locale("zh_Hans")("Orders") == "订单"
    assert translate("plain text stays as it is", "zh_Hant") == "plain text stays as it is"


def test_a_message_for_the_caller_follows_the_users_language_then_the_tenants(guanxi_registry):
    from types import SimpleNamespace

    _ = pack_messages("retail")  # the caller brings the registry, as a request's caller does
    tenant = SimpleNamespace(locale="zh_Hans")
    api_caller = SimpleNamespace(
        user=SimpleNamespace(locale="zh_Hant"), tenant=tenant, registry=guanxi_registry
    )
    no_choice = SimpleNamespace(user=SimpleNamespace(locale=None), tenant=tenant, registry=guanxi_registry)
    assert _.for_caller(api_caller)("Orders") == "訂單"
    assert _.for_caller(no_choice)("Orders") == "订单"
