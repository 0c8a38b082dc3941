"""Load 100,000 disclosures and time the public list's first and 500th page and a search.

Usage: .venv/bin/python bench/disclosures_listing.py [--database-url URL] [--count 100000]
Without --database-url it uses a fresh SQLite file under bench/out/. The PostgreSQL
database given is emptied first. Prints the figures; asserts nothing.
"""

import argparse
import random
import statistics
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from fresh import bench_app, migrate_empty
from sqlalchemy import insert, select, text

from portal.core.text import searchable
from portal.core.timeutil import local_date
from portal.disclosures import lists
from portal.disclosures.models import Disclosure, DisclosureCategory, DisclosureVersion
from portal.extensions import db
from portal.units.importer import import_official_units
from portal.units.models import Unit, UnitKind

WORDS = [
    "Kế hoạch",
    "thực hiện",
    "dân chủ",
    "ở cơ sở",
    "công khai",
    "dự toán",
    "ngân sách",
    "quyết toán",
    "đất đai",
    "bồi thường",
    "tái định cư",
    "quy hoạch",
    "phí",
    "lệ phí",
    "an sinh",
    "xã hội",
    "thủ tục",
    "hành chính",
]


def build(count: int) -> None:
    import_official_units()
    communes = db.session.scalars(select(Unit.id).where(Unit.kind == UnitKind.commune)).all()
    categories = db.session.scalars(select(DisclosureCategory.id).where(DisclosureCategory.audience == "public")).all()
    rng = random.Random(42)
    start = datetime(2023, 1, 1, tzinfo=UTC)
    batch = 5000
    for offset in range(0, count, batch):
        rows = []
        for number in range(offset, min(offset + batch, count)):
            title = " ".join(rng.sample(WORDS, 5)) + f" số {number}"
            posted = start + timedelta(minutes=number * 7)
            rows.append(
                {
                    "unit_id": rng.choice(communes),
                    "category_id": rng.choice(categories),
                    "title": title,
                    "search_text": searchable(title),
                    "document_number": f"{number}/KH-UBND",
                    "posting_start": posted,
                    "posting_days": 30,
                    "posting_last_day": local_date(posted) + timedelta(days=30),
                    "posting_places": [],
                    "created_at": posted,
                    "approved_at": posted,
                }
            )
        ids = db.session.execute(insert(Disclosure).returning(Disclosure.id), rows).scalars().all()
        db.session.execute(
            insert(DisclosureVersion),
            [
                {
                    "disclosure_id": identifier,
                    "number": 1,
                    "body_markdown": "Nội dung",
                    "body_html": "<p>Nội dung</p>",
                    "content_sha256": "0" * 64,
                    "is_period_restarted": False,
                    "created_at": start,
                }
                for identifier in ids
            ],
        )
        db.session.commit()


def timed(label: str, action, repeat: int = 5) -> None:
    durations = []
    for _ in range(repeat):
        began = time.perf_counter()
        result = action()
        durations.append((time.perf_counter() - began) * 1000)
    median, fastest = statistics.median(durations), min(durations)
    print(f"{label:<44} median {median:7.1f} ms   min {fastest:7.1f} ms   rows {len(result[0])}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--count", type=int, default=100_000)
    arguments = parser.parse_args()
    sqlite_path = Path(__file__).parent / "out" / "disclosures.sqlite3"
    app = bench_app(arguments.database_url, sqlite_path, {"SECRET_KEY": "bench"})
    with app.app_context():
        migrate_empty()
        began = time.perf_counter()
        build(arguments.count)
        print(f"{db.engine.dialect.name}: loaded {arguments.count} disclosures in {time.perf_counter() - began:.1f} s")
        if db.engine.dialect.name == "postgresql":
            db.session.execute(text("ANALYZE"))
        now = datetime.now(UTC)
        listing = lists.Listing()
        timed("first page, all units", lambda: lists.list_public(listing, now=now))
        cursor = None
        for _ in range(499):
            _, cursor = lists.list_public(lists.Listing(after_id=cursor), now=now)
        timed(
            "500th page, all units (keyset)", lambda: lists.list_public(lists.Listing(after_id=cursor), now=now)
        )
        busiest = db.session.execute(
            text("SELECT unit_id FROM disclosures GROUP BY unit_id ORDER BY count(*) DESC LIMIT 1")
        ).scalar()
        unit = db.session.get(Unit, busiest)
        timed("first page, one commune", lambda: lists.list_public(lists.Listing(unit=unit), now=now))
        timed(
            'search "ke hoach dan chu"',
            lambda: lists.list_public(lists.Listing(query="ke hoach dan chu"), now=now),
        )
        timed(
            "search matching nothing (full scan)",
            lambda: lists.list_public(lists.Listing(query="khong ton tai"), now=now),
        )
        # Five words, a shape no other line uses: psycopg prepares a statement after five runs, and PostgreSQL's
        # generic plan for it would hide what the planner picks for these words.
        timed(
            'search "an sinh phi so 99999" (no row has all)',
            lambda: lists.list_public(lists.Listing(query="an sinh phi so 99999"), now=now),
        )
        timed(
            'search "tai dinh cu" in one commune',
            lambda: lists.list_public(lists.Listing(unit=unit, query="tai dinh cu"), now=now),
        )
        db.engine.dispose()


if __name__ == "__main__":
    main()
