"""The outbox's periodic job: every minute, send what is due (see worker.py for why mail leaves only this way)."""

from portal.core.jobs import register_job
from portal.notifications.services import deliver_pending

DELIVER_MAIL = register_job("deliver-mail", deliver_pending)
