"""Citizens following a unit's disclosures by email, and the mail announcing each disclosure that goes live.

Following is double opt-in: the address receives nothing but the confirmation mail until its one-time link is
used; only the SHA-256 of that link's token is stored. Every mail carries an unsubscribe link signed with the
SECRET_KEY (nothing stored, valid for as long as the key is).

A disclosure goes live at its posting start with nobody pressing a button, so a periodic job looks for public
disclosures that are posted and not yet announced, and records each announcement under a unique key before
queueing its mail: whatever runs twice, a disclosure is announced once. A follower hears only of disclosures
that went live after they confirmed.
"""

from datetime import datetime

from sqlalchemy import and_, exists, or_, select
from sqlalchemy.exc import IntegrityError

from portal.core import follow as follow_links
from portal.core.errors import InvalidInput
from portal.core.follow import check_follower_email
from portal.core.i18n import _
from portal.core.timeutil import utcnow
from portal.disclosures import lists
from portal.disclosures.models import (
    Audience,
    Disclosure,
    DisclosureAnnouncement,
    DisclosureCategory,
    DisclosureFollow,
    DisclosureStatus,
)
from portal.extensions import db
from portal.notifications.services import external_url, queue_email
from portal.units.models import Unit

UNSUBSCRIBE_SALT = "disclosure-follow-unsubscribe"


def unsubscribe_token(follow: DisclosureFollow) -> str:
    return follow_links.unsubscribe_token(UNSUBSCRIBE_SALT, follow.id)


def _mail_context(follow: DisclosureFollow) -> dict:
    return {
        "unit": follow.unit,
        "category": follow.category.name(follow.language) if follow.category else None,
        "unsubscribe_url": external_url("disclosures.stop_following", token=unsubscribe_token(follow)),
    }


def request_follow(
    email: str, unit: Unit, category: DisclosureCategory | None, *, language: str, now: datetime | None = None
) -> DisclosureFollow:
    """Start following (or follow again): queue the confirmation mail unless the address already follows.

    The caller shows the same answer whatever happened, so the page never tells whether an address follows.
    """
    now = now or utcnow()
    email = check_follower_email(email)
    if category is not None and category.audience != Audience.public:
        raise InvalidInput(_("Choose a category of public disclosures."))
    follow, token = follow_links.follow_to_confirm(
        DisclosureFollow, language=language, now=now,
        email=email, unit_id=unit.id, category_id=category.id if category else None,
    )
    if token is not None:
        context = _mail_context(follow) | {
            "confirm_url": external_url("disclosures.confirm_following", token=token),
            "valid_days": follow_links.CONFIRMATION_VALID.days,
        }
        queue_email(email, "follow_confirm", context, language=language, now=now).reference = f"follow:{follow.id}"
    return follow


def _pending_follow(token: str, now: datetime) -> DisclosureFollow:
    expired = _("This confirmation link has expired. Ask to follow the disclosures again.")
    return follow_links.pending_follow(DisclosureFollow, token, now, expired)


def check_confirmation(token: str, *, now: datetime | None = None) -> DisclosureFollow:
    """The follow a confirmation link is for, so the page can say what is being confirmed."""
    return _pending_follow(token, now or utcnow())


def confirm_follow(token: str, *, now: datetime | None = None) -> DisclosureFollow:
    """Use the one-time link: from now on, disclosures that go live are mailed to the address."""
    now = now or utcnow()
    return follow_links.confirm(_pending_follow(token, now), now)


def follow_for_unsubscribe(token: str) -> DisclosureFollow:
    return follow_links.follow_by_unsubscribe_link(DisclosureFollow, UNSUBSCRIBE_SALT, token)


def stop_following(token: str, *, now: datetime | None = None) -> DisclosureFollow:
    """One click in any mail: no more mail for this address, unit and category (a pending link stops working)."""
    return follow_links.unfollow(follow_for_unsubscribe(token), now or utcnow())


def _follows(disclosure=Disclosure):
    """Followers of the disclosure (a row, or the column in a correlated query) who confirmed no later than it
    went live (approval moves a past posting start to the moment of approval) and still follow."""
    return and_(
        DisclosureFollow.confirmed_at.is_not(None),
        DisclosureFollow.unsubscribed_at.is_(None),
        DisclosureFollow.confirmed_at <= disclosure.posting_start,
        DisclosureFollow.unit_id == disclosure.unit_id,
        or_(DisclosureFollow.category_id.is_(None), DisclosureFollow.category_id == disclosure.category_id),
    )


def _unannounced_posted(now: datetime) -> list[Disclosure]:
    announced = exists().where(DisclosureAnnouncement.disclosure_id == Disclosure.id)
    statement = (
        lists.public_disclosures()
        .where(exists().where(_follows()), ~announced)
        .order_by(Disclosure.posting_start, Disclosure.id)
    )
    return list(db.session.scalars(lists.status_filter(statement, DisclosureStatus.posted, now)))


def announce_posted_disclosures(*, now: datetime | None = None) -> int:
    """Queue one mail per follower for each public disclosure that went live and was not announced; flushes.

    The announcement row is inserted first, in a savepoint: if another worker announced the same disclosure
    meanwhile, its unique key refuses this one and no mail is queued twice.
    """
    now = now or utcnow()
    announced = 0
    for disclosure in _unannounced_posted(now):
        try:
            with db.session.begin_nested():
                announcement = DisclosureAnnouncement(disclosure_id=disclosure.id, announced_at=now)
                db.session.add(announcement)
        except IntegrityError:
            continue
        followers = db.session.scalars(
            select(DisclosureFollow).where(_follows(disclosure)).order_by(DisclosureFollow.id)
        ).all()
        for follow in followers:
            context = _mail_context(follow) | {
                "disclosure": disclosure,
                "category": disclosure.category.name(follow.language),
                "last_day": disclosure.posting_last_day,
                "link": external_url("disclosures.show", disclosure_id=disclosure.id),
            }
            message = queue_email(follow.email, "disclosure_posted", context, language=follow.language, now=now)
            message.reference = f"disclosure:{disclosure.id}"
        announcement.recipients = len(followers)
        announced += 1
    db.session.flush()
    return announced
