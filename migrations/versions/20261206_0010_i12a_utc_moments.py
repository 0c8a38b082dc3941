"""every moment in UTC on SQLite: Vietnamese wall-clock times converted, and the text marked "+00:00"

SQLite has no time zones, and the DateTime type wrote whatever clock a datetime carried without its offset. Most
moments were written from utcnow() and are UTC already. Disclosures, though, were given Vietnamese wall-clock
moments (Asia/Ho_Chi_Minh, UTC+7 since 1975) that were read back as UTC, 7 hours late:
- disclosures.posting_end, always midnight after the last day of posting (services.posting_end);
- the first moment of a posting day chosen in a form or the API, and the demo's 08:00, in disclosures.posting_start
  and, through a correction, replaced_at; the demo also wrote its 08:00 into disclosures.created_at and approved_at,
  disclosure_versions.created_at and audit_events.occurred_at. Those values are whole seconds (".000000"); a moment
  from utcnow() has microseconds, so microseconds of zero tell which rows of these columns were written locally.
Those rows move back 7 hours. Every moment then gets the "+00:00" suffix that portal.core.types.UTCDateTime writes,
so a row with the suffix is never converted again: running this twice changes nothing. PostgreSQL's timestamptz
stored the offsets correctly and is left alone. The append-only histories (audit_events, case_events) keep their
guard against updates except while their text is rewritten here: the moments they record stay the same moments.

Revision ID: 0010_i12a_utc
Revises: 0009_i12c
Create Date: 2026-12-06 15:30:00.000000

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0010_i12a_utc'
down_revision = '0009_i12c'
branch_labels = None
depends_on = None

MOMENTS = {
    'api_tokens': ('created_at', 'last_used_at', 'revoked_at'),
    'attachments': ('created_at',),
    'audit_events': ('occurred_at',),
    'calendar_days': ('created_at',),
    'case_events': ('occurred_at',),
    'case_files': ('created_at',),
    'cases': ('published_at', 'received_at', 'accepted_at', 'awaiting_since', 'answered_at', 'closed_at',
              'rated_at', 'conclusion_published_at', 'updated_at'),
    'disclosure_announcements': ('announced_at',),
    'disclosure_categories': ('created_at',),
    'disclosure_follows': ('created_at', 'confirm_sent_at', 'confirmed_at', 'unsubscribed_at'),
    'disclosure_versions': ('created_at', 'redacted_at'),
    'disclosures': ('posting_start', 'posting_end', 'created_at', 'approved_at', 'withdrawn_at', 'replaced_at'),
    'invitations': ('expires_at', 'used_at', 'created_at'),
    'legal_periods': ('created_at',),
    'memberships': ('created_at',),
    'outbox_messages': ('created_at', 'next_attempt_at', 'sent_at'),
    'routing_rules': ('created_at',),
    'units': ('created_at',),
    'users': ('totp_confirmed_at', 'locked_until', 'last_login_at', 'created_at'),
}
ALWAYS_LOCAL = {('disclosures', 'posting_end')}
LOCAL_WHEN_WHOLE_SECONDS = {
    ('disclosures', 'posting_start'), ('disclosures', 'replaced_at'), ('disclosures', 'created_at'),
    ('disclosures', 'approved_at'), ('disclosure_versions', 'created_at'), ('audit_events', 'occurred_at'),
}
APPEND_ONLY = ('audit_events', 'case_events')
SUFFIX = '+00:00'
# The old text: "YYYY-MM-DD HH:MM:SS.ffffff" (SQLAlchemy's form), or without the fraction (SQLite's own).
FRACTION = "CASE WHEN length({c}) = 19 THEN '.000000' ELSE substr({c}, 20, 7) END"


def _local_rows(table, column):
    if (table, column) in ALWAYS_LOCAL:
        return 'TRUE'
    if (table, column) in LOCAL_WHEN_WHOLE_SECONDS:
        return f"(length({column}) = 19 OR substr({column}, 20, 7) = '.000000')"
    return 'FALSE'


def _rewrite(table, set_clause, where_clause):
    if table in APPEND_ONLY:
        op.execute(f"DROP TRIGGER {table}_no_update")
    op.execute(f"UPDATE {table} SET {set_clause} WHERE {where_clause}")
    if table in APPEND_ONLY:
        op.execute(
            f"CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table} "
            f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END"
        )


def upgrade():
    if op.get_bind().dialect.name != 'sqlite':
        return
    for table, columns in MOMENTS.items():
        for column in columns:
            _rewrite(
                table,
                f"{column} = CASE WHEN {_local_rows(table, column)} "
                f"THEN datetime({column}, '-7 hours') ELSE substr({column}, 1, 19) END "
                f"|| {FRACTION.format(c=column)} || '{SUFFIX}'",
                f"{column} IS NOT NULL AND {column} NOT LIKE '%{SUFFIX}'",
            )


def downgrade():
    if op.get_bind().dialect.name != 'sqlite':
        return
    for table, columns in MOMENTS.items():
        for column in columns:
            _rewrite(
                table,
                f"{column} = CASE WHEN {_local_rows(table, column)} "
                f"THEN datetime({column}, '+7 hours') || substr({column}, 20, 7) ELSE substr({column}, 1, 26) END",
                f"{column} LIKE '%{SUFFIX}'",
            )
