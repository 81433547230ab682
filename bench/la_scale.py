"""Benchmark: the LA's pages and the nightly work at county scale, side by side at two sizes.

    python bench/la_scale.py                      # N=30 and N=300: create, migrate, seed, measure
    python bench/la_scale.py --reuse              # measure the databases seeded before
    python bench/la_scale.py --sizes 3 30 --runs 5
    python bench/la_scale.py --seed-only --sizes 300   # seed (say, in the background) only
    python bench/la_scale.py --reuse --only la-psps provider-list   # those pages (and filters)

Each size N is a PostgreSQL database of its own, waymark_bench_<N> at BENCH_PG (default
postgres://postgres@127.0.0.1:5432, trust auth), made afresh (dropped, migrated, the demo and
`seed_demo --scale N` seeded, VACUUM ANALYZEd) unless --reuse. Each size runs in a process of
its own (Django binds one database per process) that writes its figures as JSON; this process prints
them side by side with each ratio N_large / N_small.

Measured, signed in with force_login, through Django's test client (server time, no network):
query counts and p50/p95 of the LA dashboard, every LA list unfiltered and with each of its
filters (read from the page's own filter form), the Due page for an LA officer and a case
lead, a direction page; the nightly deadline refresh (cases a second, each case whose
deadlines it refreshed counted once: a reduced timetable's stored rating, refreshed in the same
run, is not counted again) and the daily digest (emails a second), each in a transaction rolled
back afterwards so reruns start alike.

Exits non-zero when a page's query count grows with the data.
"""

import argparse
import gc
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PG = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
LA_LISTS = (
    "la-directions",
    "la-managed-moves",
    "offsiting-list",
    "la-psps",
    "la-reduced-timetables",
    "provider-list",
    "la-ap-placements",
    "la-tasks",
    "due",
)
OFFICER = "la-officer@loadshire.demo"
CASE_LEAD = "case-lead@loadshire-school-1.demo"


class FilterForm(HTMLParser):
    """The GET form's fields of a list page: each select's and radio group's values, each
    checkbox, each text box (searched with a common letter pair)."""

    def __init__(self):
        super().__init__()
        self.in_get_form = False
        self.select: str | None = None
        self.choices: dict[str, list[str]] = {}

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.in_get_form = (a.get("method") or "get").lower() == "get"
        elif not self.in_get_form:
            return
        elif tag == "select" and a.get("name"):
            self.select = a["name"]
        elif tag == "option" and self.select and a.get("value"):
            self.choices.setdefault(self.select, []).append(a["value"])
        elif tag == "input" and a.get("name"):
            kind = (a.get("type") or "text").lower()
            if kind in ("radio", "checkbox") and a.get("value"):
                self.choices.setdefault(a["name"], []).append(a["value"])
            elif kind in ("text", "search"):
                self.choices.setdefault(a["name"], []).append("an")

    def handle_endtag(self, tag):
        if tag == "form":
            self.in_get_form = False
        elif tag == "select":
            self.select = None


def filters_of(html: str) -> list[str]:
    """One query string per filter: its first and, where it has more, its last value."""
    form = FilterForm()
    form.feed(html)
    out = []
    for name, values in form.choices.items():
        if name in ("page", "format", "sort", "csrfmiddlewaretoken"):
            continue
        for value in dict.fromkeys([values[0], values[-1]]):
            out.append(f"{name}={value}")
    return out


def timed(client, url: str, runs: int):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tenancy import middleware

    # The session is renewed (saved, three queries) at most once a minute, whichever page it
    # falls on: not a cost of the page, and it made a random page's count look as if it grew.
    middleware.RENEW_SESSION_EVERY = 10**9
    client.get(url)  # warm: templates, caches
    times, counts = [], set()
    for _ in range(runs):
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - start) * 1000)
        counts.add(len(queries.captured_queries))
        if response.status_code != 200:
            raise SystemExit(f"{url}: status {response.status_code}")
    times.sort()
    return {
        "queries": max(counts),
        "p50": statistics.median(times),
        "p95": times[min(len(times) - 1, round(0.95 * (len(times) - 1)))],
        "html": response.content.decode(),
    }


class QueryCounter:
    """Counts every query run inside it, however many (CaptureQueriesContext keeps 9,000)."""

    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def prepare(n: int, no_migrations: bool, log) -> None:
    """A fresh database with the demo and N schools of Loadshire, VACUUM ANALYZEd."""
    import psycopg

    with psycopg.connect(f"{PG}/postgres", autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS waymark_bench_{n} WITH (FORCE)")
        admin.execute(f"CREATE DATABASE waymark_bench_{n}")
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    started = time.monotonic()
    if no_migrations:
        call_command("migrate", run_syncdb=True, verbosity=0)
    else:
        call_command("migrate", verbosity=0)
    log(f"N={n}: migrated in {time.monotonic() - started:.0f} s")
    from demo.scale import seed_scale
    from demo.seed import seed

    seed(timezone.localdate())
    log(f"N={n}: demo seeded at {time.monotonic() - started:.0f} s")
    seed_scale(n, timezone.localdate(), progress=lambda line: log(f"N={n}: {line}"))
    with connection.cursor() as cursor:
        # As autovacuum leaves a live database (this machine's PostgreSQL runs without it):
        # the planner's statistics, and the visibility map its index-only scans need.
        cursor.execute("VACUUM ANALYZE")
    log(f"N={n}: seeded and analysed in {time.monotonic() - started:.0f} s")


def measure(n: int, runs: int, only: list[str] | None = None) -> dict:
    from django.db import connection, transaction
    from django.test import Client
    from django.urls import NoReverseMatch, reverse

    from cases.directions.models import Direction
    from reviews import tasks
    from reviews.models import Deadline, DigestSent
    from tenancy.models import User

    out: dict[str, dict] = {}
    officer, lead = Client(), Client()
    officer.force_login(User.objects.get(email=OFFICER))
    lead_user = User.objects.get(email=CASE_LEAD)
    lead.force_login(lead_user)
    pages = [("LA dashboard", officer, reverse("la-dashboard"))]
    for name in LA_LISTS:
        try:
            pages.append((name, officer, reverse(name)))
        except NoReverseMatch:
            continue
    pages.append(("due (case lead)", lead, reverse("due")))
    direction = (
        Direction.objects.filter(home_school__memberships__user=lead_user, state="active")
        .order_by("pk")
        .first()
    )
    if direction:
        pages.append(("direction (case lead)", lead, direction.get_absolute_url()))
        pages.append(("direction (LA officer)", officer, direction.get_absolute_url()))
    if only:
        pages = [page for page in pages if page[0] in only]
    for label, client, url in pages:
        result = timed(client, url, runs)
        out[label] = {k: v for k, v in result.items() if k != "html"}
        if label in LA_LISTS or label == "due (case lead)":
            for query in filters_of(result["html"]):
                filtered = timed(client, f"{url}?{query}", max(3, runs // 2))
                out[f"{label} ?{query}"] = {k: v for k, v in filtered.items() if k != "html"}
    if only and "nightly" not in only:
        return out
    with transaction.atomic():
        started, cpu = time.perf_counter(), time.process_time()
        with connection.execute_wrapper(counter := QueryCounter()):
            # How many cases' deadlines it refreshed, each once (reviews.tasks).
            cases = tasks.refresh_all_deadlines()
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
        out["nightly refresh"] = {
            "cases": cases,
            "seconds": seconds,
            "cpu_seconds": cpu,
            "per_second": cases / seconds,
            "queries": counter.count,
        }
        transaction.set_rollback(True)
    # The night after: the seed's rows are today's, so the refresh above writes almost
    # nothing; a day later steps fall overdue and new days' steps are made, as on a real night.
    import datetime

    import time_machine
    from django.utils import timezone

    with transaction.atomic(), time_machine.travel(timezone.now() + datetime.timedelta(days=1)):
        started, cpu = time.perf_counter(), time.process_time()
        with connection.execute_wrapper(counter := QueryCounter()):
            cases = tasks.refresh_all_deadlines()
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
        out["nightly refresh, a day later"] = {
            "cases": cases,
            "seconds": seconds,
            "cpu_seconds": cpu,
            "per_second": cases / seconds,
            "queries": counter.count,
        }
        transaction.set_rollback(True)
    with transaction.atomic():
        DigestSent.objects.all().delete()
        from django.core import mail

        mail.outbox = []
        started, cpu = time.perf_counter(), time.process_time()
        with connection.execute_wrapper(counter := QueryCounter()):
            sent = tasks.send_daily_digests()
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
        out["daily digest"] = {
            "emails": sent,
            "seconds": seconds,
            "cpu_seconds": cpu,
            "per_second": sent / seconds if seconds else 0,
            "queries": counter.count,
        }
        transaction.set_rollback(True)
    out["_size"] = {
        "open deadlines": Deadline.objects.filter(state__in=Deadline.PENDING_STATES).count(),
    }
    return out


def child(n: int, args) -> None:
    os.environ["DATABASE_URL"] = f"{PG}/waymark_bench_{n}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.test_settings")
    os.environ.setdefault("DB_STATEMENT_TIMEOUT_MS", "0")
    import django

    if args.no_migrations:
        from django.conf import settings

        django.setup()

        class NoMigrations:
            def __contains__(self, item):
                return True

            def __getitem__(self, item):
                return None

        settings.MIGRATION_MODULES = NoMigrations()
    else:
        django.setup()
    import logging

    logging.disable(logging.WARNING)  # the seed's eager tasks log each run

    def log(line):
        print(line, file=sys.stderr, flush=True)

    if not args.reuse:
        prepare(n, args.no_migrations, log)
    if args.seed_only:
        return
    log(f"N={n}: measuring")
    gc.freeze()  # as config/wsgi.py does once the application is loaded
    figures = measure(n, args.runs, args.only)
    Path(args.json).write_text(json.dumps(figures))


def compare(results: dict[int, dict]) -> int:
    small, large = sorted(results)
    a, b = results[small], results[large]
    grew = []
    print(f"{'page':<58} {'queries':>13} {'p50 ms':>17} {'p95 ms':>17} {'p95 ×':>6}")
    print(f"{'':<58} {f'N={small}':>6} {f'N={large}':>6} {f'N={small}':>8} {f'N={large}':>8}")
    for name in a:
        if name.startswith(("_", "nightly refresh", "daily digest")) or name not in b:
            continue
        x, y = a[name], b[name]
        flag = ""
        if y["queries"] > x["queries"]:
            grew.append(name)
            flag = "  QUERIES GROW"
        print(
            f"{name[:58]:<58} {x['queries']:>6} {y['queries']:>6} {x['p50']:>8.1f} "
            f"{y['p50']:>8.1f} {x['p95']:>8.1f} {y['p95']:>8.1f} {y['p95'] / x['p95']:>6.2f}"
            f"{flag}"
        )
    for name, unit, said in (
        ("nightly refresh", "cases", "cases (each once)"),
        ("nightly refresh, a day later", "cases", "cases (each once)"),
        ("daily digest", "emails", "emails"),
    ):
        if name not in a or name not in b:
            continue
        x, y = a[name], b[name]
        print(
            f"{name}: N={small} {x[unit]} {said} in {x['seconds']:.2f} s "
            f"({x['per_second']:.0f}/s, {x['cpu_seconds']:.2f} s of CPU, {x['queries']} queries); "
            f"N={large} {y[unit]} {unit} in {y['seconds']:.2f} s ({y['per_second']:.0f}/s, "
            f"{y['cpu_seconds']:.2f} s of CPU, {y['queries']} queries); "
            f"rate ratio {y['per_second'] / x['per_second'] if x['per_second'] else 0:.2f}"
        )
    if "_size" in a and "_size" in b:
        print(
            f"open deadlines: N={small} {a['_size']['open deadlines']}, "
            f"N={large} {b['_size']['open deadlines']}"
        )
    if grew:
        print(f"\nQuery counts grow with the data on {len(grew)} page(s):")
        for name in grew:
            print(f"  {name}")
        return 1
    return 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs=2, default=[30, 300])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--reuse", action="store_true", help="measure databases seeded before")
    parser.add_argument("--seed-only", action="store_true")
    parser.add_argument(
        "--no-migrations",
        action="store_true",
        help="make the tables from the models (as the test suite does) instead of migrating",
    )
    parser.add_argument(
        "--only",
        nargs="+",
        metavar="PAGE",
        help="measure only these pages (and their filters), e.g. la-psps; add 'nightly' for the"
        " nightly refresh and digest",
    )
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--json", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args)
        return
    results = {}
    for n in args.sizes:
        with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as f:
            path = f.name
        command = [sys.executable, __file__, "--child", str(n), "--json", path]
        command += ["--runs", str(args.runs)]
        if args.only:
            command += ["--only", *args.only]
        command += [
            flag
            for flag in ("--reuse", "--seed-only", "--no-migrations")
            if getattr(args, flag[2:].replace("-", "_"))
        ]
        subprocess.run(command, check=True, cwd=ROOT)  # noqa: S603 - our own script
        if not args.seed_only:
            results[n] = json.loads(Path(path).read_text())
        Path(path).unlink(missing_ok=True)
    if not args.seed_only:
        sys.exit(compare(results))


if __name__ == "__main__":
    main()
