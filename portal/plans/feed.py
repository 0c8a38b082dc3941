"""What the Atom feed of a unit's plans carries: each plan as it is published and each progress update on its
tasks, newest first. The feed itself is a template, as the disclosures' feed is (portal/disclosures/feeds.py)."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from portal.extensions import db
from portal.plans.models import Plan, PlanTask, TaskUpdate
from portal.units.models import Unit

FEED_LENGTH = 50


@dataclass(frozen=True)
class FeedItem:
    moment: datetime
    plan: Plan
    update: TaskUpdate | None = None


def feed_items(unit: Unit, limit: int = FEED_LENGTH) -> list[FeedItem]:
    plans = db.session.scalars(
        select(Plan)
        .where(Plan.unit_id == unit.id, Plan.published_at.is_not(None))
        .order_by(Plan.published_at.desc(), Plan.id.desc())
        .limit(limit)
    )
    updates = db.session.scalars(
        select(TaskUpdate)
        .join(PlanTask, PlanTask.id == TaskUpdate.task_id)
        .join(Plan, Plan.id == PlanTask.plan_id)
        .where(Plan.unit_id == unit.id, Plan.published_at.is_not(None))
        .options(selectinload(TaskUpdate.task).selectinload(PlanTask.plan), selectinload(TaskUpdate.files))
        .order_by(TaskUpdate.created_at.desc(), TaskUpdate.id.desc())
        .limit(limit)
    )
    items = [FeedItem(plan.published_at, plan) for plan in plans]
    items += [FeedItem(update.created_at, update.task.plan, update) for update in updates]
    items.sort(key=lambda item: item.moment, reverse=True)
    return items[:limit]
