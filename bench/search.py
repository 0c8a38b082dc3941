"""Search at a province's scale: generate cases and disclosures, index them, and drive one search against the
title-only search of the lists it replaces, with 500 different queries, under concurrent clients.

Usage: .venv/bin/python bench/search.py --database-url postgresql://postgres@127.0.0.1:5432/bench_search
           [--cases 10000] [--disclosures 1000] [--clients 32] [--duration 20] [--served-duration 60]
           [--workers 2] [--threads 4] [--reuse] [--label 1m] [--compare bench/out/search-10k.json]

bench/generate.py makes the data (Vietnamese titles and bodies of four paragraphs, ~10% of cases published with a
public text); `search reindex` then indexes it (timed), as an upgrade would. gunicorn serves the portal as in
production (`-w 2 --threads 4`, 127.0.0.1); the clients are threads of this process, each with its own keep-alive
connection, on the same machine (so they take part of its cores: the figures are for comparing). The 500 queries
mix common words, rare words, words nobody wrote, quoted phrases and document numbers.

First each query is run once through the search service alone, and the figures printed by kind of query. Then
each target is driven twice. "every address new": each request carries a distinct `n`, so no answer is kept and
every request runs the search (what the first reader of a query waits for). "500 in turn": the 500 addresses as
readers send them, for --served-duration seconds from a cold start: the first reader of each query runs the
search, the next ones are answered from the kept page by the front door, and a page kept a minute is made again,
as in production. Results go to bench/out/search-<label>.json; --compare prints each p95 against an earlier run.
Prints the figures; asserts nothing.
"""

import argparse
import http.client
import json
import os
import random
import statistics
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

from fresh import bench_app, migrate_empty
from generate import DISCLOSURE_OBJECTS, DISCLOSURE_TITLES, PLACES, SECRET_KEY, SUBJECTS, build
from load import ROOT, Server

from portal.extensions import db

QUERIES = 500
OUT = Path(__file__).parent / "out"
UNKNOWN = ["thủy điện Cà Mau", "phà Rừng", "xyzabc", "khẩn cấp sóng thần", "hàng không vũ trụ"]


def queries(disclosures: int) -> list[str]:
    """The same 500 queries on every run: common, rare, nowhere, phrases, document numbers."""
    rng = random.Random(18)
    phrases = SUBJECTS + PLACES + DISCLOSURE_TITLES + DISCLOSURE_OBJECTS
    found: dict[str, None] = {}
    while len(found) < QUERIES:
        words = rng.choice(phrases).replace(",", "").split()
        kind = len(found) % 5
        if kind == 0:
            query = " ".join(rng.sample(words, min(2, len(words))))
        elif kind == 1:
            query = f"{rng.choice(words)} số {rng.randrange(1, max(2, disclosures))}"
        elif kind == 2:
            query = f"{rng.choice(words)} {rng.choice(UNKNOWN)} {rng.randrange(10**6)}"
        elif kind == 3:
            size = min(len(words), 3)
            start = rng.randrange(len(words) - size + 1)
            query = '"' + " ".join(words[start:start + size]) + '"'
        else:
            query = f"{rng.randrange(1, max(2, disclosures))} tb-ubnd"
        found[query] = None
    return list(found)


KINDS = ["two words of one phrase", "a word and a number", "words nobody wrote", "a quoted phrase", "a document number"]


def alone(chosen: list[str]) -> None:
    """Each query once, in this process, one at a time: what the first reader of a query waits for in the search
    itself (no page, no queue), by kind of query."""
    from portal.search.query import search

    timings: dict[str, list[float]] = {kind: [] for kind in KINDS}
    for number, query in enumerate(chosen):
        began = time.perf_counter()
        search(query, None)
        timings[KINDS[number % len(KINDS)]].append((time.perf_counter() - began) * 1000)
        db.session.rollback()
    print("one search at a time (the service, in-process), 100 queries of each kind:")
    for kind, taken in timings.items():
        taken.sort()
        print(f"  {kind:<22} p50 {statistics.median(taken):7.1f} ms   p95 {taken[int(len(taken) * 0.95)]:7.1f} ms"
              f"   max {taken[-1]:7.1f} ms", flush=True)


def drive(port: int, paths: list[str], clients: int, duration: float, *, distinct: bool = True) -> dict:
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    deadline = time.monotonic() + duration

    def client(offset: int) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        mine, failed, index = [], 0, offset
        while time.monotonic() < deadline:
            path = f"{paths[index % len(paths)]}&n={index}" if distinct else paths[index % len(paths)]
            index += clients
            began = time.perf_counter()
            try:
                connection.request("GET", path)
                answer = connection.getresponse()
                answer.read()
                if answer.status != 200:
                    failed += 1
            except (OSError, http.client.HTTPException):
                failed += 1
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            mine.append(time.perf_counter() - began)
        connection.close()
        with lock:
            latencies.extend(mine)
            errors[0] += failed

    threads = [threading.Thread(target=client, args=(number,)) for number in range(clients)]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began
    latencies.sort()
    cut = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else [0] * 99
    return {"rps": len(latencies) / elapsed, "p50": cut[49] * 1000, "p95": cut[94] * 1000, "p99": cut[98] * 1000,
            "errors": errors[0], "requests": len(latencies)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--disclosures", type=int, default=1_000)
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--duration", type=float, default=20)
    parser.add_argument("--served-duration", type=float, default=60)
    parser.add_argument("--label", default="")
    parser.add_argument("--compare", default="", help="a bench/out/search-<label>.json of an earlier run")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--reuse", action="store_true", help="measure the database as it is, without building it")
    arguments = parser.parse_args()
    sqlite_path = Path(tempfile.gettempdir()) / "portal-bench-search.sqlite3"
    if arguments.reuse and not arguments.database_url:
        arguments.database_url = f"sqlite:///{sqlite_path}"  # bench_app keeps a file it is given by URL
    app = bench_app(arguments.database_url, sqlite_path, {"SECRET_KEY": SECRET_KEY, "PORTAL_DATA_KEY": ""})
    url = arguments.database_url or f"sqlite:///{sqlite_path}"
    with app.app_context():
        if not arguments.reuse:
            migrate_empty()
            build(arguments.cases, arguments.disclosures)
            from portal.search.index import reindex_all

            began = time.perf_counter()
            counts = reindex_all(forget_loaded=True)
            db.session.commit()
            print(f"indexed {counts} in {time.perf_counter() - began:.1f} s", flush=True)
            if db.engine.dialect.name == "postgresql":
                with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
                    connection.exec_driver_sql("ANALYZE search_entries")
        alone(queries(arguments.disclosures))
        db.engine.dispose()
    env = {key: value for key, value in os.environ.items() if key not in {"REDIS_URL", "PORTAL_DATA_KEY"}}
    env.update({"DATABASE_URL": url, "SECRET_KEY": SECRET_KEY, "PORTAL_BASE_URL": "http://127.0.0.1",
                "PYTHONUNBUFFERED": "1"})
    chosen = queries(arguments.disclosures)
    targets = [
        ("search /search (all kinds)", [f"/search?q={urllib.parse.quote(q)}" for q in chosen]),
        ("search /api/v1/search", [f"/api/v1/search?q={urllib.parse.quote(q)}" for q in chosen]),
        ("title-only /disclosures/", [f"/disclosures/?q={urllib.parse.quote(q)}" for q in chosen]),
        ("title-only /cases/", [f"/cases/?q={urllib.parse.quote(q)}" for q in chosen]),
    ]
    before = json.loads(Path(arguments.compare).read_text()) if arguments.compare else {}
    print(f"{url.split('@')[-1]}: {arguments.cases:,} cases, "
          f"{arguments.disclosures:,} disclosures; gunicorn -w {arguments.workers} --threads {arguments.threads}; "
          f"{arguments.clients} clients, {len(chosen)} queries; every address new for {arguments.duration:.0f} s, "
          f"500 in turn for {arguments.served_duration:.0f} s")
    print(f"{'target':<44} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'errors':>7}"
          + (f"  p95 vs {Path(arguments.compare).stem}" if before else ""))
    server = Server("portal:create_app()", env, arguments.workers, arguments.threads, ROOT, arguments.clients)
    saved = {}
    try:
        for name, paths in targets:
            drive(server.port, paths[:20], arguments.clients, 3)  # warm the workers' caches of units and categories
            for mode, distinct, duration in (("every address new", True, arguments.duration),
                                             ("500 in turn", False, arguments.served_duration)):
                label = f"{name}, {mode}"
                result = saved[label] = drive(server.port, paths, arguments.clients, duration, distinct=distinct)
                ratio = f"  x{result['p95'] / before[label]['p95']:.2f}" if label in before else ""
                print(f"{label:<44} {result['rps']:>8.1f} {result['p50']:>8.1f} {result['p95']:>8.1f} "
                      f"{result['p99']:>8.1f} {result['errors']:>7}{ratio}", flush=True)
    finally:
        server.stop()
    if arguments.label:
        OUT.mkdir(exist_ok=True)
        (OUT / f"search-{arguments.label}.json").write_text(json.dumps(saved, indent=1))
        print(f"saved bench/out/search-{arguments.label}.json")


if __name__ == "__main__":
    sys.exit(main())
