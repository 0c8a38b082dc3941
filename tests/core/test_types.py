"""UTCDateTime: every moment goes in and comes out as aware UTC, on SQLite as on PostgreSQL."""

from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import StatementError

from portal.core.timeutil import LOCAL_TZ, end_of_local_day, local_date, start_of_local_day
from portal.core.types import NaiveDateTimeError
from portal.units.models import Unit


def _read_back(db_session, unit):
    db_session.flush()
    db_session.expire(unit)
    return db_session.scalars(select(Unit).where(Unit.id == unit.id)).one()


def test_a_moment_given_in_vietnam_time_comes_back_as_the_same_moment_in_utc(db_session, create_unit):
    moment = datetime(2026, 12, 7, 0, 30, tzinfo=LOCAL_TZ)
    unit = _read_back(db_session, create_unit(created_at=moment))
    assert unit.created_at == moment
    assert unit.created_at.tzinfo == UTC
    assert unit.created_at == datetime(2026, 12, 6, 17, 30, tzinfo=UTC)


def test_any_offset_is_converted_and_microseconds_are_kept(db_session, create_unit):
    moment = datetime(2026, 1, 1, 5, 6, 7, 891234, tzinfo=timezone(timedelta(hours=-5)))
    unit = _read_back(db_session, create_unit(created_at=moment))
    assert unit.created_at == moment
    assert (unit.created_at.tzinfo, unit.created_at.microsecond) == (UTC, 891234)


def test_a_naive_datetime_is_refused_rather_than_guessed(db_session, create_unit):
    with pytest.raises(StatementError) as raised:
        create_unit(created_at=datetime(2026, 12, 7, 0, 30))
    assert isinstance(raised.value.orig, NaiveDateTimeError)


def test_sqlite_keeps_utc_text_that_says_so(db_session, create_unit):
    unit = _read_back(db_session, create_unit(created_at=datetime(2026, 12, 7, 0, 30, tzinfo=LOCAL_TZ)))
    stored = db_session.execute(text("SELECT created_at FROM units WHERE id = :id"), {"id": unit.id}).scalar_one()
    if db_session.bind.dialect.name == "sqlite":
        assert stored == "2026-12-06 17:30:00.000000+00:00"
    else:
        assert stored == datetime(2026, 12, 6, 17, 30, tzinfo=UTC)


def test_comparisons_in_sql_hold_across_local_midnight(db_session, create_unit):
    """23:30 on the 6th and 00:30 on the 7th, Vietnam time: the database orders and bounds them as moments."""
    before = create_unit(created_at=datetime(2026, 12, 6, 23, 30, tzinfo=LOCAL_TZ))
    after = create_unit(created_at=datetime(2026, 12, 7, 0, 30, tzinfo=LOCAL_TZ))
    db_session.flush()
    ids = {before.id, after.id}
    on_the_7th = db_session.scalars(
        select(Unit.id).where(
            Unit.id.in_(ids),
            Unit.created_at >= start_of_local_day(date(2026, 12, 7)),
            Unit.created_at < end_of_local_day(date(2026, 12, 7)),
        )
    ).all()
    assert on_the_7th == [after.id]
    in_order = db_session.scalars(select(Unit.id).where(Unit.id.in_(ids)).order_by(Unit.created_at.desc())).all()
    assert in_order == [after.id, before.id]


def test_local_day_bounds_are_vietnamese_midnights_in_utc():
    assert start_of_local_day(date(2027, 1, 1)) == datetime(2026, 12, 31, 17, 0, tzinfo=UTC)
    assert end_of_local_day(date(2026, 12, 31)) == datetime(2026, 12, 31, 17, 0, tzinfo=UTC)
    assert local_date(datetime(2026, 12, 31, 17, 0, tzinfo=UTC)) == date(2027, 1, 1)
    assert local_date(datetime(2026, 12, 31, 16, 59, 59, tzinfo=UTC)) == date(2026, 12, 31)
