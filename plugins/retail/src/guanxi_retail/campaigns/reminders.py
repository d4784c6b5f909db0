"""Reminder rules: campaign start and end, and members' birthday offers, delivered by core's
reminders (in-app and e-mail) to the team.

* ``retail-campaign``: a campaign without a core promotion starts or ends today (campaigns with a
  promotion are announced by core's promotion reminders; announcing them here too would double).
* ``retail-birthday-offer``: a member (a customer with an order) has a birthday in
  ``birthday_notice_days`` days and the tenant set a birthday offer; it goes to the customer's owner.

Each is one query for the whole tenant.
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import exists, or_, select
from sqlmodel import Session, col

from sdk import Customer, DueReminder, ReminderRule, Tenant, birthday_on, pack_messages

from ..loyalty.expiry import settings_of
from ..orders.models import RetailOrder
from .models import RetailCampaign

#: Reminder texts are translated for each recipient when delivered, not in the tenant's language.
_ = pack_messages("retail")


def campaigns_due(*, session: Session, tenant: Tenant, on: date) -> list[DueReminder]:
    rows = session.execute(
        select(RetailCampaign).where(
            col(RetailCampaign.tenant_id) == tenant.id,
            col(RetailCampaign.promotion_id).is_(None),
            or_(col(RetailCampaign.starts_on) == on, col(RetailCampaign.ends_on) == on),
        )
    ).scalars()
    due = []
    for campaign in rows:
        if campaign.starts_on == on:
            text = _(
                "Campaign %(name)s starts today for %(count)s customers: %(offer)s",
                name=campaign.name,
                count=campaign.audience_size,
                offer=campaign.offer,
            )
        else:
            text = _("Campaign %(name)s ends today: %(offer)s", name=campaign.name, offer=campaign.offer)
        due.append(DueReminder(subject=f"retail-campaign:{campaign.id}", due_on=on, text=text))
    return due


def birthday_offers_due(*, session: Session, tenant: Tenant, on: date) -> list[DueReminder]:
    settings = settings_of(session=session, tenant=tenant)
    if not settings.birthday_offer:
        return []
    birthday = on + timedelta(days=settings.birthday_notice_days)
    shopper = exists().where(
        col(RetailOrder.tenant_id) == tenant.id, col(RetailOrder.customer_id) == Customer.id
    )
    rows = session.execute(
        select(col(Customer.id), col(Customer.name)).where(
            col(Customer.tenant_id) == tenant.id,
            col(Customer.deleted_at).is_(None),
            birthday_on(birthday),
            shopper,
        )
    )
    return [
        DueReminder(
            subject=f"customer:{customer_id}",
            due_on=on,
            customer_id=customer_id,
            text=_(
                "Birthday of %(name)s on %(day)s: offer %(offer)s",
                name=name,
                day=birthday.isoformat(),
                offer=settings.birthday_offer,
            ),
        )
        for customer_id, name in rows
    ]


def reminder_rules() -> list[ReminderRule]:
    return [
        ReminderRule(
            "retail-campaign",
            "Retail campaign starts or ends",
            campaigns_due,
            titles={"zh_Hans": "零售活动开始或结束", "zh_Hant": "零售活動開始或結束"},
        ),
        ReminderRule(
            "retail-birthday-offer",
            "Retail birthday offer",
            birthday_offers_due,
            titles={"zh_Hans": "零售生日优惠", "zh_Hant": "零售生日優惠"},
        ),
    ]
