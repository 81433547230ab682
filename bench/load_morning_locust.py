"""A school's morning, for locust (run by bench/load_morning.py, which starts the server and
writes the plan): each simulated member of staff signs in once, then opens their home page, a
pupil's page and a case's page, and the host school's staff save the day's register (the host's
attendance for a direction it hosts: the form a host school's office saves each morning, 002:
"attendance daily").

The server runs as in production (DEBUG off) behind a TLS proxy, so every request says
X-Forwarded-Proto: https and the session and CSRF cookies are marked Secure; locust speaks plain
HTTP to gunicorn, so the cookies are sent back as the proxy would (see `_send`).
"""

import itertools
import json
import os
import random
import re

from locust import HttpUser, between, task

PLAN = json.loads(open(os.environ["BENCH_PLAN"]).read())  # noqa: SIM115 - read once at start
PEOPLE = itertools.cycle(PLAN["people"])
PASSWORD = PLAN["password"]
SESSION = re.compile(r'<select[^>]*name="(\d{4}-\d\d-\d\d-(?:am|pm))"')
NOTE = re.compile(r'name="(\d{4}-\d\d-\d\d-note)"')
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class Staff(HttpUser):
    wait_time = between(1, 3)  # a person reads a page before opening the next

    def on_start(self):
        self.me = next(PEOPLE)
        self.client.headers.update(
            {"X-Forwarded-Proto": "https", "Origin": self.host.replace("http://", "https://")}
        )
        page = self._send("GET", "/account/sign-in/", "sign in (form)")
        self._send(
            "POST",
            "/account/sign-in/",
            "sign in",
            expect=302,
            data={
                "csrfmiddlewaretoken": _csrf(page),
                "username": self.me["email"],
                "password": PASSWORD,
            },
        )

    def _send(self, method: str, path: str, name: str, *, expect: int = 200, data=None) -> str:
        for cookie in self.client.cookies:  # the proxy's HTTPS, as far as cookies are concerned
            cookie.secure = False
        with self.client.request(
            method, path, name=name, data=data, allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code != expect:
                response.failure(f"{response.status_code} for {path}, not {expect}")
            return response.text

    @task(3)
    def home_page(self):
        self._send("GET", "/", "home page")

    @task(3)
    def pupil_page(self):
        self._send("GET", random.choice(self.me["pupils"]), "a pupil's page")  # noqa: S311

    @task(2)
    def case_page(self):
        if self.me["cases"]:
            self._send("GET", random.choice(self.me["cases"]), "a case's page")  # noqa: S311

    @task(2)
    def register(self):
        if not self.me["registers"]:
            return
        path = random.choice(self.me["registers"])  # noqa: S311
        page = self._send("GET", path, "the register (open)")
        form = {"csrfmiddlewaretoken": _csrf(page)}
        form |= {name: "/" for name in SESSION.findall(page)}  # present, am and pm
        form |= {name: "" for name in NOTE.findall(page)}
        self._send("POST", path, "the register (save)", expect=302, data=form)


def _csrf(page: str) -> str:
    match = CSRF.search(page)
    return match.group(1) if match else ""
