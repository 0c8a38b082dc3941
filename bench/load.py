"""Serve the portal with gunicorn as in production and drive it with wrk; a bare Flask app gives the ceiling.

Usage: .venv/bin/python bench/load.py --database-url postgresql://postgres@127.0.0.1:5432/bench_1m
           [--duration 15] [--connections 32] [--submit-duration 60] [--submit-connections 64]
           [--workers 2] [--threads 4] [--label 1m] [--compare bench/out/load-10k.json] [--only home,unit]
           [--redis-url redis://127.0.0.1:6379/15]

The database comes from bench/generate.py (SECRET_KEY "bench"). In one run, with the same gunicorn settings
(`-w 2 --threads 4`, 127.0.0.1 on a free port), it first serves bench/hello.py and then the portal, and drives
each page with Debian's wrk (`apt-get install wrk`) for --duration seconds; submissions run for
--submit-duration seconds with --submit-connections clients. wrk runs on the same machine, so it takes part of
its cores: the figures are for comparing, not absolute.

The portal runs with PORTAL_PROXY_HOPS=1, as behind its reverse proxy. The rate-limited pages (tracking,
submission) are then driven twice: from one address, as wrk is (the limits answer 429, reported as errors),
and as a crowd whose every request carries its own X-Forwarded-For, as a reverse proxy would pass thousands
of citizens' addresses. The portal uses Redis as in production (--redis-url, a database of its own, emptied
first): the workers share the versions of what they cache, the rate limits and the mail queue, which no consumer
drains during the run.

Submissions POST the web form /cases/new/feedback; its CSRF token is bound to the session cookie, so each wrk
thread is given its own session and token, fetched beforehand with a GET of the form. A submission counts as
acknowledged when it answers 302 (the redirect to the receipt); the cases in the database are counted before
and after. Results are written to bench/out/load-<label>.json; --compare reads an earlier run (e.g. the
10,000-case one) and prints the p95 ratio. Prints the figures; asserts nothing.
"""

import argparse
import gzip
import http.cookiejar
import json
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import redis
from generate import DISCLOSURE_OBJECTS, DISCLOSURE_TITLES, PLACES, SUBJECTS
from sqlalchemy import create_engine, text

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
OUT = BENCH / "out"
SECRET_KEY = "bench"  # noqa: S105 (the key bench/generate.py sealed the contacts with)
# Distinct addresses for the searches and deep pages: more than a worker keeps ready (portal.core.httpcache).
ADDRESSES = 500
CASE_PHRASES = SUBJECTS + PLACES
DISCLOSURE_PHRASES = DISCLOSURE_TITLES + DISCLOSURE_OBJECTS

# Reports the figures wrk does not print (p95) as one JSON line, with the answers by status when counted.
COMMON_LUA = r"""
counts = {}
local threads = {}
function setup(thread)
  table.insert(threads, thread)
  thread:set("id", #threads)
end
function done(summary, latency, requests)
  local total = {}
  for _, thread in ipairs(threads) do
    local c = thread:get("counts") or {}
    for status, n in pairs(c) do total[tostring(status)] = (total[tostring(status)] or 0) + n end
  end
  local parts = {}
  for status, n in pairs(total) do table.insert(parts, string.format('"%s": %d', status, n)) end
  io.write(string.format(
    'BENCH {"requests": %d, "duration_us": %d, "bytes": %d, "p50": %d, "p95": %d, "p99": %d, "max": %d, ' ..
    '"errors": {"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}, "statuses": {%s}}\n',
    summary.requests, summary.duration, summary.bytes, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), latency.max, summary.errors.connect, summary.errors.read, summary.errors.write,
    summary.errors.status, summary.errors.timeout, table.concat(parts, ", ")))
end
"""

# Counting by status hands every answer's body to Lua, which costs wrk more for a bigger page and so lowers the
# figure; pages are counted as 2xx-3xx or not, by wrk itself, and only where the status is the point (a 304, a
# 429, a 302 acknowledging a submission) are answers counted one by one.
STATUS_LUA = r"""
function response(status, headers, body)
  counts[status] = (counts[status] or 0) + 1
end
"""

CROWD_LUA = r"""
local counter = 0
request = function()
  counter = counter + 1
  local n = id * 1000000 + counter
  wrk.headers["X-Forwarded-For"] = string.format("10.%d.%d.%d", math.floor(n / 65536) % 256,
                                                 math.floor(n / 256) % 256, n % 256)
  return wrk.format(nil, nil, nil, nil)
end
"""

# Many addresses, taken in turn from PATHS (filled in by load.py): searches and deep pages differ from one
# citizen to the next, and one address driven alone would only measure the page kept ready for it.
ROTATE_LUA = r"""
local counter = 0
request = function()
  counter = counter + 1
  return wrk.format(nil, PATHS[(id * 7919 + counter) % #PATHS + 1])
end
"""

# Each thread gets a session cookie and its CSRF token from the table `sessions` (filled in by load.py).
SUBMIT_LUA = r"""
local counter = 0
local body_template = BODY
request = function()
  counter = counter + 1
  local session = SESSIONS[(id - 1) % #SESSIONS + 1]
  local headers = {
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Cookie"] = session.cookie,
  }
  if CROWD then
    local n = id * 1000000 + counter
    headers["X-Forwarded-For"] = string.format("10.%d.%d.%d", math.floor(n / 65536) % 256,
                                               math.floor(n / 256) % 256, n % 256)
  end
  local body = body_template:gsub("CSRF", session.token):gsub("NUMBER", tostring(id * 1000000 + counter))
  return wrk.format("POST", PATH, headers, body)
end
"""


@dataclass
class Target:
    name: str
    path: str
    headers: dict[str, str] = field(default_factory=dict)
    crowd: bool = False
    submit: bool = False
    count_statuses: bool = False
    paths: list[str] = field(default_factory=list)
    note: str = ""


@dataclass
class Result:
    name: str
    path: str
    rps: float
    p50: float
    p95: float
    p99: float
    statuses: dict[str, int]
    errors: dict[str, int]
    bytes: int
    requests: int
    note: str = ""
    extra: dict = field(default_factory=dict)

    @property
    def bad(self) -> int:
        """Answers that are not 2xx or 3xx, and socket errors."""
        failed = sum(
            n
            for status, n in self.statuses.items()
            if status == "4xx-5xx" or (status.isdigit() and not 200 <= int(status) < 400)
        )
        return failed + self.errors["connect"] + self.errors["read"] + self.errors["write"] + self.errors["timeout"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """gunicorn, started in its own process group and stopped by its pid.

    Each worker takes at most its share of the connections (--worker-connections, plus two for the ones a finished
    wrk has not yet closed): otherwise one worker of two sometimes accepts nearly all of wrk's connections and
    serves them on one core while the other idles, which halved a run's figure at random, for hello world as for
    the portal."""

    def __init__(self, app: str, env: dict[str, str], workers: int, threads: int, chdir: Path, connections: int):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = tempfile.NamedTemporaryFile(prefix="bench-gunicorn-", suffix=".log", delete=False)  # noqa: SIM115
        command = [
            str(ROOT / ".venv" / "bin" / "gunicorn"),
            "-w",
            str(workers),
            "--threads",
            str(threads),
            "--worker-connections",
            str(-(-connections // workers) + 2),
            "-b",
            f"127.0.0.1:{self.port}",
            "--chdir",
            str(chdir),
            "--timeout",
            "60",
            app,
        ]
        self.process = subprocess.Popen(  # noqa: S603 (our own gunicorn command)
            command, env=env, cwd=chdir, stdout=self.log, stderr=self.log, start_new_session=True
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"gunicorn exited: see {self.log.name}")
            try:
                with urllib.request.urlopen(self.base + "/", timeout=5) as answer:  # noqa: S310
                    if answer.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.5)
        self.stop()
        raise SystemExit(f"gunicorn did not answer within 60 s: see {self.log.name}")

    def workers_rss_mb(self) -> list[float]:
        output = subprocess.run(  # noqa: S603
            ["ps", "--ppid", str(self.process.pid), "-o", "rss="],  # noqa: S607
            capture_output=True,
            text=True,
            check=False,
        ).stdout
        return [int(line) / 1024 for line in output.split()]

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)


def run_wrk(base: str, target: Target, duration: int, connections: int, lua_extra: str = "") -> Result:
    script = COMMON_LUA
    if target.count_statuses or target.submit:
        script += STATUS_LUA
    if target.crowd and not target.submit:
        script += CROWD_LUA
    if target.paths:
        script += f"PATHS = {{{', '.join(lua_string(path) for path in target.paths)}}}\n" + ROTATE_LUA
    script += lua_extra
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as handle:
        handle.write(script)
    command = [
        "wrk",
        "-t",
        str(min(2, connections)),
        "-c",
        str(connections),
        "-d",
        f"{duration}s",
        "--timeout",
        "10s",
        "--latency",
        "-s",
        handle.name,
    ]
    for name, value in target.headers.items():
        command += ["-H", f"{name}: {value}"]
    command.append(base + target.path)
    try:
        completed = subprocess.run(  # noqa: S603 (wrk with our arguments)
            command,
            capture_output=True,
            text=True,
            timeout=duration + 60,
            check=False,
        )
    finally:
        os.unlink(handle.name)
    line = next((line for line in completed.stdout.splitlines() if line.startswith("BENCH ")), None)
    if line is None:
        raise SystemExit(f"wrk failed for {target.name}:\n{completed.stdout}\n{completed.stderr}")
    data = json.loads(line[len("BENCH ") :])
    if not data["statuses"]:
        data["statuses"] = {"2xx-3xx": data["requests"] - data["errors"]["status"]}
        if data["errors"]["status"]:
            data["statuses"]["4xx-5xx"] = data["errors"]["status"]
    seconds = data["duration_us"] / 1e6
    return Result(
        target.name,
        target.path,
        data["requests"] / seconds,
        data["p50"] / 1000,
        data["p95"] / 1000,
        data["p99"] / 1000,
        data["statuses"],
        data["errors"],
        data["bytes"],
        data["requests"],
        target.note,
    )


def fetch(url: str, headers: dict | None = None, opener=None) -> tuple[int, dict, bytes]:
    request = urllib.request.Request(url, headers=headers or {})  # noqa: S310
    try:
        with (opener or urllib.request.build_opener()).open(request, timeout=30) as answer:
            return answer.status, dict(answer.headers), answer.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def first_visit_bytes(base: str) -> tuple[int, int, list[str]]:
    """What a first visit of the home page transfers: the page and the CSS, scripts, images and icons it links."""
    status, headers, body = fetch(base + "/")
    html = body.decode("utf-8", "replace")
    assets = sorted(set(re.findall(r'<(?:link|script|img)[^>]+(?:href|src)="(/[^"]+)"', html)))
    total = len(body) + sum(len(k) + len(v) + 4 for k, v in headers.items())
    compressed = len(gzip.compress(body))
    for asset in assets:
        _, asset_headers, asset_body = fetch(base + asset)
        total += len(asset_body) + sum(len(k) + len(v) + 4 for k, v in asset_headers.items())
        compressed += len(gzip.compress(asset_body))
    return total, compressed, assets


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def csrf_session(base: str, path: str) -> dict[str, str]:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect())
    _, _, body = fetch(base + path, opener=opener)
    token = re.search(
        r'name="csrf_token" type="hidden" value="([^"]+)"|name="csrf_token" value="([^"]+)"', body.decode()
    )
    if token is None:
        token = re.search(r'id="csrf_token" name="csrf_token" type="hidden" value="([^"]+)"', body.decode())
    if token is None:
        raise SystemExit("no csrf_token in the submission form")
    cookie = "; ".join(f"{c.name}={c.value}" for c in jar)
    return {"cookie": cookie, "token": next(group for group in token.groups() if group)}


def lua_string(value: str) -> str:
    return json.dumps(value)  # a JSON string of ASCII is a valid Lua string literal


def submission_lua(base: str, path: str, place: str, crowd: bool, threads: int = 2) -> str:
    sessions = [csrf_session(base, path) for _ in range(threads)]
    fields = {
        "csrf_token": "CSRF",
        "field": "environment",
        "place_query": "",
        "place": place,
        "title": "Nước thải của cơ sở chăn nuôi chảy ra mương số NUMBER",
        "description": "Nước thải chảy trực tiếp ra mương, bốc mùi hôi, ảnh hưởng đến sức khỏe của người dân. "
        "Đề nghị Ủy ban nhân dân xã kiểm tra và trả lời bằng văn bản.",
        "location": "Dọc kênh N2, thôn Đông",
        "name": "Trần Thị Bình",
        "phone": "0912 345 678",
        "email": "binh.tran@example.vn",
        "address": "Thôn Đông",
        "id_number": "",
        "is_public_consent": "y",
        "website": "",
    }
    body = urllib.parse.urlencode(fields)
    table = ", ".join(f"{{cookie = {lua_string(s['cookie'])}, token = {lua_string(s['token'])}}}" for s in sessions)
    lua = (
        f"BODY = {lua_string(body)}\nPATH = {lua_string(path)}\nCROWD = {'true' if crowd else 'false'}\n"
        f"SESSIONS = {{{table}}}\n" + SUBMIT_LUA
    )
    # One submission by hand first, so a form that refuses the body is reported clearly, not as 60 s of 400s.
    session = sessions[0]
    check = body.replace("CSRF", urllib.parse.quote(session["token"])).replace("NUMBER", "0")
    request = urllib.request.Request(  # noqa: S310 (http://127.0.0.1 only)
        base + path,
        data=check.encode(),
        method="POST",
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": session["cookie"],
            "X-Forwarded-For": "10.255.255.254",
        },
    )
    try:
        with urllib.request.build_opener(NoRedirect()).open(request, timeout=30) as answer:
            status, answer_body = answer.status, answer.read()
    except urllib.error.HTTPError as error:
        status, answer_body = error.code, error.read()
    if status != 302:
        errors = re.findall(r'class="error-message"[^>]*>([^<]+)', answer_body.decode("utf-8", "replace"))
        print(f"  warning: a test submission answered {status}: {errors[:3]}")
    return lua


def search_queries(phrases: list[str]) -> list[str]:
    """ADDRESSES searches as people type them: two to four words running on in one of the generator's phrases,
    now and then with a word that no text holds; the same ones on every run."""
    rng = random.Random(5)
    queries: dict[str, None] = {}
    while len(queries) < ADDRESSES:
        words = rng.choice(phrases).replace(",", "").split()
        size = min(len(words), rng.randint(2, 4))
        start = rng.randrange(len(words) - size + 1)
        query = " ".join(words[start : start + size])
        if rng.random() < 0.1:
            query += " " + rng.choice(["khẩn", "Cà Mau", "2019", "thủy điện"])
        queries[query] = None
    return list(queries)


def pick_samples(url: str) -> dict:
    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.connect() as connection:
        one = connection.execute
        samples = {
            "unit": one(
                text(
                    "SELECT u.code FROM units u JOIN disclosures d ON d.unit_id = u.id "
                    "GROUP BY u.code ORDER BY count(*) DESC LIMIT 1"
                )
            ).scalar(),
            "disclosure": one(
                text(
                    "SELECT d.id FROM disclosures d JOIN disclosure_categories c ON c.id = "
                    "d.category_id WHERE c.audience = 'public' AND d.withdrawn_at IS NULL AND "
                    "d.approved_at IS NOT NULL AND d.posting_start <= now() "
                    "ORDER BY d.id DESC LIMIT 1"
                )
            ).scalar(),
            "deep_afters": one(
                text(
                    "SELECT id FROM disclosures WHERE id % (SELECT greatest(count(*) / :n, 1) FROM disclosures) = 0 "
                    "ORDER BY id DESC LIMIT :n"
                ),
                {"n": ADDRESSES},
            ).scalars().all(),
            "published_case": one(
                text("SELECT code FROM cases WHERE published_at IS NOT NULL ORDER BY id DESC LIMIT 1")
            ).scalar(),
            "tracked_case": one(
                text("SELECT code FROM cases ORDER BY id LIMIT 1 OFFSET (SELECT count(*) / 2 FROM cases)")
            ).scalar(),
            "cases": one(text("SELECT count(*) FROM cases")).scalar(),
            "disclosures": one(text("SELECT count(*) FROM disclosures")).scalar(),
        }
    engine.dispose()
    return samples


def count_cases(url: str) -> int:
    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.connect() as connection:
        count = connection.execute(text("SELECT count(*) FROM cases")).scalar()
    engine.dispose()
    return count


def settled(added: int, acknowledged: int) -> str:
    """wrk stops with requests in flight: the server still saves them, but wrk never counts their answers."""
    if added == acknowledged:
        return ""
    if added > acknowledged:
        return f"; {added - acknowledged} more were in flight when wrk stopped"
    return f"; {acknowledged - added} ACKNOWLEDGED BUT NOT IN THE DATABASE"


def megabytes(sizes: list[float]) -> str:
    return ", ".join(f"{mb:.0f} MB" for mb in sizes)


def print_result(result: Result, hello: float | None, before: dict | None) -> None:
    ratio = f"{result.rps / hello:6.1%}" if hello else "     -"
    statuses = " ".join(f"{status}:{n}" for status, n in sorted(result.statuses.items()))
    growth = ""
    if before and result.name in before:
        growth = f"  p95 x{result.p95 / max(before[result.name]['p95'], 0.001):.2f} vs {before['_label']}"
    print(
        f"{result.name:<26} {result.rps:8.1f} {result.p50:8.1f} {result.p95:8.1f} {result.p99:8.1f} {ratio:>7} "
        f"{result.bad:>7}  {statuses}{growth}",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default="sqlite:////tmp/portal-bench.sqlite3")
    parser.add_argument("--duration", type=int, default=15)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--submit-duration", type=int, default=60)
    parser.add_argument("--submit-connections", type=int, default=64)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--label", default="")
    parser.add_argument("--compare", default="", help="a bench/out/load-<label>.json of an earlier run")
    parser.add_argument("--only", default="", help="comma-separated target names")
    parser.add_argument(
        "--redis-url",
        default="redis://127.0.0.1:6379/15",
        help="as in production: shared cache versions, rate limits and the mail queue ('' for none); emptied first",
    )
    arguments = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is missing: apt-get install wrk")
    url = arguments.database_url
    samples = pick_samples(url)
    label = arguments.label or f"{samples['cases']}"
    print(
        f"database {url.split('@')[-1]}: {samples['cases']:,} cases, {samples['disclosures']:,} disclosures; "
        f"gunicorn -w {arguments.workers} --threads {arguments.threads}; wrk -t 2 -c {arguments.connections} "
        f"-d {arguments.duration}s (submissions -c {arguments.submit_connections} -d {arguments.submit_duration}s)"
    )
    before = None
    if arguments.compare:
        before = json.loads(Path(arguments.compare).read_text())
    env = {key: value for key, value in os.environ.items() if key not in {"REDIS_URL", "PORTAL_DATA_KEY"}}
    if arguments.redis_url:
        redis.Redis.from_url(arguments.redis_url).flushdb()
        env["REDIS_URL"] = arguments.redis_url
    env.update(
        {
            "DATABASE_URL": url,
            "SECRET_KEY": SECRET_KEY,
            "PORTAL_PROXY_HOPS": "1",
            "PORTAL_BASE_URL": "http://127.0.0.1",
            "MAIL_SERVER": "127.0.0.1",
            "PYTHONUNBUFFERED": "1",
        }
    )
    header = (
        f"{'target':<26} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'/hello':>7} {'errors':>7}  statuses"
    )
    only = set(filter(None, arguments.only.split(",")))
    results: dict[str, Result] = {}

    hello_server = Server("hello:app", env, arguments.workers, arguments.threads, BENCH, arguments.connections)
    try:
        print(header)
        hello = run_wrk(hello_server.base, Target("hello world", "/"), arguments.duration, arguments.connections)
        print_result(hello, None, None)
        hello_rss = hello_server.workers_rss_mb()
    finally:
        hello_server.stop()

    server = Server("portal:create_app()", env, arguments.workers, arguments.threads, ROOT, arguments.connections)
    try:
        disclosure = f"/disclosures/{samples['disclosure']}"
        _, page_headers, _ = fetch(server.base + disclosure)
        etag = page_headers.get("ETag")
        targets = [
            Target("home", "/"),
            Target("commune page", f"/units/{samples['unit']}"),
            Target("disclosure", disclosure),
            Target(
                "disclosure: If-None-Match",
                disclosure,
                {"If-None-Match": etag or '"none"'},
                count_statuses=True,
                note="" if etag else "the page sends no ETag",
            ),
            Target("disclosures: first page", "/disclosures/"),
            Target(
                "disclosures: deep page",
                "/disclosures/",
                paths=[f"/disclosures/?after={after}" for after in samples["deep_afters"]],
                note=f"{ADDRESSES} pages in turn, from the top of the list to its end",
            ),
            Target(
                "disclosures: search",
                "/disclosures/",
                paths=["/disclosures/?q=" + urllib.parse.quote(q) for q in search_queries(DISCLOSURE_PHRASES)],
                note=f"{ADDRESSES} searches in turn",
            ),
            Target(
                "cases: search",
                "/cases/",
                paths=["/cases/?q=" + urllib.parse.quote(q) for q in search_queries(CASE_PHRASES)],
                note=f"{ADDRESSES} searches in turn",
            ),
            Target("case: public page", f"/cases/{samples['published_case']}"),
            Target("tracking: one address", f"/cases/track?code={samples['tracked_case']}", count_statuses=True),
            Target(
                "tracking: crowd", f"/cases/track?code={samples['tracked_case']}", crowd=True, count_statuses=True
            ),
        ]
        for target in targets:
            if only and target.name not in only:
                continue
            result = run_wrk(server.base, target, arguments.duration, arguments.connections)
            results[target.name] = result
            print_result(result, hello.rps, before)
            if target.note:
                print(f"{'':<26} ({target.note})")
            if target.paths:
                # What one reader waits for when the two cores are not queueing 32 others.
                alone = run_wrk(server.base, target, arguments.duration, 1)
                alone.name = f"{target.name}, 1 client"
                results[alone.name] = alone
                print_result(alone, None, before)

        pages_rss = server.workers_rss_mb()
        server.stop()
        server = Server(
            "portal:create_app()", env, arguments.workers, arguments.threads, ROOT, arguments.submit_connections
        )
        submit_path = "/cases/new/feedback"
        for crowd in (False, True):
            name = "submit: crowd" if crowd else "submit: one address"
            if only and name not in only:
                continue
            duration = arguments.submit_duration if crowd else min(arguments.submit_duration, arguments.duration)
            lua = submission_lua(server.base, submit_path, samples["unit"], crowd)
            count_before = count_cases(url)
            result = run_wrk(
                server.base,
                Target(name, submit_path, crowd=crowd, submit=True),
                duration,
                arguments.submit_connections,
                lua,
            )
            time.sleep(1)
            count_after = count_cases(url)
            acknowledged = result.statuses.get("302", 0)
            result.extra = {
                "acknowledged": acknowledged,
                "cases_before": count_before,
                "cases_after": count_after,
                "duration": duration,
            }
            results[name] = result
            print_result(result, hello.rps, before)
            print(
                f"{'':<26} {duration} s: {acknowledged:,} acknowledged (302), {acknowledged / duration:.1f}/s; "
                f"cases in the database {count_before:,} -> {count_after:,} (+{count_after - count_before:,})"
                f"{settled(count_after - count_before, acknowledged)}"
            )

        rss = server.workers_rss_mb()
        print(
            f"worker RSS: portal after the pages {megabytes(pages_rss)}, after the submissions {megabytes(rss)}; "
            f"hello {megabytes(hello_rss)}"
        )
        total, compressed, assets = first_visit_bytes(server.base)
        print(
            f"home page first visit: {total / 1024:.1f} KB transferred uncompressed ({len(assets)} assets: "
            f"{', '.join(assets)}); {compressed / 1024:.1f} KB if gzipped by the proxy"
        )
        if etag is None:
            print("disclosure page: no ETag header, so a repeat visit is answered 200 in full")
    finally:
        server.stop()

    OUT.mkdir(exist_ok=True)
    saved = {
        name: {"rps": r.rps, "p50": r.p50, "p95": r.p95, "p99": r.p99, "statuses": r.statuses, "bad": r.bad, **r.extra}
        for name, r in results.items()
    }
    saved["_label"] = label
    saved["hello world"] = {"rps": hello.rps, "p50": hello.p50, "p95": hello.p95, "p99": hello.p99}
    (OUT / f"load-{label}.json").write_text(json.dumps(saved, indent=1))
    print(f"saved bench/out/load-{label}.json")


if __name__ == "__main__":
    sys.exit(main())
