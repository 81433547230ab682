"""The LA's record of reduced timetables filtered, searched, sorted, printed and downloaded in
SQL on the stored audit rating (issue 12), at a fixed number of queries."""

import csv
import datetime
import io

import pytest
import time_machine

from cases.reduced_timetables import services as svc
from cases.reduced_timetables.views.la import PAGE_SIZE
from tests.cases.test_reduced_timetable_support import (
    add_step,
    fill_secondary,
    make_timetable,
    on_the_004_protocol,
)
from tests.factories import PupilFactory, SchoolFactory

pytestmark = pytest.mark.django_db
NOW = datetime.datetime(2026, 11, 23, 10, 0, tzinfo=datetime.UTC)
TODAY = NOW.date()
URL = "/la/reduced-timetables/"


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture(autouse=True)
def _on_the_004_protocol(request):
    """These tests are of 004's protocol (the Director, Appendix 1 and 2): the world's LA
    follows it (test_reduced_timetable_protocols.py has the DfE's national expectations)."""
    if "world" in request.fixturenames:
        on_the_004_protocol(request.getfixturevalue("world"))


def _made(world, n=1, *, school=None, step=True, **fields):
    """`n` reduced timetables of new pupils: Green with a reintegration plan, Red without."""
    made = []
    for _ in range(n):
        timetable = make_timetable(
            world, pupil=PupilFactory(school=school or world.school), **fields
        )
        fill_secondary(timetable)
        if step:
            add_step(timetable)
        made.append(timetable)
    return made


def _pupils(response) -> list[str]:
    return [row["timetable"].pupil.last_name for row in response.context["page"].object_list]


@pytest.fixture
def officer(client, world):
    client.force_login(world.users["la_la_officer"])
    return client


# session, user, memberships; the LA's schools for the filter; the count past the limit (the
# warning); the count and the page of them, with their entries, steps and checklists; unread
# notifications (the session is not saved on every request)
QUERIES = 11


# Each filter, the search, sorts and the printable view; each is asked of few and then of many
# timetables (the same data for all of them: building it is most of the test's time).
PARAMS = [
    {"rating": "red"},
    {"rating": "amber", "past_limit": "on"},
    {"show": "running"},
    {"q": "Surname"},
    {"sort": "-rating"},
    {"sort": "limit", "show": "all"},
    {"past_limit": "on", "on": "2026-10-31", "show": "all"},
    {"print": "1"},
]


def test_each_filter_search_and_sort_takes_the_same_queries_for_few_or_many(
    officer, world, django_assert_num_queries
):
    long_ago = TODAY - datetime.timedelta(weeks=20)  # past the limit since mid-October
    running = {"state": "started", "start": long_ago, "started_on": long_ago, "weeks": 24}
    _made(world, 2)
    _made(world, 1, step=False)
    _made(world, 1, **running)
    officer.get(URL)  # warm the session and content types
    few = {}
    for params in PARAMS:
        with django_assert_num_queries(QUERIES):
            response = officer.get(URL, params)
        assert response.status_code == 200, params
        few[str(params)] = response.context["page"].paginator.count
        assert few[str(params)], params
    _made(world, PAGE_SIZE)
    _made(world, 5, step=False)
    _made(world, 5, **running)
    for params in PARAMS:
        with django_assert_num_queries(QUERIES):
            again = officer.get(URL, params)
        assert again.context["page"].paginator.count > few[str(params)], params


def test_the_rating_filter_is_the_stored_rating(officer, world):
    green = _made(world, 2)
    red = _made(world, 1, step=False)
    response = officer.get(URL, {"rating": "red"})
    assert [row["timetable"] for row in response.context["page"]] == red
    assert "1 pupil" in response.content.decode()
    assert {row["timetable"] for row in officer.get(URL, {"rating": "green"}).context["page"]} == (
        set(green)
    )


def test_it_sorts_by_the_audit_most_serious_first(officer, world):
    _made(world, 2)
    red = _made(world, 1, step=False)[0]
    svc.progress_record(
        timetable=_made(world, 1)[0],
        progress="little",
        progress_notes="",
        non_attendance=False,
        parent_dissatisfied=False,
        professional_concerns=False,
        by=world.users["school_case_lead"],
        today=TODAY,
    )
    response = officer.get(URL, {"sort": "rating"})
    ratings = [row["rating"] for row in response.context["page"]]
    assert ratings == ["red", "amber", "green", "green"]
    assert response.context["page"][0]["timetable"] == red
    page = response.content.decode()
    assert 'aria-sort="ascending"' in page and "sort=-rating" in page
    reverse_order = [row["rating"] for row in officer.get(URL, {"sort": "-rating"}).context["page"]]
    assert reverse_order == ["green", "green", "amber", "red"]


def test_it_searches_by_pupil_name_upn_or_school(officer, world):
    north = SchoolFactory(local_authority=world.la, name="Northwick Primary")
    alice = make_timetable(
        world, pupil=PupilFactory(school=world.school, first_name="Alice", last_name="Brook")
    )
    other = _made(world, 1, school=north)[0]
    assert [r["timetable"] for r in officer.get(URL, {"q": "brook"}).context["page"]] == [alice]
    by_upn = officer.get(URL, {"q": alice.pupil.upn}).context["page"]
    assert [r["timetable"] for r in by_upn] == [alice]
    assert [r["timetable"] for r in officer.get(URL, {"q": "Northwick"}).context["page"]] == [other]
    assert officer.get(URL, {"q": "nobody"}).context["page"].paginator.count == 0


def test_the_printable_view_has_every_row_on_one_page(officer, world):
    _made(world, PAGE_SIZE + 3)
    paged = officer.get(URL)
    assert len(paged.context["page"].object_list) == PAGE_SIZE
    printed = officer.get(URL, {"print": "1"})
    page = printed.content.decode()
    assert len(printed.context["page"].object_list) == PAGE_SIZE + 3
    assert "Back to the list in pages" in page and 'class="govuk-pagination"' not in page
    assert "Authorise or decline" not in page


def test_the_download_has_the_rows_the_filters_choose(officer, world):
    _made(world, 2)
    red = _made(world, 1, step=False)[0]
    response = officer.get(URL, {"format": "csv", "rating": "red"})
    header, *rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [row[0] for row in rows] == [f"{red.pupil.last_name}, {red.pupil.first_name}"]
    assert rows[0][header.index("Audit")] == "Red"
    searched = officer.get(URL, {"format": "csv", "q": red.pupil.upn})
    assert len(list(csv.reader(io.StringIO(searched.content.decode("utf-8-sig"))))) == 2


def test_past_the_limit_on_a_day_counts_those_running_then(officer, world):
    """From the LA picture's trend: past the limit on 31 October, as the records stand."""
    start = TODAY - datetime.timedelta(weeks=20)  # past the limit from mid-October
    still = _made(world, 1, state="started", started_on=start, start=start, weeks=24)[0]
    ended = _made(
        world,
        1,
        state="ended",
        started_on=start,
        start=start,
        weeks=24,
        ended_on=datetime.date(2026, 11, 2),
    )[0]
    gone_before = _made(
        world,
        1,
        state="ended",
        started_on=start,
        start=start,
        weeks=24,
        ended_on=datetime.date(2026, 10, 20),
    )[0]
    query = {"show": "all", "past_limit": "on", "on": "2026-10-31"}
    listed = {r["timetable"] for r in officer.get(URL, query).context["page"]}
    assert listed == {still, ended}
    assert gone_before not in listed
    page = officer.get(URL, query).content.decode()
    assert "past the limit that day" in page and 'name="on" value="2026-10-31"' in page
    now = {r["timetable"] for r in officer.get(URL, {"past_limit": "on"}).context["page"]}
    assert now == {still}
