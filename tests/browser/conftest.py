"""Real-browser fixtures: Debian's Chromium driven by Playwright (sync API), axe-core checks
and full-page screenshots under var/screenshots/.

Never run `playwright install`: these tests use the system Chromium at /usr/bin/chromium.
"""

import os
from pathlib import Path

import pytest

# Playwright's sync API runs an asyncio event loop in this thread, so Django would otherwise
# refuse ORM calls made by the test itself (seeding data, looking up a pupil).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import override_settings  # noqa: E402
from django.utils import timezone  # noqa: E402
from playwright.sync_api import Browser, Page, expect, sync_playwright  # noqa: E402
from pytest_django.live_server_helper import LiveServer  # noqa: E402

from demo.seed import seed  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
BASE_DIR = Path(__file__).resolve().parents[2]
SCREENSHOT_DIR = BASE_DIR / "var" / "screenshots"
AXE_JS = Path(__file__).resolve().parent / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
TIMEOUT_MS = 10_000
MAX_TARGETS = 3

expect.set_options(timeout=TIMEOUT_MS)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the item, so `page` can screenshot a failed test."""
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


@pytest.fixture(scope="package")
def live_server(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo, seeded once (for the app's today) and committed, served by one live server
    for every journey (the journeys act on different demo cases); flushed when the journeys
    are done, so no other test sees it."""
    media = tmp_path_factory.mktemp("journey-media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media):
        seed(timezone.localdate())
        server = LiveServer("localhost")
        try:
            yield server
        finally:
            server.stop()
            call_command("flush", interactive=False, verbosity=0)
            _end_other_sessions()


def _end_other_sessions() -> None:
    """The server's request threads can leave a PostgreSQL session open on the test database,
    which would stop it being dropped at the end of the run."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )


@pytest.fixture
def transactional_db(live_server, django_db_blocker):
    """pytest-django asks for this with `live_server`; here it opens the committed demo and
    flushes nothing (the package's live_server flushes once, at the end)."""
    with django_db_blocker.unblock():
        yield


@pytest.fixture(scope="package")
def chromium(live_server) -> Browser:
    """Started after the live server and closed before it stops, so no page still talks to it."""
    if not os.path.exists(CHROMIUM):
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing: CI must install chromium, not skip the journeys")
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(chromium: Browser, request) -> Page:
    """A fresh browser context (no cookies) per test; a screenshot is kept if the test fails."""
    context = chromium.new_context(
        locale="en-GB", timezone_id="Europe/London", viewport={"width": 1280, "height": 900}
    )
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    yield page
    failed = getattr(request.node, "rep_call", None)
    if failed is not None and failed.failed:
        SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=SCREENSHOT_DIR / f"failed-{request.node.name}.png", full_page=True)
    context.close()


@pytest.fixture
def screenshot():
    """screenshot(page, "01-sign-in") saves var/screenshots/01-sign-in.png (full page)."""
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)

    def take(page: Page, name: str) -> Path:
        path = SCREENSHOT_DIR / f"{name}.png"
        page.screenshot(path=path, full_page=True)
        return path

    return take


def format_axe_violations(violations: list[dict], where: str) -> str:
    """A message a developer can act on: rule, impact, what to do, and where."""
    lines = [f"axe-core found {len(violations)} accessibility violation(s) on {where}:"]
    for v in violations:
        lines.append(f"- {v['id']} [{v['impact']}] {v['help']} ({v['helpUrl']})")
        for node in v["nodes"][:MAX_TARGETS]:
            lines.append(f"    at {' '.join(node['target'])}: {node['html'][:160]}")
            if node["summary"]:
                summary = " ".join(node["summary"].split())
                lines.append(f"       {summary[:300]}")
        if len(v["nodes"]) > MAX_TARGETS:
            lines.append(f"    … and {len(v['nodes']) - MAX_TARGETS} more element(s)")
    return "\n".join(lines)


def run_axe(page: Page) -> list[dict]:
    """Inject the vendored axe-core (once per document) and return its WCAG 2.x violations."""
    page.wait_for_load_state("load")
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        # Evaluated, not added as a <script>: the pages' Content-Security-Policy allows no
        # inline script, and the test's own tool should not need it to.
        page.evaluate(AXE_JS.read_text())
    return page.evaluate(
        """async (tags) => {
            const results = await axe.run(document, {runOnly: {type: "tag", values: tags}});
            return results.violations.map((v) => ({
                id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
                nodes: v.nodes.map((n) => ({
                    target: n.target.map(String), html: n.html,
                    summary: n.failureSummary || ""})),
            }));
        }""",
        AXE_TAGS,
    )


def _govuk_conditional_reveal(violation: dict) -> bool:
    """GOV.UK Frontend's radios set aria-expanded on a radio that reveals a question: invalid
    under ARIA 1.2, kept on purpose because screen readers announce it (a known issue the
    Design System documents: alphagov/govuk-frontend#979). Only that, on those radios, is let
    through; any other attribute, or on any other element, still fails."""
    return violation["id"] == "aria-allowed-attr" and all(
        "govuk-radios__input" in node["html"]
        and "aria-controls=" in node["html"]
        and "aria-expanded" in " ".join(node["summary"].split())
        and node["summary"].count("ARIA attribute is not allowed") == 1
        for node in violation["nodes"]
    )


@pytest.fixture
def assert_accessible():
    """assert_accessible(page, "the sign-in page"): no axe-core WCAG 2.2 AA violations."""

    def check(page: Page, where: str) -> None:
        violations = [v for v in run_axe(page) if not _govuk_conditional_reveal(v)]
        if violations:
            pytest.fail(format_axe_violations(violations, f"{where} ({page.url})"))

    return check
