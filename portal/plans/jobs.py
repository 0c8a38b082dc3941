"""Plans' periodic jobs: each morning, the officials who must make a report due within 14 days are reminded once;
every minute, a report the head approved after its maker submitted it is announced to the plan's followers."""

from portal.core.jobs import register_job
from portal.plans.reports import announce_approved_reports, queue_report_reminders

register_job("plans-report-reminders", queue_report_reminders, hour="7", minute="10")
register_job("plans-announce-approved-reports", announce_approved_reports)
