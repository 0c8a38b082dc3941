"""Following a published plan by email: subscribe, confirm, a mail per progress update and published report,
one-click unfollow, and the refusals (wrong or hostile addresses, repeats, the rate limit), in both languages."""

import re
from datetime import UTC, date, datetime, timedelta
from urllib.parse import urlsplit

import pytest
from sqlalchemy import select

from portal.core.errors import InvalidInput, NotFound
from portal.disclosures.services import approve_disclosure, withdraw_disclosure
from portal.extensions import db
from portal.notifications.models import OutboxMessage
from portal.plans import follows
from portal.plans.models import PlanFollow
from portal.plans.reports import announce_approved_reports, make_report
from portal.plans.services import NewUpdate, post_task_update

EMAIL = "nguoidan@example.vn"
NOW = datetime(2024, 4, 21, 3, 0, tzinfo=UTC)


@pytest.fixture
def review(published_plan):
    return next(task for task in published_plan.tasks if task.text.startswith("Giao Phòng Nội vụ rà soát"))


def _mails(db_session, kind, recipient=EMAIL):
    return db_session.scalars(
        select(OutboxMessage).where(OutboxMessage.kind == kind, OutboxMessage.recipient == recipient)
    ).all()


def _link(body: str, kind: str) -> str:
    return urlsplit(re.search(rf"http://localhost(/plans/follow/{kind}/\S+)", body).group(0)).path


def _confirmed(plan, language="vi", email=EMAIL):
    follows.request_follow(email, plan, language=language, now=NOW)
    mail = _mails(db.session, "plan_follow_confirm", email)[-1]
    token = re.search(r"/plans/follow/confirm/(\S+)", mail.body).group(1)
    return follows.confirm_follow(token, now=NOW + timedelta(minutes=12))




def test_a_citizen_follows_a_plan_through_its_page_and_is_mailed_its_progress(
    page, client, db_session, published_plan, review, office_handler
):
    soup = page(f"/plans/{published_plan.id}")
    form = soup.select_one(f"form[action='/plans/{published_plan.id}/follow']")
    assert form is not None and form.select_one("input[name=email]") is not None
    response = client.post(f"/plans/{published_plan.id}/follow", data={"email": " NguoiDan@Example.vn "})
    assert response.status_code == 302
    assert EMAIL not in page(response.headers["Location"]).get_text()
    [mail] = _mails(db_session, "plan_follow_confirm")
    assert published_plan.title[:40] in mail.subject
    assert "/plans/follow/stop/" in mail.body
    post_task_update(review, NewUpdate(date(2024, 4, 20), "Chưa xác nhận.", percent=10), office_handler, now=NOW)
    assert _mails(db_session, "plan_task_updated") == [], "nothing before the confirmation"

    confirm = _link(mail.body, "confirm")
    assert page(confirm).select_one("form[method=post] button") is not None
    assert client.post(confirm).status_code == 302
    assert client.post(confirm).status_code == 404, "the link works once"
    follow = db_session.scalars(select(PlanFollow)).one()
    assert follow.confirmed_at is not None and follow.confirm_token_hash is None

    post_task_update(review, NewUpdate(date(2024, 4, 20), "Đã rà soát 14 văn bản.", percent=60), office_handler,
                     now=NOW)
    [update_mail] = _mails(db_session, "plan_task_updated")
    assert "Đã rà soát 14 văn bản." in update_mail.body and "60%" in update_mail.body
    assert f"/plans/tasks/{review.id}" in update_mail.body
    assert update_mail.unsubscribe_url and "/plans/follow/stop/" in update_mail.unsubscribe_url

    stop = _link(update_mail.body, "stop")
    assert page(stop).select_one("form[method=post] button") is not None
    assert client.post(stop).status_code == 302
    assert db_session.get(PlanFollow, follow.id).unsubscribed_at is not None
    post_task_update(review, NewUpdate(date(2024, 4, 21), "Sau khi ngừng.", percent=70), office_handler, now=NOW)
    assert len(_mails(db_session, "plan_task_updated")) == 1
    for url in (f"/plans/{published_plan.id}", f"/plans/tasks/{review.id}"):
        assert EMAIL not in client.get(url).get_data(as_text=True)


def test_a_published_report_is_mailed_in_the_followers_language(db_session, published_plan, head):
    _confirmed(published_plan, language="en")
    _confirmed(published_plan, language="vi", email="khac@example.vn")
    report = next(report for duty in published_plan.report_duties for report in duty.reports)
    make_report(report, "Báo cáo 6 tháng", "Kết quả.", head, now=NOW)
    [english] = _mails(db_session, "plan_report_published")
    [vietnamese] = _mails(db_session, "plan_report_published", "khac@example.vn")
    assert "is published" in english.subject
    assert "được công bố" in vietnamese.subject
    assert f"/disclosures/{report.disclosure_id}" in english.body
    assert english.unsubscribe_url != vietnamese.unsubscribe_url


def test_a_report_waiting_for_the_head_is_announced_once_the_head_approves_it(db_session, published_plan, drafter,
                                                                               head):
    _confirmed(published_plan, language="en")
    report = next(report for duty in published_plan.report_duties for report in duty.reports)
    make_report(report, "Báo cáo", "Kết quả.", drafter, now=NOW)
    assert announce_approved_reports(now=NOW + timedelta(minutes=1)) == 0
    assert _mails(db_session, "plan_report_published") == [], "nothing while the head has not approved"

    approved = NOW + timedelta(days=1, hours=2)
    approve_disclosure(head, report.disclosure, now=approved)
    assert announce_approved_reports(now=approved + timedelta(minutes=1)) == 1
    [mail] = _mails(db_session, "plan_report_published")
    assert "is published" in mail.subject and f"/disclosures/{report.disclosure_id}" in mail.body
    assert report.announced_at == approved + timedelta(minutes=1)
    assert announce_approved_reports(now=approved + timedelta(minutes=2)) == 0
    assert len(_mails(db_session, "plan_report_published")) == 1, "announced once"


def test_a_heads_own_report_is_announced_at_once_and_not_again_by_the_job(db_session, published_plan, head):
    _confirmed(published_plan)
    report = next(report for duty in published_plan.report_duties for report in duty.reports)
    make_report(report, "Báo cáo", "Kết quả.", head, now=NOW)
    assert report.announced_at == NOW
    assert announce_approved_reports(now=NOW + timedelta(minutes=1)) == 0
    assert len(_mails(db_session, "plan_report_published")) == 1


def test_a_report_withdrawn_before_the_job_runs_is_never_announced(db_session, published_plan, drafter, head):
    _confirmed(published_plan)
    report = next(report for duty in published_plan.report_duties for report in duty.reports)
    make_report(report, "Báo cáo", "Kết quả.", drafter, now=NOW)
    approve_disclosure(head, report.disclosure, now=NOW + timedelta(hours=1))
    withdraw_disclosure(head, report.disclosure, "Nhầm số liệu.", now=NOW + timedelta(hours=1, seconds=20))
    assert announce_approved_reports(now=NOW + timedelta(hours=1, minutes=1)) == 0
    assert _mails(db_session, "plan_report_published") == []
    assert report.announced_at is None


def test_repeated_subscriptions_send_one_mail_and_never_tell_who_follows(client, db_session, published_plan):
    follows.request_follow(EMAIL, published_plan, language="vi", now=NOW)
    follows.request_follow(EMAIL.upper(), published_plan, language="vi", now=NOW + timedelta(minutes=1))
    assert len(_mails(db_session, "plan_follow_confirm")) == 1
    _confirmed(published_plan)
    sent = len(_mails(db_session, "plan_follow_confirm"))
    follows.request_follow(EMAIL, published_plan, language="vi", now=NOW + timedelta(days=1))
    assert len(_mails(db_session, "plan_follow_confirm")) == sent, "one who follows is not asked again"
    assert db_session.scalars(select(PlanFollow)).all() == [db_session.scalars(select(PlanFollow)).one()]
    assert client.post(f"/plans/{published_plan.id}/follow", data={"email": EMAIL}).status_code == 302


def test_an_expired_or_forged_link_is_refused(db_session, published_plan):
    follows.request_follow(EMAIL, published_plan, language="vi", now=NOW)
    token = re.search(r"/plans/follow/confirm/(\S+)", _mails(db_session, "plan_follow_confirm")[0].body).group(1)
    with pytest.raises(InvalidInput):
        follows.confirm_follow(token, now=NOW + timedelta(days=8))
    with pytest.raises(NotFound):
        follows.confirm_follow("x" * 43, now=NOW)
    for forged in ("", "not-signed", "MQ.forged", "\x00" * 10):
        with pytest.raises(NotFound):
            follows.stop_following(forged)


def test_the_one_click_unsubscribe_of_mail_programs_needs_no_form(client, db_session, published_plan):
    follow = _confirmed(published_plan)
    db_session.commit()
    assert client.post(f"/plans/follow/stop/{follows.unsubscribe_token(follows.UNSUBSCRIBE_SALT, follow.id)}")\
        .status_code == 302
    assert db_session.get(PlanFollow, follow.id).unsubscribed_at is not None


@pytest.mark.parametrize(
    ("email", "message"),
    [
        ("not an address", "Enter an email address in the form name@example.vn."),
        ("a@b", "Enter an email address in the form name@example.vn."),
        ("x" * 250 + "@example.vn", "Enter an email address of at most 254 characters."),
        ("<script>alert(1)</script>@example.vn", "Enter an email address in the form name@example.vn."),
        ("nul\x00@example.vn", "invisible character"),
        ("", "Enter your email address."),
    ],
)
def test_wrong_or_hostile_addresses_are_refused_with_the_text_kept(
    page, client, db_session, published_plan, email, message
):
    client.set_cookie("lang", "en")
    soup = page(f"/plans/{published_plan.id}/follow", method="post", expected_status=422, data={"email": email})
    assert message in soup.select_one(".error-summary").get_text()
    assert soup.find("script", string=re.compile("alert")) is None
    if email and "\x00" not in email:
        assert soup.select_one("input[name=email]")["value"] == email
    assert db_session.scalars(select(PlanFollow)).all() == []
    assert db_session.scalars(select(OutboxMessage)).all() == []


def test_a_draft_plan_cannot_be_followed(client, db_session, draft_plan):
    assert client.post(f"/plans/{draft_plan.id}/follow", data={"email": EMAIL}).status_code == 404
    with pytest.raises(InvalidInput):
        follows.request_follow(EMAIL, draft_plan, language="vi")


def test_the_honeypot_catches_robots_quietly(client, db_session, published_plan):
    response = client.post(f"/plans/{published_plan.id}/follow",
                           data={"email": EMAIL, "website": "http://spam.example"})
    assert response.status_code == 302
    assert db_session.scalars(select(PlanFollow)).all() == []


def test_the_rate_limit_keeps_the_text(page, client, published_plan):
    url = f"/plans/{published_plan.id}/follow"
    statuses = [client.post(url, data={"email": f"n{i}@example.vn"}).status_code for i in range(5)]
    assert statuses == [302] * 5
    soup = page(url, method="post", expected_status=429, data={"email": "n6@example.vn"})
    assert soup.select_one("input[name=email]")["value"] == "n6@example.vn"


def test_the_pages_speak_vietnamese(page, client, db_session, published_plan):
    client.set_cookie("lang", "vi")
    soup = page(f"/plans/{published_plan.id}")
    assert "Theo dõi kế hoạch này qua email" in soup.select_one("h2#follow").get_text()
    soup = page(f"/plans/{published_plan.id}/follow", method="post", expected_status=422, data={"email": "sai"})
    assert "Hãy nhập địa chỉ email theo dạng" in soup.select_one(".error-summary").get_text()
