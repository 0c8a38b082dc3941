"""Round trips: a list costs the same number of statements for 5 cases as for 20, and a submission makes no
avoidable ones. Counts, never timings."""


import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from portal.accounts.models import Role
from portal.cases import lifecycle, submission
from portal.cases.models import Case
from portal.core import cache, crypto
from portal.extensions import db
from portal.mycases.services import _signer
from portal.notifications.models import OutboxMessage
from portal.routing import services as routing
from portal.units.models import UnitKind
from tests.case_fixtures import CASE_NOW
from tests.sql import statements


def _villages(create_unit, commune, count):
    """Each case in its own place: without eager loading every one would cost its own query."""
    return [create_unit(name=f"Thôn {number}", kind=UnitKind.village, parent=commune) for number in range(count)]


def _published(create_case, places):
    for number, place in enumerate(places):
        case = create_case(title=f"Đường thôn {number} sạt lở", is_public_consent=True, place=place).case
        case.unit = place
        case.public_title, case.public_description = case.title, case.description
        case.search_text, case.published_at = "duong thon sat lo", CASE_NOW


def _counted(db_session, fetch) -> int:
    """Statements for one request with nothing in the session or the caches, as on a fresh worker."""
    db_session.flush()
    db_session.expunge_all()
    cache.clear_all()
    with statements() as seen:
        fetch()
    return len(seen)


@pytest.mark.parametrize("url", ["/cases/", "/cases/?q=duong+sat"])
def test_the_public_list_costs_the_same_for_5_and_20_cases(page, create_case, create_unit, commune, db_session,
                                                            url):
    _published(create_case, _villages(create_unit, commune, 5))
    few = _counted(db_session, lambda: page(url))
    _published(create_case, _villages(create_unit, commune, 15))
    soup = None

    def fetch():
        nonlocal soup
        soup = page(url)

    assert _counted(db_session, fetch) == few
    assert len(soup.select(".case-list > li")) == 20


def test_the_queue_costs_the_same_for_5_and_20_cases(page, login, handler, create_user, create_case, create_unit,
                                                     commune, db_session):
    login(handler)

    def add(count):
        for village in _villages(create_unit, commune, count):
            case = create_case(place=village).case
            case.unit = village
            case.assignee = create_user(role=Role.handler, unit=village)

    add(5)
    few = _counted(db_session, lambda: page("/casework/"))
    add(15)
    soup = None

    def fetch():
        nonlocal soup
        soup = page("/casework/")

    assert _counted(db_session, fetch) == few
    assert len(soup.select("table.queue tbody tr")) == 20


def test_my_cases_cost_the_same_for_5_and_20_cases(page, create_case, create_unit, commune, db_session):
    token = _signer().dumps(crypto.digest("binh@example.vn"))

    def add(count):
        for village in _villages(create_unit, commune, count):
            create_case(place=village).case.unit = village

    add(5)
    few = _counted(db_session, lambda: page(f"/my-cases/{token}"))
    add(15)
    assert _counted(db_session, lambda: page(f"/my-cases/{token}")) == few


def test_the_least_loaded_handler_is_one_statement(commune, handler, create_user, create_case, db_session):
    second = create_user(role=Role.handler, unit=commune, full_name="Phạm Văn Cường")
    create_case()  # goes to the first handler on the tie
    db_session.flush()
    with statements() as seen:
        assert routing.least_loaded_handler(commune) == second
    assert len(seen) == 1


def test_a_submission_looks_the_place_up_only_when_not_given_it(commune, handler, create_case, db_session):
    create_case()  # warms the caches, as earlier requests would
    data = submission.Submission(kind="feedback", field="land", place_code=commune.code, title="Đèn đường hỏng",
                               description="Đèn đường thôn Đông hỏng đã hai tuần.")
    with statements() as seen:
        submission.submit_case(data, now=CASE_NOW, place=commune)
    assert not [sql for sql in seen if "FROM units" in sql and "units.code" in sql]
    assert not [sql for sql in seen if "FROM routing_rules" in sql or "FROM legal_periods" in sql]
    assert not [sql for sql in seen if "FROM calendar_days" in sql]
    assert not [sql for sql in seen if sql.lstrip().startswith("SELECT") and "cases.code" in sql]


def test_a_submission_is_written_in_one_flush(commune, handler, create_case, db_session):
    """The case, its two events (received, assigned) and its two mails (the citizen's receipt, the handler's notice)
    go out together in one savepoint, after the one statement that picks the handler; on PostgreSQL, which can
    batch rows that return their ids, as one INSERT per table."""
    create_case()  # warms the caches, as earlier requests would
    data = submission.Submission(kind="feedback", field="land", place_code=commune.code, title="Đèn đường hỏng",
                               description="Đèn đường thôn Đông hỏng đã hai tuần.",
                               contact=lifecycle.Contact(email="binh@example.vn"))
    with statements() as seen:
        submitted = submission.submit_case(data, now=CASE_NOW, place=commune)
    # The case's search entry (portal/search/index.py) is written in the same flush, after the case's own rows.
    indexing = [sql for sql in seen if "search_entries" in sql or "search_terms" in sql]
    assert indexing and seen.index(indexing[0]) > max(i for i, sql in enumerate(seen) if "INTO case_events" in sql)
    seen = [sql for sql in seen if sql not in indexing]
    written = [sql.split()[2] for sql in seen if sql.lstrip().startswith("INSERT")]
    assert [sql.split()[0] for sql in seen] == ["SELECT", "SAVEPOINT", *["INSERT"] * len(written), "RELEASE"]
    assert set(written) == {"cases", "case_events", "outbox_messages"}
    if db.engine.dialect.name == "postgresql":
        assert len(written) == 3
    assert [event.action for event in submitted.case.events] == ["received", "assigned"]
    mails = db_session.scalars(select(OutboxMessage.recipient).order_by(OutboxMessage.id)).all()
    assert mails[-2:] == [handler.email, "binh@example.vn"]


def test_the_form_reads_only_the_place_and_the_handler(client, commune, handler, db_session):
    """The place comes with its parent (the choice's label and the routing read it), the handler in one statement;
    nothing else is read before the case is written."""
    fields = {"field": "land", "place": commune.code, "title": "Đèn đường hỏng",
              "description": "Đèn đường thôn Đông hỏng đã hai tuần.", "email": "binh@example.vn"}
    client.post("/cases/new/feedback", data=fields)  # warms the caches, as earlier requests would
    db_session.expunge_all()
    with statements() as seen:
        assert client.post("/cases/new/feedback", data=fields).status_code == 302
    reads = [sql for sql in seen if sql.lstrip().startswith("SELECT")]
    assert len(reads) == 2
    assert "FROM units" in reads[0] and "FROM users" in reads[1]


def test_a_given_place_that_does_not_match_the_code_is_not_trusted(commune, village, handler, db_session):
    data = submission.Submission(kind="feedback", field="land", place_code=village.code, title="Đèn đường hỏng",
                               description="Đèn đường thôn Đông hỏng đã hai tuần.")
    assert submission.submit_case(data, now=CASE_NOW, place=commune).case.place == village


def test_a_colliding_tracking_code_is_drawn_again_in_a_savepoint(create_case, monkeypatch, db_session):
    taken = create_case().case
    draws = iter([taken.code, "PA-22222-22222"])
    monkeypatch.setattr(submission, "_new_code", lambda kind: next(draws))
    second = create_case(title="Cây đổ chắn đường").case
    db_session.flush()
    assert second.code == "PA-22222-22222" and second.id is not None
    assert db_session.scalar(select(func.count()).select_from(Case)) == 2
    assert taken.title == "Đường thôn Đông bị sạt lở", "the earlier case in the same transaction is untouched"
    assert [event.action for event in second.events][:1] == ["received"]


def test_the_receipt_quotes_the_code_drawn_again(create_case, monkeypatch, db_session):
    taken = create_case().case
    draws = iter([taken.code, "PA-22222-22222"])
    monkeypatch.setattr(submission, "_new_code", lambda kind: next(draws))
    create_case(title="Cây đổ chắn đường")
    receipts = db_session.scalars(
        select(OutboxMessage.subject).where(OutboxMessage.kind == "case_received").order_by(OutboxMessage.id)
    ).all()
    assert len(receipts) == 2, "the receipt made for the refused code is undone with it"
    assert taken.code in receipts[0] and "PA-22222-22222" in receipts[1]


def test_a_code_that_keeps_colliding_is_an_error_not_a_loop(create_case, monkeypatch, db_session):
    taken = create_case().case
    monkeypatch.setattr(submission, "_new_code", lambda kind: taken.code)
    with pytest.raises(IntegrityError):
        create_case()
