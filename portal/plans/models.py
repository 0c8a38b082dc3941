"""A plan as a living thing: its tasks in the document's own tree, who does each and by when, progress, and reports.

Statuses are never stored. A plan's follows from when it was approved and published; a task's from its dates and
its updates; a report's from its due date and when it was submitted. Each is computed in one property that takes
`today`, so a page, the API and a test pinned to a date all agree.
"""

from datetime import date, datetime

from sqlalchemy import JSON, Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.accounts.models import User
from portal.core.columns import StoredFile, link_table, owned, owner_key
from portal.core.enums import TitledEnum
from portal.core.follow import FollowColumns
from portal.core.i18n import _l
from portal.core.timeutil import utcnow
from portal.core.types import UTCDateTime
from portal.disclosures.models import Disclosure
from portal.extensions import db
from portal.units.models import Unit


# The statuses of a plan, a task and a report: each list is its own stored vocabulary,
# alike in shape only to other features' lists (see core/enums.py).
class PlanStatus(TitledEnum):
    draft = "draft", _l("Draft")
    submitted = "submitted", _l("Sent for approval")
    approved = "approved", _l("Approved")
    published = "published", _l("Published")


class TaskStatus(TitledEnum):
    not_started = "not_started", _l("Not started")
    in_progress = "in_progress", _l("In progress")
    done = "done", _l("Done")
    overdue = "overdue", _l("Overdue")


class ReportStatus(TitledEnum):
    upcoming = "upcoming", _l("Not yet due")
    on_time = "on_time", _l("Submitted on time")
    late = "late", _l("Submitted late")
    missing = "missing", _l("Missing")


class Plan(db.Model):
    """A unit's plan ("Kế hoạch"), read from its document and checked by an official before it is published."""

    __tablename__ = "plans"

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    number: Mapped[str] = mapped_column(String(100), default="")
    issued_on: Mapped[date | None] = mapped_column(Date)
    place: Mapped[str] = mapped_column(String(200), default="")
    issuer_text: Mapped[str] = mapped_column(String(300), default="")
    issuer_unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))
    title: Mapped[str] = mapped_column(String(500))
    legal_bases: Mapped[list[str]] = mapped_column(JSON, default=list)
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    unread: Mapped[list[str]] = mapped_column(JSON, default=list)
    disclosure_id: Mapped[int | None] = mapped_column(ForeignKey("disclosures.id"), index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    source_filename: Mapped[str] = mapped_column(String(255), default="", server_default="")
    source_content_type: Mapped[str] = mapped_column(String(100), default="", server_default="")
    source_sha256: Mapped[str | None] = mapped_column(String(64))
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    submitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    returned_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    return_note: Mapped[str] = mapped_column(Text, default="", server_default="")

    unit: Mapped[Unit] = relationship(foreign_keys=[unit_id])
    issuer_unit: Mapped[Unit | None] = relationship(foreign_keys=[issuer_unit_id])
    disclosure: Mapped[Disclosure | None] = relationship()
    tasks: Mapped[list["PlanTask"]] = owned("PlanTask.position", back_populates="plan")
    report_duties: Mapped[list["ReportDuty"]] = owned("ReportDuty.id", back_populates="plan")

    @property
    def status(self) -> PlanStatus:
        if self.published_at is not None:
            return PlanStatus.published
        if self.approved_at is not None:
            return PlanStatus.approved
        if self.submitted_at is not None and (self.returned_at is None or self.submitted_at > self.returned_at):
            return PlanStatus.submitted
        return PlanStatus.draft

    @property
    def root_tasks(self) -> list["PlanTask"]:
        return [task for task in self.tasks if task.parent is None]

    @property
    def reports(self) -> list["Report"]:
        """Every report the plan demands, duty by duty, each in due order."""
        return [report for duty in self.report_duties for report in duty.reports]


plan_task_cooperators = link_table("plan_task_cooperators", ("task_id", "plan_tasks.id"), ("unit_id", "units.id"))


class PlanTask(db.Model):
    """A task as the document numbers it ("II.", "1.", "a)", "-"), with its bodies as written and as matched.

    A body the portal could not match to a unit keeps its name in `lead_text` or `cooperating_text`, with no unit,
    for the official to pick.
    """

    __tablename__ = "plan_tasks"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = owner_key("plans.id")
    parent_id: Mapped[int | None] = owner_key("plan_tasks.id")
    position: Mapped[int] = mapped_column(Integer)
    number: Mapped[str] = mapped_column(String(32), default="")
    text: Mapped[str] = mapped_column(Text)
    lead_text: Mapped[str] = mapped_column(String(300), default="")
    lead_unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"), index=True)
    cooperating_text: Mapped[list[str]] = mapped_column(JSON, default=list)
    timeframe_text: Mapped[str] = mapped_column(String(300), default="")
    starts_on: Mapped[date | None] = mapped_column(Date)
    ends_on: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    plan: Mapped[Plan] = relationship(back_populates="tasks")
    parent: Mapped["PlanTask | None"] = relationship(remote_side=[id], back_populates="children")
    children: Mapped[list["PlanTask"]] = relationship(back_populates="parent", order_by="PlanTask.position")
    lead_unit: Mapped[Unit | None] = relationship()
    cooperating_units: Mapped[list[Unit]] = relationship(secondary=plan_task_cooperators, order_by="Unit.name")
    updates: Mapped[list["TaskUpdate"]] = owned("(TaskUpdate.reported_on, TaskUpdate.id)", back_populates="task")

    @property
    def latest_update(self) -> "TaskUpdate | None":
        return self.updates[-1] if self.updates else None

    @property
    def progress(self) -> int:
        """A heading's is the mean of its children's; a task's the latest percent reported, 100 once done."""
        if self.children:
            return round(sum(child.progress for child in self.children) / len(self.children))
        latest = self.latest_update
        if latest is None:
            return 0
        if latest.is_done:
            return 100
        return latest.percent or 0

    def status_on(self, today: date) -> TaskStatus:
        """The one place a task's status is decided: done by an update, overdue after its end, else by its dates.

        A heading (a task with sub-tasks) follows its children: done when all are, overdue when one is or its own
        end has passed unfinished, in progress once one has begun."""
        latest = self.latest_update
        if latest is not None and (latest.is_done or latest.percent == 100):
            return TaskStatus.done
        if self.children:
            return self._status_from_children(today)
        if self.ends_on is not None and self.ends_on < today:
            return TaskStatus.overdue
        if latest is not None or (self.starts_on is not None and self.starts_on <= today):
            return TaskStatus.in_progress
        return TaskStatus.not_started

    def _status_from_children(self, today: date) -> TaskStatus:
        statuses = {child.status_on(today) for child in self.children}
        if statuses == {TaskStatus.done}:
            return TaskStatus.done
        if TaskStatus.overdue in statuses or (self.ends_on is not None and self.ends_on < today):
            return TaskStatus.overdue
        if statuses & {TaskStatus.in_progress, TaskStatus.done}:
            return TaskStatus.in_progress
        return TaskStatus.not_started

    @property
    def deadline(self) -> date:
        """The date the task must be done by, for sorting: its own end, else its plan's."""
        return self.ends_on or self.plan.ends_on


class TaskUpdate(db.Model):
    """Dated progress on a task, as the responsible body reports it: what was done, how far, evidence attached."""

    __tablename__ = "plan_task_updates"

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = owner_key("plan_tasks.id")
    reported_on: Mapped[date] = mapped_column(Date)
    text: Mapped[str] = mapped_column(Text)
    percent: Mapped[int | None] = mapped_column(Integer)
    is_done: Mapped[bool] = mapped_column(default=False)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    task: Mapped[PlanTask] = relationship(back_populates="updates")
    author: Mapped[User | None] = relationship()
    files: Mapped[list["TaskUpdateFile"]] = owned("TaskUpdateFile.id", back_populates="update")


class TaskUpdateFile(StoredFile, db.Model):
    """Evidence for an update, kept by content hash in the portal's file storage like every other upload."""

    __tablename__ = "plan_task_update_files"

    id: Mapped[int] = mapped_column(primary_key=True)
    update_id: Mapped[int] = owner_key("plan_task_updates.id")

    update: Mapped[TaskUpdate] = relationship(back_populates="files")


class ReportDuty(db.Model):
    """A report the plan demands, with its recurrence as written; each due date becomes one Report."""

    __tablename__ = "plan_report_duties"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = owner_key("plans.id")
    recurrence_text: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(32))
    maker_text: Mapped[str] = mapped_column(String(300), default="")
    maker_unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"), index=True)
    recipient_text: Mapped[str] = mapped_column(String(300), default="")
    recipient_unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))
    via_text: Mapped[str] = mapped_column(String(300), default="")

    plan: Mapped[Plan] = relationship(back_populates="report_duties")
    maker_unit: Mapped[Unit | None] = relationship(foreign_keys=[maker_unit_id])
    recipient_unit: Mapped[Unit | None] = relationship(foreign_keys=[recipient_unit_id])
    reports: Mapped[list["Report"]] = owned("Report.due_on", back_populates="duty")


class Report(db.Model):
    """One report due on one date; submitted (with its body, published as a disclosure) or not."""

    __tablename__ = "plan_reports"

    id: Mapped[int] = mapped_column(primary_key=True)
    duty_id: Mapped[int] = owner_key("plan_report_duties.id")
    due_on: Mapped[date] = mapped_column(Date, index=True)
    submitted_on: Mapped[date | None] = mapped_column(Date)
    body: Mapped[str] = mapped_column(Text, default="")
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    disclosure_id: Mapped[int | None] = mapped_column(ForeignKey("disclosures.id"))
    announced_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    duty: Mapped[ReportDuty] = relationship(back_populates="reports")
    author: Mapped[User | None] = relationship()
    disclosure: Mapped[Disclosure | None] = relationship()

    def status_on(self, today: date) -> ReportStatus:
        """On time when submitted by its due date, late after it, missing once the date has passed without one."""
        if self.submitted_on is not None:
            return ReportStatus.on_time if self.submitted_on <= self.due_on else ReportStatus.late
        return ReportStatus.missing if self.due_on < today else ReportStatus.upcoming


class PlanFollow(FollowColumns, db.Model):
    """An email address that follows one published plan: its progress updates and published reports.

    Double opt-in: nothing is mailed until `confirmed_at`, set by the one-time link mailed to it; only the SHA-256
    of that link's token is kept.
    """

    __tablename__ = "plan_follows"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = owner_key("plans.id")

    plan: Mapped[Plan] = relationship()
