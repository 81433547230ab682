"""Production-shape smoke test (issue 13): the parts a real deployment runs, together.

gunicorn with two workers, a Celery worker and Celery beat, on a fresh PostgreSQL database and
Redis, with DEBUG off and production settings (SECRET_KEY, ALLOWED_HOSTS, secure cookies, HSTS,
two-factor sign-in), sending mail to an SMTP server of its own (aiosmtpd). Through HTTP, as a
browser behind the TLS proxy would (X-Forwarded-Proto: https), it:

- signs in as a case lead and sets up two-factor sign-in the only way production allows: the
  one-time link the worker emails, then a code from the authenticator secret the link shows
  (no test-only setting or back door);
- sees beat run the deadline refresh (a schedule every few seconds, added as a row of
  django-celery-beat's database scheduler, as an operator would in the admin) by the direction's
  notice deadline appearing on the Due page;
- sends the direction letter, sees it arrive at the SMTP server once (by Message-ID) with its
  PDF, sees "Sent" on the case page, and sees a second press of the same button send nothing.

    .venv/bin/python scripts/smoke_production.py [--template-db NAME]

It makes and drops its own database (a copy of NAME when given: CI passes the database it has
just migrated; otherwise it runs every migration itself, which is not counted in the limit),
uses Redis database 13 at 127.0.0.1:6379 (SMOKE_REDIS_URL) and flushes only that one, and
stops every process it started, on failure too. Everything after the schema is ready must
finish within 90 seconds. It prints what it checked; exit status 0 when all passed.
"""

import argparse
import base64
import contextlib
import email
import hashlib
import hmac
import http.client
import json
import os
import re
import secrets
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from http.cookies import SimpleCookie
from pathlib import Path

import psycopg
import redis
from aiosmtpd.controller import Controller

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
LIMIT = 90  # seconds, from the moment the database's schema is ready
PG_URL = os.environ.get("SMOKE_PG_URL", "postgres://postgres@127.0.0.1:5432")
REDIS_URL = os.environ.get("SMOKE_REDIS_URL", "redis://127.0.0.1:6379/13")
PASSWORD = secrets.token_urlsafe(18)
LEAD_EMAIL = "casey.lead@home.smoke.test"
PARENT_EMAIL = "pat.parent@home.smoke.test"
REFRESH_EVERY = 3  # seconds: the smoke's own beat schedule for the deadline refresh

# Run by `manage.py shell` against the fresh database: one LA, a home and a host school, a case
# lead and a headteacher, a pupil with a parent, a decided direction (the letter not yet sent),
# and the beat schedule. No deadline rows: the beat refresh makes them.
SEED = f"""
import datetime, json
from django.utils import timezone
from django_celery_beat.models import IntervalSchedule, PeriodicTask
from cases.directions.models import Direction
from cases.pupils.models import ParentCarer, Pupil
from demo.calendar import seed_term_dates
from demo.pupils import make_upn
from reviews.models import Deadline
from tenancy.models import LocalAuthority, Membership, Role, School, User
from tenancy.services import grant_host_access

today = timezone.localdate()
la = LocalAuthority.objects.create(name="Smokeshire", code="899", nation="england")
seed_term_dates(la)
school = dict(local_authority=la, phase="secondary", kind="maintained", address="1 Test Road",
              postcode="TE1 1ST", headteacher_name="Hilary Head", dsl_name="Dee Ess-Ell")
home = School.objects.create(name="Smoke Home School", urn="199001", dfe_number="899/4001",
                             email="office@home.smoke.test", **school)
host = School.objects.create(name="Smoke Host School", urn="199002", dfe_number="899/4002",
                             **school)
lead = User.objects.create_user({LEAD_EMAIL!r}, {PASSWORD!r}, full_name="Casey Lead")
head = User.objects.create_user("hilary.head@home.smoke.test", None, full_name="Hilary Head")
Membership.objects.create(user=lead, school=home, role=Role.CASE_LEAD)
Membership.objects.create(user=head, school=home, role=Role.HEADTEACHER)
pupil = Pupil.objects.create(school=home, first_name="Sam", last_name="Smoke",
                             upn=make_upn("899", home.dfe_establishment(), 20, 1),
                             gender="female", date_of_birth=datetime.date(2013, 5, 17),
                             home_address="2 Home Street")
ParentCarer.objects.create(pupil=pupil, name="Pat Parent", relationship="Mother",
                           email={PARENT_EMAIL!r})
grant_host_access(pupil, host)
direction = Direction.objects.create(
    pupil=pupil, home_school=home, host_school=host, case_lead=lead,
    state=Direction.State.DECIDED, reasons="Persistent disruption in lessons",
    objectives="Attend every lesson", success_criteria="No suspensions for six weeks",
    planned_start=today + datetime.timedelta(days=7),
    planned_end=today + datetime.timedelta(days=70),
    host_approached_on=today - datetime.timedelta(days=14),
    host_agreed_on=today - datetime.timedelta(days=13),
    decided_by=head, decided_on=today - datetime.timedelta(days=10),
    delegation=Direction.Delegation.PERSON, delegation_details="Headteacher",
    checklist_confirmed=True, report_to_name="Ms Fatima Begum", report_to_role="Head of Year 9",
    # The statutory notice's details: the letter is refused while any is blank (issue 14).
    start_time=datetime.time(8, 45), end_time=datetime.time(15, 15), days="Monday to Friday",
    break_times="Break 10:45 to 11:00; lunch 12:30 to 13:15",
)
Deadline.objects.all().delete()
every, _ = IntervalSchedule.objects.get_or_create(every={REFRESH_EVERY},
                                                  period=IntervalSchedule.SECONDS)
PeriodicTask.objects.create(name="smoke: refresh deadlines", interval=every,
                            task="reviews.tasks.refresh_all_deadlines")
print("SEEDED " + json.dumps({{"direction": direction.pk}}))
"""


class SmokeFailed(Exception):
    pass


class OutOfTime(BaseException):
    """The time limit: a BaseException so no retry loop on the way swallows it."""


def log(text: str) -> None:
    print(text, flush=True)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(what: str, found, timeout: float, every: float = 0.25):
    """Poll `found()` until it returns something true; fail after `timeout` seconds."""
    until = time.monotonic() + timeout
    while time.monotonic() < until:
        result = found()
        if result:
            return result
        time.sleep(every)
    raise SmokeFailed(f"{what}: not within {timeout:.0f} s")


class MailServer:
    """The smoke's SMTP server: it keeps every message it accepted."""

    def __init__(self):
        self.port = free_port()
        self.received: list[email.message.Message] = []
        self._lock = threading.Lock()
        self._controller = Controller(self, hostname="127.0.0.1", port=self.port)

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        with self._lock:
            self.received.append(email.message_from_bytes(envelope.original_content))
        return "250 OK"

    def to(self, address: str) -> list[email.message.Message]:
        with self._lock:
            return [m for m in self.received if address in (m["To"] or "")]


class Browser:
    """A browser behind the TLS-terminating proxy: it keeps cookies (Secure ones too: the proxy
    speaks HTTPS to the person) and sends what the proxy adds."""

    def __init__(self, port: int):
        self.port = port
        self.origin = f"https://127.0.0.1:{port}"
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, form: dict | None = None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        headers = {
            "Host": f"127.0.0.1:{self.port}",
            "X-Forwarded-Proto": "https",
            "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
        }
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = self.origin
            headers["Referer"] = self.origin + path
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode("utf-8", "replace")
        finally:
            connection.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            cookie = SimpleCookie(header)
            for name, morsel in cookie.items():
                if morsel["max-age"] == "0" or morsel.value == "":
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        return response, text

    def get(self, path: str, status: int = 200):
        response, text = self.request("GET", path)
        if response.status != status:
            raise SmokeFailed(f"GET {path} answered {response.status}, not {status}")
        return response, text

    def post(self, path: str, form: dict, status: int = 302):
        page = form.pop("_page", None)
        form = {"csrfmiddlewaretoken": csrf_token(page), **form} if page else form
        response, text = self.request("POST", path, form)
        if response.status != status:
            raise SmokeFailed(f"POST {path} answered {response.status}, not {status}: {text[:300]}")
        return response, text


def csrf_token(page: str) -> str:
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    if not match:
        raise SmokeFailed("no CSRF token in the form")
    return match.group(1)


def totp(secret_b32: str, at: float) -> str:
    """RFC 6238 (SHA-1, 30 s, 6 digits): the code an authenticator app shows."""
    key = base64.b32decode(secret_b32.replace(" ", "").upper() + "=" * (-len(secret_b32) % 8))
    digest = hmac.new(key, struct.pack(">Q", int(at // 30)), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    number = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{number % 1_000_000:06d}"


def text_of(message: email.message.Message) -> str:
    parts = message.walk() if message.is_multipart() else [message]
    return "".join(
        part.get_payload(decode=True).decode("utf-8", "replace")
        for part in parts
        if part.get_content_type() == "text/plain"
    )


class Smoke:
    def __init__(self, template_db: str | None):
        self.template_db = template_db
        self.database = f"waymark_smoke_{os.getpid()}"
        self.work = Path(tempfile.mkdtemp(prefix="waymark-smoke-"))
        self.processes: dict[str, subprocess.Popen] = {}
        self.mail = MailServer()
        self.web_port = free_port()
        self.checked: list[str] = []
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DATABASE_URL": f"{PG_URL}/{self.database}",
            "REDIS_URL": REDIS_URL,
            "EMAIL_URL": f"smtp://127.0.0.1:{self.mail.port}",
            "DEFAULT_FROM_EMAIL": "Waymark <no-reply@waymark.smoke.test>",
            "SITE_URL": f"https://127.0.0.1:{self.web_port}",
            "DEBUG": "false",
            "DEMO_MODE": "false",
            "OTP_REQUIRED": "true",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1",
            "MEDIA_ROOT": str(self.work / "media"),
            "CELERY_TASK_ALWAYS_EAGER": "false",
            "LOG_LEVEL": "INFO",
            "PYTHONUNBUFFERED": "1",
        }

    def ok(self, text: str) -> None:
        self.checked.append(text)
        log(f"  ok  {text}")

    # Set-up and clean-up ---------------------------------------------------------------

    def admin_sql(self, *statements: str) -> None:
        with psycopg.connect(f"{PG_URL}/postgres", autocommit=True) as connection:
            for statement in statements:
                connection.execute(statement)

    def make_database(self) -> None:
        self.admin_sql(f'DROP DATABASE IF EXISTS "{self.database}"')
        if self.template_db:
            self.admin_sql(f'CREATE DATABASE "{self.database}" TEMPLATE "{self.template_db}"')
            log(f"database {self.database}: a copy of the migrated {self.template_db}")
            return
        self.admin_sql(f'CREATE DATABASE "{self.database}"')
        started = time.monotonic()
        self.manage("migrate", "--no-input", "--verbosity", "0", timeout=300)
        log(f"database {self.database}: migrated in {time.monotonic() - started:.0f} s")

    def manage(self, *args: str, timeout: float) -> str:
        result = subprocess.run(  # noqa: S603 - our own manage.py, fixed arguments
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        if result.returncode:
            raise SmokeFailed(f"manage.py {args[0]} failed:\n{result.stdout}\n{result.stderr}")
        return result.stdout

    def start(self, name: str, command: list[str]) -> None:
        output = open(self.work / f"{name}.log", "w")  # noqa: SIM115 - closed with the process
        self.processes[name] = subprocess.Popen(  # noqa: S603 - fixed commands
            command,
            cwd=ROOT,
            env=self.env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: stopped with all its children
        )

    def stop_all(self) -> None:
        for process in self.processes.values():
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.processes.values():
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=5)
            with contextlib.suppress(ProcessLookupError):  # workers left by a killed master
                os.killpg(process.pid, signal.SIGKILL)

    def clean_up(self, failed: bool) -> None:
        self.stop_all()
        with contextlib.suppress(Exception):
            self.mail._controller.stop()
        if failed:
            for name in self.processes:
                lines = (self.work / f"{name}.log").read_text(errors="replace").splitlines()
                log(f"--- last lines of {name}'s log ---")
                log("\n".join(lines[-25:]))
        try:
            self.admin_sql(f'DROP DATABASE IF EXISTS "{self.database}" WITH (FORCE)')
        except psycopg.Error as error:
            log(f"could not drop {self.database}: {error}")
        with contextlib.suppress(redis.RedisError):
            redis.Redis.from_url(REDIS_URL).flushdb()
        shutil.rmtree(self.work, ignore_errors=True)

    # The run ---------------------------------------------------------------------------

    def run(self) -> None:
        redis_db = redis.Redis.from_url(REDIS_URL, socket_timeout=5)
        redis_db.ping()
        redis_db.flushdb()
        self.make_database()
        started = time.monotonic()
        signal.signal(signal.SIGALRM, self._out_of_time)
        signal.alarm(LIMIT)

        self.mail._controller.start()
        self.manage("collectstatic", "--no-input", "--verbosity", "0", timeout=LIMIT)
        seeded = self.manage("shell", "--command", SEED, timeout=LIMIT)
        direction = json.loads(seeded.split("SEEDED ", 1)[1])["direction"]
        log(f"seeded: one LA, two schools, a case lead, a pupil, direction {direction}")

        self.start(
            "web",
            [
                str(BIN / "gunicorn"),
                "config.wsgi:application",
                "--bind",
                f"127.0.0.1:{self.web_port}",
                "--workers",
                "2",
                "--timeout",
                "30",
            ],
        )
        self.start(
            "worker",
            [str(BIN / "celery"), "-A", "config", "worker", "--concurrency=1", "--loglevel=INFO"],
        )
        self.start("beat", [str(BIN / "celery"), "-A", "config", "beat", "--loglevel=INFO"])
        self.check_web(direction)
        log(f"\nAll {len(self.checked)} checks passed in {time.monotonic() - started:.0f} s.")

    def _out_of_time(self, signum, frame):
        raise OutOfTime(f"the smoke test took more than {LIMIT} s")

    def check_web(self, direction: int) -> None:
        browser = Browser(self.web_port)

        def healthy():
            with contextlib.suppress(OSError):
                return browser.request("GET", "/healthz")[0].status == 200
            return False

        wait_for("gunicorn answering /healthz", healthy, 30)
        response, _page = browser.get("/healthz")
        self.ok("gunicorn answers /healthz with 200 (the database is reachable)")
        web = self.processes["web"].pid
        wait_for("gunicorn's two workers", lambda: len(children(web)) == 2, 15)
        self.ok("gunicorn runs with two workers")
        for header in ("Content-Security-Policy", "Strict-Transport-Security"):
            if not response.headers.get(header):
                raise SmokeFailed(f"no {header} header with DEBUG off")
        self.ok("DEBUG is off: security headers (CSP, HSTS) are on the answer")

        _response, page = browser.get("/account/sign-in/")
        browser.post(
            "/account/sign-in/", {"_page": page, "username": LEAD_EMAIL, "password": PASSWORD}
        )
        response, _page = browser.request("GET", "/due/")
        if response.status != 302 or "/account/two-factor/" not in response.headers["Location"]:
            raise SmokeFailed("the password alone opened a page: two-factor is not required")
        self.ok("signed in with the password; pages still ask for the second factor")

        _response, page = browser.get("/account/two-factor/")
        link_email = wait_for(
            "the two-factor set-up link by email (worker and SMTP)",
            lambda: self.mail.to(LEAD_EMAIL),
            30,
        )[0]
        link = re.search(r"https://\S+/account/two-factor/enrol/\S+/", text_of(link_email))
        if not link:
            raise SmokeFailed("the set-up email has no link")
        self.ok("the worker emailed the one-time set-up link to the SMTP server")
        path = urllib.parse.urlsplit(link.group(0)).path
        _response, page = browser.get(path)
        secret = re.search(r"<code[^>]*>([A-Z2-7]+)</code>", page).group(1)
        _response, page = browser.post(
            path, {"_page": page, "code": totp(secret, time.time())}, status=200
        )
        if "recovery" not in page.lower():
            raise SmokeFailed("setting up two-factor did not show the recovery codes")
        browser.get("/due/?show=all")
        self.ok("two-factor set up from the emailed link with a TOTP code; signed in fully")

        notice = "Written notice of the direction to parents"
        wait_for(
            "beat's deadline refresh (the notice deadline on the Due page)",
            lambda: notice in browser.get("/due/?show=all")[1],
            REFRESH_EVERY * 6,
            every=1,
        )
        beat_log = (self.work / "beat.log").read_text(errors="replace")
        if "smoke: refresh deadlines" not in beat_log:
            raise SmokeFailed("the deadlines were refreshed, but not by beat")
        self.ok(f"beat ran the deadline refresh: '{notice}' is on the Due page")

        _response, page = browser.get(f"/directions/{direction}/")
        send = re.search(r'href="([^"]+)">Send the direction letter to parents<', page)
        if not send:
            raise SmokeFailed("the direction page offers no 'Send the direction letter'")
        _response, page = browser.get(send.group(1))
        key = re.search(r'name="send_key" value="([^"]+)"', page).group(1)
        token = csrf_token(page)
        browser.post(send.group(1), {"csrfmiddlewaretoken": token, "send_key": key})
        letters = wait_for(
            "the direction letter at the SMTP server (worker, PDF, outbox)",
            lambda: self.mail.to(PARENT_EMAIL),
            45,
        )
        pdfs = [p for p in letters[0].walk() if p.get_content_type() == "application/pdf"]
        if not pdfs or not pdfs[0].get_payload(decode=True).startswith(b"%PDF"):
            raise SmokeFailed("the letter arrived without its PDF")
        self.ok("the direction letter arrived at the SMTP server, with its PDF")

        # The same confirmation page pressed again (a double click): nothing more is sent.
        browser.request("POST", send.group(1), {"csrfmiddlewaretoken": token, "send_key": key})
        wait_for(
            "'Sent' on the direction page",
            lambda: ">Sent</strong>" in browser.get(f"/directions/{direction}/")[1],
            15,
        )
        time.sleep(3)  # anything sent twice would have arrived by now
        ids = [m["Message-ID"] for m in self.mail.to(PARENT_EMAIL)]
        if len(ids) != 1 or not ids[0].startswith("<waymark-letter-"):
            raise SmokeFailed(f"the parent received {len(ids)} emails: {ids}")
        self.ok(f"it arrived once ({ids[0]}), also after a second press of the same button")
        self.ok("the direction page shows the email as 'Sent'")


def children(pid: int) -> list[int]:
    """The process ids whose parent is `pid` (from /proc)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, IndexError, ValueError):
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(stat.parent.name))
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--template-db", help="copy this migrated, empty database instead of migrating one"
    )
    args = parser.parse_args()
    smoke = Smoke(args.template_db)
    log(f"Production-shape smoke test (limit {LIMIT} s once the schema is ready)")
    failed = True
    try:
        smoke.run()
        failed = False
    except (SmokeFailed, OutOfTime, subprocess.TimeoutExpired, OSError, psycopg.Error) as error:
        log(f"\nFAILED: {error}")
    finally:
        signal.alarm(0)
        smoke.clean_up(failed)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
