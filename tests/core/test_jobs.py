"""Features register their periodic jobs; the worker and the deliver command run what is registered."""

import pytest

from portal.core import jobs
from portal.notifications.worker import create_huey


def test_every_feature_job_is_registered_once_with_its_schedule(app):
    registered = {job.name: job for job in jobs.registered_jobs()}
    assert set(registered) >= {"deliver-mail", "announce-posted-disclosures", "cases-daily-reminders"}
    assert registered["deliver-mail"].runs_every_minute
    assert registered["announce-posted-disclosures"].runs_every_minute
    assert registered["plans-announce-approved-reports"].runs_every_minute
    overdue = registered["dialogues-overdue-commitments"]
    assert (overdue.hour, overdue.minute, overdue.runs_every_minute) == ("7", "20", False)
    daily = registered["cases-daily-reminders"]
    assert (daily.hour, daily.minute, daily.runs_every_minute) == ("7", "0", False)


def test_the_worker_schedules_exactly_the_registered_jobs(app):
    huey = create_huey(app, immediate=True)
    scheduled = {task.__name__ for task in huey._registry._periodic_tasks}
    assert scheduled == {job.name for job in jobs.registered_jobs()}


def test_registering_again_is_harmless_but_a_second_service_under_one_name_is_refused(app):
    job = next(job for job in jobs.registered_jobs() if job.name == "deliver-mail")
    assert jobs.register_job(job.name, job.service) == job
    with pytest.raises(ValueError, match="deliver-mail"):
        jobs.register_job(job.name, lambda: None)
    assert [j for j in jobs.registered_jobs() if j.name == "deliver-mail"] == [job]
