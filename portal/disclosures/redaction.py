"""Removing personal data that an official wrote into a posted disclosure, without hiding that it happened.

A posted text cannot silently change (DESIGN.md), and personal data must not stay public (Law 91/2025, Access to
Information Law Art. 7): so a unit head may mask passages of a version, and only mask them. The head names the
passages; each is replaced by the mask wherever it stands, nothing else of the text changes, and a correction
remains the way to change wording. The version keeps the hash of the text as posted, which the paper notice and
the approval record carry: anyone holding the posted text can still check it. The hash of the text shown after
the redaction, the time and the public reason are written on the version and in the posting record.
"""

from datetime import datetime

from portal.accounts.access import has_role
from portal.accounts.models import Role, User
from portal.core.audit import record_about
from portal.core.errors import InvalidInput, InvalidTransition, NotAllowed
from portal.core.i18n import _, _l
from portal.core.redact import MASK, personal_data, redact
from portal.core.sanitize import markdown_to_safe_html
from portal.core.text import checked_text
from portal.core.timeutil import utcnow
from portal.disclosures.models import Disclosure, DisclosureStatus, DisclosureVersion
from portal.disclosures.services import MAX_REASON, content_hash, status_of
from portal.extensions import db

MAX_PASSAGES = 100

# Messages the feature's forms show too: written here once.
VERSION_MISSING = _l("Choose one of the versions of this disclosure.")
PASSAGES_MISSING = _l("Enter the passages to remove, one per line, as they stand in the text.")
REDACTION_REASON_MISSING = _l("Enter the reason for removing the passages. It will be shown publicly.")


def may_redact(actor: User, disclosure: Disclosure, now: datetime) -> bool:
    """The unit head, once the disclosure is no longer a draft (a draft is not public: it is simply corrected)."""
    return has_role(actor, disclosure.unit, {Role.unit_head}) and status_of(disclosure, now) != DisclosureStatus.draft


def check_may_redact(actor: User, disclosure: Disclosure, now: datetime) -> None:
    if not may_redact(actor, disclosure, now):
        raise NotAllowed(_("Only the head of the unit may remove personal data from a posted disclosure."))


def suggested_passages(version: DisclosureVersion) -> list[str]:
    """What looks like personal data in the version's text, for the head to confirm or trim."""
    return personal_data(version.body_markdown)


def redact_version(actor: User, disclosure: Disclosure, number: int, passages: list[str], reason: str, *,
                   now: datetime | None = None) -> DisclosureVersion:
    """Mask the passages everywhere in version `number` and record when, why and the hashes before and after."""
    now = now or utcnow()
    if not has_role(actor, disclosure.unit, {Role.unit_head}):
        raise NotAllowed(_("Only the head of the unit may remove personal data from a disclosure."))
    if status_of(disclosure, now) == DisclosureStatus.draft:
        raise InvalidTransition(_("A draft is not public yet: change its text before it is approved."))
    version = next((v for v in disclosure.versions if v.number == number), None)
    if version is None:
        raise InvalidInput(VERSION_MISSING, field="version")
    reason = redact(checked_text(
        reason,
        MAX_REASON,
        REDACTION_REASON_MISSING,
        _("Enter a reason of at most %(count)d characters.", count=MAX_REASON),
    ))
    wanted = list(dict.fromkeys(passage.strip() for passage in passages if passage.strip() and passage.strip() != MASK))
    if not wanted:
        raise InvalidInput(PASSAGES_MISSING,
                           field="passages")
    if len(wanted) > MAX_PASSAGES:
        raise InvalidInput(_("Enter at most %(count)d passages.", count=MAX_PASSAGES), field="passages")
    body = version.body_markdown
    for passage in sorted(wanted, key=len, reverse=True):
        if passage not in body:
            raise InvalidInput(
                _("The passage “%(passage)s” is not in version %(number)d. Copy it exactly as it stands in the text.",
                  passage=passage, number=number),
                field="passages",
            )
        body = body.replace(passage, MASK)
    shown_before = version.redacted_sha256 or version.content_sha256
    version.body_markdown = body
    version.body_html = markdown_to_safe_html(body)
    version.redacted_sha256 = content_hash(
        disclosure.title, disclosure.document_number, body, [a.sha256 for a in disclosure.attachments]
    )
    version.redacted_at, version.redaction_reason = now, reason
    db.session.flush()
    record_about(
        disclosure, "disclosures.redacted", "disclosure", actor=actor, now=now,
        details={
            "version": number,
            "reason": reason,
            "passages": len(wanted),
            "posted_sha256": version.content_sha256,
            "previous_sha256": shown_before,
            "redacted_sha256": version.redacted_sha256,
        },
    )
    return version
