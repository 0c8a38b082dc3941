"""Drain 10,000 queued messages into a local SMTP sink and print messages per second.

Usage: .venv/bin/python bench/mail.py [--database-url URL] [--messages 10000] [--workers 1 4]

Without --database-url it uses a fresh SQLite file under bench/out/; a PostgreSQL database given is emptied
first. The sink is aiosmtpd in a process of its own, accepting everything; each worker is a process of its own
running `deliver_pending` once, as the background worker's job does, and several of them share the outbox by
their claims. For each number of workers the outbox is filled again and drained; the sink counts what arrived
and how many Message-IDs came twice. Prints the figures; asserts nothing.
"""

import argparse
import multiprocessing
import socket
import time
from collections import Counter
from pathlib import Path

from fresh import bench_app, migrate_empty
from sqlalchemy import delete, func, insert, select

from portal import create_app
from portal.core.timeutil import utcnow
from portal.extensions import db
from portal.notifications.models import OutboxMessage
from portal.notifications.services import deliver_pending

BODY = "Cổng đã nhận phản ánh của bạn. Mã theo dõi: PA-2026-000123.\nXem tiến độ tại đường dẫn riêng.\n" * 8


def _sink(port: int, ready, stop, results) -> None:
    from aiosmtpd.controller import Controller

    class Counting:
        def __init__(self):
            self.ids = Counter()

        async def handle_DATA(self, server, session, envelope):
            for line in envelope.content.split(b"\r\n"):
                if line.lower().startswith(b"message-id:"):
                    self.ids[line] += 1
                    break
            return "250 OK"

    handler = Counting()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    ready.set()
    while not stop.is_set():
        time.sleep(0.05)
        if results.empty() and stop.is_set():
            break
    controller.stop()
    results.put((sum(handler.ids.values()), sum(count - 1 for count in handler.ids.values())))


def _config(url: str, port: int) -> dict:
    return {"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench", "PORTAL_BASE_URL": "http://localhost",
            "MAIL_SERVER": "127.0.0.1", "MAIL_PORT": port, "MAIL_USE_TLS": False, "MAIL_USERNAME": "",
            "MAIL_DEFAULT_SENDER": "Cổng dân chủ <portal@example.vn>"}


def _worker(url: str, port: int, sent) -> None:
    app = create_app(_config(url, port))
    with app.app_context():
        report = deliver_pending()
        sent.put((report.sent, report.failed))


def _fill(count: int) -> None:
    db.session.execute(delete(OutboxMessage))
    now = utcnow()
    for offset in range(0, count, 5000):
        db.session.execute(insert(OutboxMessage), [
            {"kind": "case_received", "reference": "", "recipient": f"nguoidan{n}@example.vn", "language": "vi",
             "subject": f"Đã nhận phản ánh số {n}", "body": BODY, "unsubscribe_url": None, "created_at": now,
             "next_attempt_at": now, "attempts": 0}
            for n in range(offset, min(offset + 5000, count))
        ])
    db.session.commit()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def run(app, url: str, messages: int, workers: int) -> None:
    context = multiprocessing.get_context("spawn")
    port = _free_port()
    ready, stop, results = context.Event(), context.Event(), context.Queue()
    sink = context.Process(target=_sink, args=(port, ready, stop, results))
    sink.start()
    ready.wait()
    with app.app_context():
        _fill(messages)
    sent = context.Queue()
    processes = [context.Process(target=_worker, args=(url, port, sent)) for _ in range(workers)]
    started = time.perf_counter()
    for process in processes:
        process.start()
    reports = [sent.get() for _ in processes]
    seconds = time.perf_counter() - started
    for process in processes:
        process.join()
    stop.set()
    received, duplicates = results.get()
    sink.join()
    with app.app_context():
        unsent = db.session.scalar(select(func.count()).where(OutboxMessage.sent_at.is_(None)))
    print(f"{workers} worker(s): {sum(s for s, _ in reports)} sent, {sum(f for _, f in reports)} failed, "
          f"{received} received, {duplicates} twice, {unsent} left in {seconds:.1f} s "
          f"(including each worker's start): {messages / seconds:.0f} messages per second; "
          f"per worker {[s for s, _ in reports]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--messages", type=int, default=10_000)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 4])
    arguments = parser.parse_args()
    app = bench_app(arguments.database_url, Path(__file__).parent / "out" / "mail.sqlite3", {"SECRET_KEY": "bench"})
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    with app.app_context():
        migrate_empty()
        print(f"Database: {db.engine.dialect.name}; {arguments.messages} messages of {len(BODY.encode())} bytes")
    for workers in arguments.workers:
        run(app, url, arguments.messages, workers)


if __name__ == "__main__":
    main()
