"""Plans' periodic job: each morning, the officials who must make a report due within 14 days are reminded once."""

from portal.core.jobs import register_job
from portal.plans.reports import queue_report_reminders

register_job("plans-report-reminders", queue_report_reminders, hour="7", minute="10")
