"""Dialogues' periodic job: each morning, a commitment that became overdue is told once to those who asked and to the
body that owes it."""

from portal.core.jobs import register_job
from portal.dialogues.commitments import tell_overdue_commitments

register_job("dialogues-overdue-commitments", tell_overdue_commitments, hour="7", minute="20")
