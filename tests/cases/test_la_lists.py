"""Every LA list the same way (issue 12): sortable columns, a search box, a printable view and
downloads with the filters, sort and search applied, the need-to-know rules of the page, and a
fixed number of queries however many rows there are."""

import csv
import datetime
import io

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases.directions.models import Direction, LaTask, ManagedMove
from cases.offsiting.models import OffSiting
from demo.calendar import seed_term_dates
from documents.models import ExportRecord
from reviews.models import Deadline
from tests.cases.test_offsiting_lifecycle import plan
from tests.conftest import SAFEGUARDING_MARKER, SEND_MARKER
from tests.factories import DirectionFactory, PupilFactory, SchoolFactory
from tests.safeguarding import make_declaration, make_placement, make_provider

D = datetime.date
TODAY = D(2026, 12, 1)
MARKERS = (SAFEGUARDING_MARKER, SEND_MARKER)


@pytest.fixture(autouse=True)
def _december():
    with time_machine.travel(datetime.datetime(2026, 12, 1, 12, tzinfo=datetime.UTC), tick=False):
        yield


@pytest.fixture
def officer(client, world):
    seed_term_dates(world.la)
    client.force_login(world.users["la_la_officer"])
    return client


def _pupil(world, name: str, school=None):
    return PupilFactory(school=school or world.school, first_name=name, last_name=f"{name}son")


def _queries(client, url, params=None) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(queries.captured_queries)


def _same_queries_for_3n(client, url, make, expected: int, params=None):
    """N rows, then 3N: the page runs `expected` queries both times."""
    make(2)
    client.get(url, params or {})  # content types and the like cached from here on
    assert _queries(client, url, params) == expected
    make(4)
    assert _queries(client, url, params) == expected


def _csv(response) -> list[list[str]]:
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def _names(response) -> list[str]:
    return [row[0] for row in _csv(response)[1:]]


# The LA's list of directions ---------------------------------------------------------------


def _directions(world, n, names=None):
    for i in range(n):
        DirectionFactory(
            pupil=_pupil(world, names[i] if names else f"Dir{Direction.objects.count()}"),
            host_school=world.host,
            state=Direction.State.ACTIVE,
            case_lead=world.users["school_case_lead"],
        )


def test_the_directions_list_runs_the_same_queries_for_3n_rows(officer, world):
    # session, user, memberships (with the LA), its schools, term dates, the count, the page
    # of directions (their deadlines in subqueries), unread notifications (the session is
    # renewed once a minute)
    _same_queries_for_3n(officer, reverse("la-directions"), lambda n: _directions(world, n), 8)


def test_the_directions_list_searches_and_sorts_in_sql(officer, world):
    _directions(world, 3, ["Ava", "Zak", "Mia"])
    url = reverse("la-directions")
    response = officer.get(url, {"q": "zakson"})
    assert [d.pupil.first_name for d in response.context["page"]] == ["Zak"]
    assert 'value="zakson"' in response.content.decode()
    response = officer.get(url, {"q": "host school", "sort": "-pupil"})
    assert [d.pupil.first_name for d in response.context["page"]] == ["Zak", "Mia", "Ava"]
    assert 'aria-sort="descending"' in response.content.decode()
    upn = Direction.objects.get(pupil__first_name="Mia").pupil.upn
    assert _names(officer.get(url, {"q": upn, "format": "csv"})) == ["Miason, Mia"]
    assert ExportRecord.objects.get().filters == f"Filtered by: search “{upn}”"


def test_the_printable_view_has_every_row_on_one_page(officer, world):
    _directions(world, 27)
    url = reverse("la-directions")
    assert len(officer.get(url).context["page"]) == 25
    response = officer.get(url, {"print": "1", "sort": "pupil"})
    assert len(response.context["page"]) == 27
    page = response.content.decode()
    assert "Back to the list in pages" in page and "Pages of directions" not in page
    assert "print=1" in officer.get(url, {"sort": "pupil"}).content.decode()


def test_each_page_of_a_sorted_list_holds_the_next_rows_in_order(officer, world):
    # A page's keys are sorted and sliced before its rows are read in full (ui.lists.KeysFirst):
    # the second page goes on where the first stopped, in the same order, sorted either way.
    names = [f"Pupil{i:02d}" for i in range(30)]
    _directions(world, 30, names)
    url = reverse("la-directions")
    for sort, expected in (("pupil", names), ("-pupil", names[::-1])):
        shown = []
        for number in (1, 2):
            page = officer.get(url, {"sort": sort, "page": number}).context["page"]
            shown += [d.pupil.first_name for d in page]
        assert shown == expected
    assert officer.get(url, {"page": 2}).context["page"].paginator.count == 30


def test_the_printed_list_says_its_filters_search_and_sort_as_the_export_records_them(
    officer, world
):
    _directions(world, 2, ["Ava", "Zak"])
    url = reverse("la-directions")
    query = {"school": world.school.pk, "state": "open", "q": "host", "sort": "-first_day"}
    page = officer.get(url, {**query, "print": "1"}).content.decode()
    words = (
        "Filtered by: home school Home School; state Any open direction; search “host”; "
        "sorted by first day, newest first"
    )
    assert f'id="list-applied">{words}</p>' in page
    officer.get(url, {**query, "format": "csv"})
    assert ExportRecord.objects.latest("pk").filters == words


def test_the_list_in_pages_does_not_print_the_filters_line(officer, world):
    _directions(world, 1, ["Ava"])
    page = officer.get(reverse("la-directions"), {"state": "open"}).content.decode()
    assert "list-applied" not in page


# Managed moves without a direction -----------------------------------------------------------


def _moves(world, n, names=None):
    for i in range(n):
        pupil = _pupil(world, names[i] if names else f"Mov{ManagedMove.objects.count()}")
        ManagedMove.objects.create(
            pupil=pupil,
            from_school=world.school,
            to_school=world.host,
            agreed_start=TODAY + datetime.timedelta(days=7 * i),
            parents_agree=i % 2 == 0,
            admission_authority_agrees=i % 2 == 0,
            funding_send=SEND_MARKER,
            recorded_by=world.users["school_case_lead"],
        )


def test_the_managed_moves_list_runs_the_same_queries_for_3n_rows(officer, world):
    # session, user, memberships (with the LA), its schools, the count, the page, unread
    # notifications (the session is renewed once a minute)
    _same_queries_for_3n(officer, reverse("la-managed-moves"), lambda n: _moves(world, n), 7)


def test_the_managed_moves_list_filters_sorts_searches_and_downloads(officer, world):
    _moves(world, 3, ["Ava", "Zak", "Mia"])  # Ava and Mia agreed by both, Zak waiting
    url = reverse("la-managed-moves")
    names = lambda r: [m.pupil.first_name for m in r.context["page"]]  # noqa: E731
    assert names(officer.get(url, {"sort": "pupil"})) == ["Ava", "Mia", "Zak"]
    assert names(officer.get(url, {"state": "agreed", "sort": "-pupil"})) == ["Mia", "Ava"]
    assert names(officer.get(url, {"state": "waiting"})) == ["Zak"]
    assert names(officer.get(url, {"q": "miason"})) == ["Mia"]
    response = officer.get(url, {"state": "agreed", "sort": "pupil", "format": "xlsx"})
    assert response["Content-Disposition"].startswith('attachment; filename="managed-moves-')
    rows = _csv(officer.get(url, {"state": "agreed", "sort": "pupil", "format": "csv"}))
    assert rows[0][:4] == ["Pupil", "UPN", "From", "To"]
    assert [r[0] for r in rows[1:]] == ["Avason, Ava", "Miason, Mia"]
    assert rows[1][5] == "Agreed"
    text = "\n".join(",".join(r) for r in rows)
    assert not any(marker in text for marker in MARKERS)  # the SEND funding is not a column
    assert ExportRecord.objects.latest("pk").filters == (
        "Filtered by: state Agreed, not yet on the new roll; sorted by pupil, A to Z"
    )


def test_another_las_school_is_missing_from_the_managed_moves_list(client, world):
    client.force_login(world.users["other_la_officer"])
    url = reverse("la-managed-moves")
    assert client.get(url, {"school": world.school.pk}).status_code == 404
    assert client.get(url, {"school": world.other_school.pk}).status_code == 200


# Back-on-Track off-sitings -------------------------------------------------------------------


@pytest.fixture
def centre(world):
    seed_term_dates(world.la)
    return SchoolFactory(
        local_authority=world.la, group=world.group, kind="centre", name="Receiving Centre"
    )


def _offsitings(world, centre, n, names=None):
    for i in range(n):
        world.pupil = _pupil(world, names[i] if names else f"Off{OffSiting.objects.count()}")
        plan(world, centre)


def test_the_off_siting_list_runs_the_same_queries_for_3n_rows(client, world, centre):
    client.force_login(world.users["head_of_service"])
    # session, user, memberships, the count, the number awaiting a decision, unread
    # notifications, the page (the session is renewed once a minute)
    _same_queries_for_3n(
        client, reverse("offsiting-list"), lambda n: _offsitings(world, centre, n), 7
    )


def test_the_off_siting_list_searches_sorts_and_downloads(officer, world, centre):
    _offsitings(world, centre, 3, ["Ava", "Zak", "Mia"])
    url = reverse("offsiting-list")
    names = lambda r: [o.pupil.first_name for o in r.context["offsitings"]]  # noqa: E731
    assert names(officer.get(url, {"sort": "pupil"})) == ["Ava", "Mia", "Zak"]
    assert names(officer.get(url, {"sort": "-pupil"})) == ["Zak", "Mia", "Ava"]
    response = officer.get(url, {"q": "zak"})
    assert names(response) == ["Zak"]
    assert 'id="id_q"' in response.content.decode()
    assert _names(officer.get(url, {"q": "receiving centre ava", "format": "csv"})) == [
        "Ava Avason"
    ]


# The LA's PSPs -------------------------------------------------------------------------------


def test_the_psp_list_searches_by_pupil_or_school(officer, world):
    from cases.psp.models import PastoralSupportProgramme
    from tests.cases.test_psp_lifecycle import make_psp

    for name in ("Ava", "Zak"):
        world.pupil = _pupil(world, name)
        make_psp(world, PastoralSupportProgramme.Stage.REVIEW)
    url = reverse("la-psps")
    names = lambda r: [p.pupil.first_name for p in r.context["page"]]  # noqa: E731
    assert names(officer.get(url, {"q": "ZAK"})) == ["Zak"]  # still the open ones only
    assert names(officer.get(url, {"q": "home school", "sort": "-pupil"})) == ["Zak", "Ava"]
    assert names(officer.get(url, {"q": "nobody"})) == []
    assert _names(officer.get(url, {"q": "avason", "format": "csv"})) == ["Avason, Ava"]


def test_the_psp_list_runs_the_same_queries_for_3n_rows(officer, world):
    from cases.psp.models import PastoralSupportProgramme
    from tests.cases.test_psp_lifecycle import make_psp

    def make(n):
        for _ in range(n):
            world.pupil = _pupil(world, f"Psp{PastoralSupportProgramme.objects.count()}")
            make_psp(world, PastoralSupportProgramme.Stage.REVIEW)

    # session, user, memberships (with the LA), term dates, its schools (the filter), the
    # count, the page, unread notifications (the session is renewed once a minute)
    _same_queries_for_3n(officer, reverse("la-psps"), make, 8, {"q": "son"})


# AP placements -------------------------------------------------------------------------------


@pytest.fixture
def providers(world):
    made = [make_provider(world.la, name) for name in ("Pathways", "Riverside Farm")]
    for provider in made:
        make_declaration(
            provider, TODAY - datetime.timedelta(days=30), world.users["la_la_safeguarding"]
        )
    return made


def _placements(world, provider, n, names=None, school=None, **fields):
    made = []
    for i in range(n):
        pupil = _pupil(world, names[i] if names else f"Ap{provider.pk}x{i}", school=school)
        made.append(
            make_placement(
                pupil,
                provider,
                world.users["school_key_adult"],
                fields.pop("start", TODAY - datetime.timedelta(days=14)),
                fields.pop("end", TODAY + datetime.timedelta(days=28)),
                rationale=SAFEGUARDING_MARKER,
                objectives=SEND_MARKER,
                **fields,
            )
        )
    return made


def test_the_ap_placements_list_runs_the_same_queries_for_3n_rows(officer, world, providers):
    made = iter(range(100))

    def make(n):
        _placements(world, providers[0], n, [f"Ap{next(made)}" for _ in range(n)])

    # session, user, memberships (with the LA), its providers, its schools, the count, the
    # page, by provider, by school, unread notifications (the session is renewed once a minute)
    _same_queries_for_3n(officer, reverse("la-ap-placements"), make, 10)


def test_the_ap_placements_list_counts_by_provider_and_school(officer, world, providers):
    pathways, farm = providers
    _placements(world, pathways, 2, ["Ava", "Zak"])
    _placements(world, farm, 1, ["Mia"], school=world.host)
    _placements(world, farm, 1, ["Old"], start=D(2026, 9, 7), end=D(2026, 10, 16))
    _placements(world, farm, 1, ["New"], start=TODAY + datetime.timedelta(days=7))
    url = reverse("la-ap-placements")
    response = officer.get(url)
    names = lambda r: sorted(p.pupil.first_name for p in r.context["page"])  # noqa: E731
    assert names(response) == ["Ava", "Mia", "New", "Zak"]  # current or to come
    assert [(r["name"], r["n"]) for r in response.context["by_provider"]] == [
        ("Pathways", 2),
        ("Riverside Farm", 2),
    ]
    assert [(r["name"], r["n"]) for r in response.context["by_school"]] == [
        ("Home School", 3),
        ("Host School", 1),
    ]
    page = response.content.decode()
    assert f"?provider={pathways.pk}" in page and f"?school={world.host.pk}" in page
    assert names(officer.get(url, {"show": "current"})) == ["Ava", "Mia", "Zak"]
    assert names(officer.get(url, {"show": "ended"})) == ["Old"]
    assert names(officer.get(url, {"show": "all", "provider": farm.pk})) == ["Mia", "New", "Old"]
    assert names(officer.get(url, {"school": world.host.pk})) == ["Mia"]
    assert names(officer.get(url, {"q": "riverside"})) == ["Mia", "New"]
    response = officer.get(url, {"sort": "-pupil"})
    assert [p.pupil.first_name for p in response.context["page"]] == ["Zak", "New", "Mia", "Ava"]
    assert SAFEGUARDING_MARKER not in page and SEND_MARKER not in page


def test_the_ap_placements_download_has_the_filtered_rows_and_no_hidden_detail(
    client, world, providers
):
    pathways, farm = providers
    _placements(world, pathways, 1, ["Ava"])
    _placements(world, farm, 1, ["Mia"], ended_on=TODAY, end_outcome=SAFEGUARDING_MARKER)
    for role in ("la_la_officer", "la_director"):  # neither may read safeguarding or SEND
        client.force_login(world.users[role])
        response = client.get(
            reverse("la-ap-placements"), {"show": "all", "provider": farm.pk, "format": "csv"}
        )
        header, *rows = _csv(response)
        assert header[:4] == ["Pupil", "UPN", "School", "Provider"]
        assert [(r[0], r[3], r[6], r[9]) for r in rows] == [
            ("Miason, Mia", "Riverside Farm", "2026-12-01", "Ended")
        ]
        assert not any(marker in response.content.decode() for marker in MARKERS)
    record = ExportRecord.objects.latest("pk")
    assert (record.what, record.rows, record.filters) == (
        "AP placements",
        1,
        "Filtered by: provider Riverside Farm; placements All",
    )


def test_the_ap_placements_list_is_the_las_own(client, world, providers):
    _placements(world, providers[0], 1, ["Ava"])
    client.force_login(world.users["other_la_officer"])
    url = reverse("la-ap-placements")
    assert list(client.get(url).context["page"]) == []
    assert client.get(url, {"provider": providers[0].pk}).status_code == 404
    assert client.get(url, {"school": world.school.pk}).status_code == 404
    client.force_login(world.users["school_case_lead"])
    assert client.get(url).status_code == 403
    client.force_login(world.users["la_la_send"])  # the world's pupil has an EHCP; Ava not
    assert list(client.get(url).context["page"]) == []


def test_the_la_picture_and_the_register_link_to_the_list(client, officer, world, providers):
    from cases import registry

    _placements(world, providers[0], 2, ["Ava", "Zak"])
    _placements(world, providers[0], 1, ["New"], start=TODAY + datetime.timedelta(days=7))
    page = officer.get(reverse("provider-list")).content.decode()
    assert f'{reverse("la-ap-placements")}?provider={providers[0].pk}"' in page
    assert ">3<" in page  # the register's "pupils now" counts those to come, as the list does
    (picture,) = [
        p
        for case_type, pictures in registry.each("la_picture")
        for p in pictures
        if p.list_url == "la-ap-placements"
    ]
    assert (picture.query, picture.by_school) == ("show=current", True)
    listed = officer.get(
        reverse("la-ap-placements"), {"show": "current", "school": world.school.pk}
    )
    assert listed.context["page"].paginator.count == 2  # the picture's number for the school
    client.force_login(world.users["la_la_admin"])  # the register, but not the LA's lists
    assert reverse("la-ap-placements") not in client.get(reverse("provider-list")).content.decode()


# LA tasks ------------------------------------------------------------------------------------


def _tasks(world, n, names=None, assigned_to=None):
    for i in range(n):
        pupil = _pupil(world, names[i] if names else f"Task{LaTask.objects.count()}")
        LaTask.objects.create(
            local_authority=world.la,
            kind=LaTask.Kind.PORTAL_RETURN if i % 2 else LaTask.Kind.SPREADSHEET,
            pupil=pupil,
            school=world.school,
            assigned_to=assigned_to,
            notes=SAFEGUARDING_MARKER,
        )


def test_the_task_list_runs_the_same_queries_for_3n_rows(officer, world):
    def make(n):
        _tasks(world, n)
        _tasks(world, n, assigned_to=world.users["la_la_officer"])

    # session, user, memberships (with the LA), its own tasks, the others' count, the others'
    # page, unread notifications (the session is renewed once a minute)
    _same_queries_for_3n(officer, reverse("la-tasks"), make, 7)


def test_the_task_list_searches_sorts_and_downloads(officer, world):
    _tasks(world, 3, ["Ava", "Zak", "Mia"])
    _tasks(world, 1, ["Bob"], assigned_to=world.users["la_la_officer"])
    url = reverse("la-tasks")
    response = officer.get(url, {"sort": "-pupil"})
    assert [t.pupil.first_name for t in response.context["page"]] == ["Zak", "Mia", "Ava"]
    assert [t.pupil.first_name for t in response.context["mine"]] == ["Bob"]
    response = officer.get(url, {"q": "mia"})
    assert [t.pupil.first_name for t in response.context["page"]] == ["Mia"]
    assert response.context["mine"] == []
    header, *rows = _csv(officer.get(url, {"sort": "pupil", "format": "csv"}))
    assert header == ["Task", "Pupil", "UPN", "School", "Since", "Assigned to"]
    assert [r[1] for r in rows] == ["Ava Avason", "Bob Bobson", "Mia Miason", "Zak Zakson"]
    assert not any(SAFEGUARDING_MARKER in cell for row in rows for cell in row)
    assert _csv(officer.get(url, {"q": "zak", "format": "csv"}))[1][1] == "Zak Zakson"


# Due ------------------------------------------------------------------------------------------


def _due(world, overdue: int, soon: int, names=None):
    names = iter(names or [])
    for i in range(overdue + soon):
        direction = DirectionFactory(
            pupil=_pupil(world, next(names, f"Due{Deadline.objects.count()}")),
            state=Direction.State.ACTIVE,
            case_lead=world.users["school_case_lead"],
        )
        Deadline.objects.create(
            pupil=direction.pupil,
            school=world.school,
            case=direction,
            kind=Deadline.Kind.FIRST_REVIEW,
            key="first-review",
            due=TODAY + datetime.timedelta(days=(i - overdue) if i < overdue else i - overdue),
            responsible=direction.case_lead,
            owner_school=world.school,
            state=Deadline.State.OVERDUE if i < overdue else Deadline.State.DUE,
        )


def test_everyones_due_counts_every_row_and_pages_them(officer, world):
    _due(world, 60, 5)
    url = reverse("due")
    response = officer.get(url, {"show": "all"})
    assert response.context["counts"] == {"overdue": 60, "soon": 5}
    overdue, soon = response.context["sections"]
    assert (len(overdue["page"]), len(soon["page"])) == (50, 5)
    page = response.content.decode()
    assert "Overdue (60)" in page and "Due in the next 7 days (5)" in page
    assert "See all 60 overdue" in page and "show=all&amp;when=overdue" in page
    response = officer.get(url, {"show": "all", "when": "overdue", "page": 2})
    (overdue,) = response.context["sections"]
    assert (overdue["page"].number, len(overdue["page"])) == (2, 10)
    assert "Overdue (60)" in response.content.decode()
    (overdue,) = officer.get(url, {"show": "all", "when": "overdue", "print": 1}).context[
        "sections"
    ]
    assert len(overdue["page"]) == 60


def test_everyones_due_runs_the_same_queries_for_3n_rows(officer, world):
    # session, user, memberships, the two counts (one query), the overdue rows, the rows due
    # soon, their cases (one query for each of the six kinds of case with deadlines: see
    # tests/reviews/test_due_queries.py), unread notifications (the session is renewed once a
    # minute)
    _same_queries_for_3n(
        officer,
        reverse("due"),
        lambda n: _due(world, n, n),
        13,
        {"show": "all"},
    )


def test_due_searches_sorts_and_downloads(officer, world):
    _due(world, 2, 1, ["Ava", "Zak", "Mia"])
    url = reverse("due")
    firsts = lambda r: [  # noqa: E731
        [d.pupil.first_name for d in section["page"]] for section in r.context["sections"]
    ]
    assert firsts(officer.get(url, {"show": "all", "sort": "-pupil"})) == [["Zak", "Ava"], ["Mia"]]
    response = officer.get(url, {"show": "all", "q": "zak"})
    assert firsts(response) == [["Zak"], []]
    assert response.context["counts"] == {"overdue": 1, "soon": 0}
    header, *rows = _csv(officer.get(url, {"show": "all", "when": "overdue", "format": "csv"}))
    assert header == ["Due", "Overdue", "Pupil", "School", "What", "Who"]
    assert [(r[1], r[2]) for r in rows] == [("Yes", "Ava Avason"), ("Yes", "Zak Zakson")]
    assert ExportRecord.objects.latest("pk").filters == "Filtered by: everyone's; overdue"


# What the lists share ------------------------------------------------------------------------


def test_a_list_request_keeps_the_filters_sort_and_search_for_its_links():
    from django.http import QueryDict

    from ui.lists import list_request, query_with

    asked = list_request(QueryDict("state=open&q=+Ava++Smith+&sort=-pupil&page=3&format=xlsx"))
    assert (asked.fmt, asked.printing, asked.search) == ("xlsx", False, "Ava Smith")
    assert asked.querystring == "state=open&q=Ava+Smith&sort=-pupil"
    assert query_with(asked.query, school=7).endswith("&school=7")
    blank = list_request(QueryDict("q=+&print=1"))
    assert (blank.querystring, blank.printing, blank.search) == ("", True, "")


def test_a_list_described_in_words_counts_only_what_applied():
    from django import forms
    from django.http import QueryDict

    from ui.lists import describe_list, list_request

    class Filters(forms.Form):
        rating = forms.ChoiceField(
            label="Audit rating", required=False, choices=[("", "Any"), ("red", "Red")]
        )
        weeks = forms.IntegerField(label="Weeks", required=False, min_value=1)

    def words(query, **kwargs):
        asked = list_request(QueryDict(query))
        return describe_list(asked, Filters(asked.query), **kwargs)

    assert words("rating=red&q=smith&sort=-start", sorts=["start"]) == (
        "Filtered by: audit rating Red; search “smith”; sorted by start date, newest first"
    )
    assert words("sort=pupil", sorts=["pupil"]) == "Sorted by pupil, A to Z"
    assert words("sort=upn", sorts=["pupil"]) == ""  # not a column the list sorts by
    assert words("rating=") == ""
    assert words("weeks=0&rating=red") == ""  # the form refused: the page shows its errors
