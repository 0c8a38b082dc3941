"""The queue's periodic job: each working morning, the digest of each unit and the reminders of cases due soon."""

from portal.casework.reminders import queue_reminders
from portal.core.jobs import register_job

register_job("cases-daily-reminders", queue_reminders, hour="7", minute="0")
