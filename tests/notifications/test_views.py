"""The outbox page: site administrators see how much mail waits and since when; nobody else does."""

from datetime import timedelta

from portal.accounts.models import Role
from portal.core.timeutil import utcnow
from portal.notifications.models import OutboxMessage


def test_a_site_administrator_sees_the_backlog_and_its_age(page, login, create_user, db_session):
    queued_at = utcnow() - timedelta(minutes=20)
    db_session.add_all(
        OutboxMessage(kind="test", recipient=f"nguoi{n}@example.vn", language="vi", subject="Thư", body="x\n",
                      created_at=queued_at, next_attempt_at=queued_at)
        for n in range(3)
    )
    db_session.flush()
    login(create_user(role=Role.site_admin, unit=None))
    account = page("/accounts/")
    assert account.select_one("a[href='/notifications/outbox']")
    soup = page("/notifications/outbox")
    assert soup.select_one(".outbox-waiting").get_text() == "3"
    assert soup.select_one(".outbox-failing").get_text() == "0"
    assert "20 phút" in soup.select_one(".outbox-oldest").get_text()
    assert soup.select_one(".flash-warning")
    assert "nguoi0" not in str(soup)


def test_an_empty_outbox_says_so(page, login, create_user):
    login(create_user(role=Role.site_admin, unit=None))
    soup = page("/notifications/outbox")
    assert soup.select_one(".outbox-waiting").get_text() == "0" and not soup.select_one(".flash-warning")


def test_a_handler_may_not_see_the_outbox(page, login, create_user):
    login(create_user())
    soup = page("/notifications/outbox", expected_status=403)
    assert soup.select_one("main p").get_text() == "Chỉ quản trị viên hệ thống được xem hộp thư đi."
    assert soup.select_one(".outbox-waiting") is None
