"""Citizens following a published plan by email: double opt-in, then one mail per progress update and per
published report, each with a one-click link to stop.

The same pattern as the disclosures' follows (portal/core/follow.py holds what both share): only the SHA-256 of
the confirmation token is stored, the unsubscribe link is signed with the SECRET_KEY. Mails are queued in the
transaction that posts the update or publishes the report, so they go out only if it is committed.
"""

from datetime import datetime

from sqlalchemy import select

from portal.core import follow as follow_links
from portal.core.errors import InvalidInput
from portal.core.follow import check_follower_email, unsubscribe_token
from portal.core.i18n import _
from portal.core.timeutil import utcnow
from portal.extensions import db
from portal.notifications.services import external_url, queue_email
from portal.plans.models import Plan, PlanFollow, PlanStatus, Report, TaskUpdate

UNSUBSCRIBE_SALT = "plan-follow-unsubscribe"


def _mail_context(follow: PlanFollow) -> dict:
    return {
        "plan": follow.plan,
        "plan_url": external_url("plans.show", plan_id=follow.plan_id),
        "unsubscribe_url": external_url("plans.stop_following", token=unsubscribe_token(UNSUBSCRIBE_SALT, follow.id)),
    }


def request_follow(email: str, plan: Plan, *, language: str, now: datetime | None = None) -> PlanFollow:
    """Start following (or follow again): queue the confirmation mail unless the address already follows or was
    just sent one. The caller shows the same answer whatever happened, so the page never tells who follows."""
    now = now or utcnow()
    email = check_follower_email(email)
    if plan.status is not PlanStatus.published:
        raise InvalidInput(_("Only a published plan can be followed."))
    follow, token = follow_links.follow_to_confirm(
        PlanFollow, language=language, now=now, email=email, plan_id=plan.id
    )
    if token is not None:
        context = _mail_context(follow) | {
            "confirm_url": external_url("plans.confirm_following", token=token),
            "valid_days": follow_links.CONFIRMATION_VALID.days,
        }
        message = queue_email(email, "plan_follow_confirm", context, language=language, now=now)
        message.reference = f"plan-follow:{follow.id}"
    return follow


def check_confirmation(token: str, *, now: datetime | None = None) -> PlanFollow:
    """The follow a confirmation link is for, so the page can say what is being confirmed."""
    expired = _("This confirmation link has expired. Ask to follow the plan again.")
    return follow_links.pending_follow(PlanFollow, token, now or utcnow(), expired)


def confirm_follow(token: str, *, now: datetime | None = None) -> PlanFollow:
    """Use the one-time link: from now on the plan's updates and reports are mailed to the address."""
    now = now or utcnow()
    return follow_links.confirm(check_confirmation(token, now=now), now)


def follow_for_unsubscribe(token: str) -> PlanFollow:
    return follow_links.follow_by_unsubscribe_link(PlanFollow, UNSUBSCRIBE_SALT, token)


def stop_following(token: str, *, now: datetime | None = None) -> PlanFollow:
    """One click in any mail: no more mail about this plan for this address (a pending link stops working)."""
    return follow_links.unfollow(follow_for_unsubscribe(token), now or utcnow())


def _followers(plan_id: int) -> list[PlanFollow]:
    return list(db.session.scalars(
        select(PlanFollow)
        .where(PlanFollow.plan_id == plan_id, PlanFollow.confirmed_at.is_not(None),
               PlanFollow.unsubscribed_at.is_(None))
        .order_by(PlanFollow.id)
    ))


def notify_followers(plan: Plan, *, update: TaskUpdate | None = None, report: Report | None = None,
                     now: datetime | None = None) -> int:
    """Queue one mail per confirmed follower of the plan about a progress update or a published report; the
    caller's transaction commits them with the news. Returns how many were queued."""
    now = now or utcnow()
    if update is not None:
        template, reference = "plan_task_updated", f"plan-update:{update.id}"
        news = {"task": update.task, "update": update,
                "link": external_url("plans.task", task_id=update.task_id)}
    else:
        template, reference = "plan_report_published", f"plan-report:{report.id}"
        news = {"report": report, "link": external_url("disclosures.show", disclosure_id=report.disclosure_id)}
    followers = _followers(plan.id)
    for follow in followers:
        message = queue_email(follow.email, template, _mail_context(follow) | news, language=follow.language, now=now)
        message.reference = reference
    return len(followers)
