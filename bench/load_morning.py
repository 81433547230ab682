"""Load test: a school's morning (issue 13). 50 staff across 10 Loadshire schools sign in, open
their home pages, a pupil, a case, and the host schools save the day's register, for 60 s,
against gunicorn on PostgreSQL seeded with `seed_demo --scale 10`; prints requests per second
and the 95th percentile per kind of request.

    .venv/bin/uv pip install --python .venv/bin/python -e '.[bench]'   # locust, once
    .venv/bin/python bench/load_morning.py [--users 50] [--schools 10] [--seconds 60]
        [--workers 3] [--keep-db NAME | --reuse-db NAME] [--locust PATH]

It makes its own database (waymark_bench_<pid>, dropped afterwards unless --keep-db; migrating
and seeding 10 schools take about two minutes, so --keep-db then --reuse-db NAME measures again
without them), uses Redis database 14 (BENCH_REDIS_URL; flushed afterwards: no worker runs, so
the emails the seed and the morning queue are thrown away), starts gunicorn itself with DEBUG
off (a demo server: DEMO_MODE with ALLOW_DEMO_WITHOUT_DEBUG, so the demo password signs in
without a second factor), runs locust headless for a bounded time, and stops everything it
started, on failure too.
"""

import argparse
import contextlib
import csv
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import psycopg
import redis

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PG_URL = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")

# Run by `manage.py shell`: who signs in, and what each opens. The staff of the first N
# Loadshire schools (demo/scale_people.py's addresses, made here when the scale data has no
# staff), 5 each; a pupil's and a case's page of their school; the registers of the directions
# their school hosts (one made here, from the school before it, when the scale data has none).
PLAN = """
import datetime, json
from django.contrib.auth.hashers import make_password
from django.utils import timezone
from cases.directions.models import Direction
from cases.pupils.models import Pupil
from demo.people import DEMO_PASSWORD
from tenancy.models import LocalAuthority, Membership, Role, School, User
from tenancy.services import grant_host_access

ROLES = [("head", Role.HEADTEACHER), ("case-lead", Role.CASE_LEAD), ("dsl", Role.DSL),
         ("key-adult", Role.KEY_ADULT), ("office", Role.OFFICE)]
today = timezone.localdate()
schools = list(School.objects.filter(local_authority__code="990").order_by("urn")[:SCHOOLS])
password = make_password(DEMO_PASSWORD)
made = {"people": 0, "directions": 0}
people = []
for n, school in enumerate(schools, 1):
    for local, role in ROLES:
        user, created = User.objects.get_or_create(
            email=f"{local}@loadshire-school-{n}.demo",
            defaults={"full_name": f"School {n} {local}", "password": password})
        if created:
            Membership.objects.create(user=user, school=school, role=role)
            made["people"] += 1
        people.append((user, user.memberships.get().school))
for n, host in enumerate(schools):
    hosted = Direction.objects.filter(host_school=host, state=Direction.State.ACTIVE,
                                      planned_start__lte=today, planned_end__gte=today)
    if not hosted.exists():
        pupil = Pupil.objects.filter(school=schools[n - 1]).order_by("pk").first()
        lead = f"case-lead@loadshire-school-{n or len(schools)}.demo"  # the home school's
        Direction.objects.create(
            pupil=pupil, home_school=pupil.school, host_school=host,
            case_lead=User.objects.get(email=lead),
            state=Direction.State.ACTIVE, reasons="Persistent disruption",
            objectives="Attend every lesson", success_criteria="No suspensions",
            planned_start=today - datetime.timedelta(days=21),
            planned_end=today + datetime.timedelta(days=60))
        grant_host_access(pupil, host)
        made["directions"] += 1
plan = []
for user, school in people:
    pupils = Pupil.objects.filter(school=school).order_by("pk").values_list("pk", flat=True)[:40]
    home = Direction.objects.filter(home_school=school).values_list("pk", flat=True)[:10]
    hosted = list(Direction.objects.filter(
        host_school=school, state=Direction.State.ACTIVE, planned_start__lte=today,
        planned_end__gte=today).values_list("pk", flat=True)[:5])
    plan.append({
        "email": user.email,
        "pupils": [f"/pupils/{pk}/" for pk in pupils],
        "cases": [f"/directions/{pk}/" for pk in [*home, *hosted]],
        "registers": [f"/directions/{pk}/attendance/" for pk in hosted],
    })
print("PLAN " + json.dumps({"people": plan, "password": DEMO_PASSWORD, "made": made}))
"""


def log(text: str) -> None:
    print(text, flush=True)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Bench:
    def __init__(self, args):
        self.args = args
        self.database = args.reuse_db or args.keep_db or f"waymark_bench_{os.getpid()}"
        self.work = Path(tempfile.mkdtemp(prefix="waymark-bench-"))
        self.port = free_port()
        self.web: subprocess.Popen | None = None
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DATABASE_URL": f"{PG_URL}/{self.database}",
            "REDIS_URL": REDIS_URL,
            "DEBUG": "false",
            "DEMO_MODE": "true",
            "ALLOW_DEMO_WITHOUT_DEBUG": "true",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1",
            "MEDIA_ROOT": str(self.work / "media"),
            "LOG_LEVEL": "WARNING",
        }

    def admin_sql(self, statement: str) -> None:
        with psycopg.connect(f"{PG_URL}/postgres", autocommit=True) as connection:
            connection.execute(statement)

    def manage(self, *args: str, timeout: float = 1800) -> str:
        result = subprocess.run(  # noqa: S603 - our own manage.py, fixed arguments
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        if result.returncode:
            raise SystemExit(f"manage.py {args[0]} failed:\n{result.stdout}\n{result.stderr}")
        return result.stdout

    def prepare(self) -> dict:
        # DEBUG off: pages and PDFs name their static files from collectstatic's manifest.
        self.manage("collectstatic", "--no-input", "--verbosity", "0")
        if not self.args.reuse_db:
            started = time.monotonic()
            self.admin_sql(f'DROP DATABASE IF EXISTS "{self.database}"')
            self.admin_sql(f'CREATE DATABASE "{self.database}"')
            self.manage("migrate", "--no-input", "--verbosity", "0")
            self.manage("seed_demo", "--scale", str(self.args.schools))
            log(
                f"database {self.database}: migrated and seeded in "
                f"{time.monotonic() - started:.0f} s"
            )
        out = self.manage("shell", "--command", PLAN.replace("SCHOOLS", str(self.args.schools)))
        plan = json.loads(out.split("PLAN ", 1)[1])
        log(
            f"{len(plan['people'])} staff at {self.args.schools} schools "
            f"({plan['made']['people']} people and {plan['made']['directions']} hosted "
            "directions made for the test; the rest from seed_demo --scale)"
        )
        return plan

    def serve(self) -> None:
        self.web = subprocess.Popen(  # noqa: S603 - fixed command
            [
                str(BIN / "gunicorn"),
                "config.wsgi:application",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(self.args.workers),
                "--timeout",
                "30",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=open(self.work / "web.log", "w"),  # noqa: SIM115 - closed with the process
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        until = time.monotonic() + 30
        while time.monotonic() < until:
            with contextlib.suppress(OSError):
                request = urllib.request.Request(
                    f"http://127.0.0.1:{self.port}/healthz",
                    headers={"X-Forwarded-Proto": "https"},
                )
                with urllib.request.urlopen(request, timeout=2) as answer:  # noqa: S310
                    if answer.status == 200:
                        return
            time.sleep(0.3)
        raise SystemExit("gunicorn did not answer /healthz within 30 s")

    def load(self, plan: dict) -> Path:
        plan_file = self.work / "plan.json"
        plan_file.write_text(json.dumps(plan))
        prefix = self.work / "morning"
        locust = self.args.locust or str(BIN / "locust")
        subprocess.run(  # noqa: S603 - fixed command
            [
                locust,
                "-f",
                str(ROOT / "bench" / "load_morning_locust.py"),
                "--headless",
                "--users",
                str(self.args.users),
                "--spawn-rate",
                "10",
                "--run-time",
                f"{self.args.seconds}s",
                "--host",
                f"http://127.0.0.1:{self.port}",
                "--csv",
                str(prefix),
                "--only-summary",
                "--loglevel",
                "WARNING",
            ],
            env={**os.environ, "BENCH_PLAN": str(plan_file)},
            timeout=self.args.seconds + 60,
            check=False,
        )
        return Path(f"{prefix}_stats.csv")

    def report(self, stats: Path) -> None:
        rows = list(csv.DictReader(stats.open()))
        log(
            f"\nA school's morning: {self.args.users} staff, {self.args.schools} schools, "
            f"{self.args.seconds} s, gunicorn with {self.args.workers} workers on PostgreSQL "
            f"(load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs, this run included)"
        )
        log(f"{'request':<24}{'count':>8}{'failed':>8}{'req/s':>8}{'median ms':>11}{'p95 ms':>8}")
        for row in rows:
            log(
                f"{row['Name']:<24}{row['Request Count']:>8}{row['Failure Count']:>8}"
                f"{float(row['Requests/s']):>8.1f}{row['50%']:>11}{row['95%']:>8}"
            )

    def stop(self) -> None:
        if self.web is not None and self.web.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.web.pid, signal.SIGTERM)
            try:
                self.web.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.web.pid, signal.SIGKILL)
        # The tasks the seed and the morning queued (no worker runs here): only this database.
        with contextlib.suppress(redis.RedisError):
            redis.Redis.from_url(REDIS_URL, socket_timeout=5).flushdb()
        if not (self.args.keep_db or self.args.reuse_db):
            with contextlib.suppress(psycopg.Error):
                self.admin_sql(f'DROP DATABASE IF EXISTS "{self.database}" WITH (FORCE)')


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--schools", type=int, default=10)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers")
    parser.add_argument("--keep-db", metavar="NAME", help="make this database and keep it")
    parser.add_argument("--reuse-db", metavar="NAME", help="a database --keep-db made")
    parser.add_argument("--locust", help="the locust command (default: beside this Python)")
    bench = Bench(parser.parse_args())
    try:
        plan = bench.prepare()
        bench.serve()
        bench.report(bench.load(plan))
    finally:
        bench.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
