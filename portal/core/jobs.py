"""Periodic jobs, declared by the feature that owns them and run by whatever runs them (the worker, a command).

A feature declares its jobs in its own `jobs.py`, which the app factory imports (portal/web.py `import_jobs`):

    register_job("cases-daily-reminders", queue_reminders, hour="7", minute="0")

The service does its work in the caller's transaction and flushes; the runner commits. The schedule is a crontab
(`minute`, `hour`, in the worker machine's local time). A job with an hour runs once a day: the runner claims the
day first, so two consumers firing the same crontab run it once. Core knows no feature: it only keeps the list.
"""

from collections.abc import Callable
from dataclasses import dataclass

EVERY = "*"


@dataclass(frozen=True)
class Job:
    name: str
    service: Callable[[], object]
    minute: str = EVERY
    hour: str = EVERY

    @property
    def runs_every_minute(self) -> bool:
        return self.minute == EVERY and self.hour == EVERY

    @property
    def runs_daily(self) -> bool:
        return self.hour != EVERY


_jobs: dict[str, Job] = {}


def register_job(name: str, service: Callable[[], object], *, minute: str = EVERY, hour: str = EVERY) -> Job:
    """Declare a periodic job; importing the declaring module twice is harmless, two services under one name are
    a mistake and refused."""
    job = Job(name, service, minute, hour)
    if job.runs_daily and not (hour.isdigit() and minute.isdigit()):
        raise ValueError(f"The daily job {name!r} must name one hour and one minute: it is claimed once a day")
    if _jobs.get(name, job) != job:
        raise ValueError(f"Two periodic jobs are named {name!r}")
    _jobs[name] = job
    return job


def registered_jobs() -> list[Job]:
    """Every declared job, in the order of declaration."""
    return list(_jobs.values())
