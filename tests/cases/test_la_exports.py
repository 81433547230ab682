"""The LA's lists as spreadsheets (issue 12): the filtered rows, safe cells, each export kept."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from cases.directions.models import Direction
from documents.models import ExportRecord
from tests.cases.hosting import hosted_direction
from tests.cases.test_offsiting_lifecycle import plan, receiving
from tests.factories import PupilFactory

__all__ = ["receiving"]  # the fixture, imported for these tests


@pytest.fixture
def directions(world):
    hosted_direction(world)
    evil = PupilFactory(school=world.school, first_name="=HYPERLINK(1)", last_name="@Sum", upn="E1")
    hosted_direction(world, pupil=evil, state=Direction.State.PROPOSED)


def _csv(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_the_csv_has_the_filtered_rows_with_formulas_made_text(client, world, directions):
    client.force_login(world.users["la_la_officer"])
    response = client.get(reverse("la-directions"), {"format": "csv"})
    assert response["Content-Disposition"].startswith('attachment; filename="directions-')
    header, *rows = _csv(response)
    assert header[:3] == ["Pupil", "Home school", "Host"]
    assert len(rows) == 2
    assert "'@Sum, =HYPERLINK(1)" in [row[0] for row in rows]
    record = ExportRecord.objects.get()
    assert (record.user, record.rows, record.file_format) == (
        world.users["la_la_officer"],
        2,
        "csv",
    )
    response = client.get(reverse("la-directions"), {"format": "csv", "state": "active"})
    assert [row[0] for row in _csv(response)[1:]] == ["Home, Alex"]
    assert ExportRecord.objects.latest("pk").filters == "Filtered by: state Active"


def test_the_excel_file_opens_with_the_same_rows(client, world, directions):
    client.force_login(world.users["la_la_officer"])
    response = client.get(reverse("la-directions"), {"format": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0][0] == "Pupil" and len(values) == 3
    assert "'@Sum, =HYPERLINK(1)" in [row[0] for row in values]


def test_another_la_and_school_staff_cannot_export(client, world, directions):
    client.force_login(world.users["other_la_officer"])
    assert len(_csv(client.get(reverse("la-directions"), {"format": "csv"}))) == 1  # header
    client.force_login(world.users["school_case_lead"])
    assert client.get(reverse("la-directions"), {"format": "csv"}).status_code == 403


def test_the_psp_list_downloads_its_rows(client, world):
    from cases.psp.models import PastoralSupportProgramme
    from tests.cases.test_psp_lifecycle import make_psp

    make_psp(world, PastoralSupportProgramme.Stage.REVIEW)
    client.force_login(world.users["la_la_officer"])
    header, *rows = _csv(client.get(reverse("la-psps"), {"format": "csv"}))
    assert header[0] == "Pupil" and [row[0] for row in rows] == ["Home, Alex"]
    assert ExportRecord.objects.get().what == "Pastoral Support Programmes"


def test_the_reduced_timetable_record_keeps_ended_ones_and_downloads_them(client, world):
    from cases.reduced_timetables.models import ReducedTimetable
    from tests.cases.test_reduced_timetable_support import make_timetable

    timetable = make_timetable(world)
    client.force_login(world.users["la_la_officer"])
    url = reverse("la-reduced-timetables")
    header, *rows = _csv(client.get(url, {"format": "csv"}))
    assert header[:3] == ["Pupil", "State", "School"] and len(rows) == 1
    ReducedTimetable.objects.filter(pk=timetable.pk).update(
        state=ReducedTimetable.State.ENDED, ended_on=timetable.start
    )
    assert len(_csv(client.get(url, {"format": "csv"}))) == 1  # open ones: none now
    (row,) = _csv(client.get(url, {"format": "csv", "show": "ended"}))[1:]
    assert row[0] == timetable.pupil.last_name + ", " + timetable.pupil.first_name
    assert row[1] == "Ended"
    assert timetable.pupil.last_name in client.get(url, {"show": "all"}).content.decode()


def test_the_off_siting_list_downloads_what_it_shows(client, world, receiving):
    o = plan(world, receiving)
    client.force_login(world.users["la_la_officer"])
    header, *rows = _csv(client.get(reverse("offsiting-list"), {"format": "csv"}))
    assert header[:3] == ["Pupil", "From", "To"] and [r[0] for r in rows] == [o.pupil.full_name]
    assert (
        len(_csv(client.get(reverse("offsiting-list"), {"format": "csv", "show": "started"}))) == 1
    )
    assert ExportRecord.objects.latest("pk").filters == "Filtered by: at the receiving centre now"


def test_the_psp_list_sorts_by_a_column_in_sql(client, world):
    from cases.psp.models import PastoralSupportProgramme
    from tests.cases.test_psp_lifecycle import make_psp

    make_psp(world, PastoralSupportProgramme.Stage.REVIEW)
    other = PupilFactory(school=world.school, first_name="Zed", last_name="Zulu", upn="Z9")
    world.pupil = other  # make_psp makes the world pupil's PSP
    make_psp(world, PastoralSupportProgramme.Stage.REVIEW)
    client.force_login(world.users["la_la_officer"])
    names = lambda r: [p.pupil.last_name for p in r.context["page"]]  # noqa: E731
    assert names(client.get(reverse("la-psps"), {"sort": "-pupil"})) == ["Zulu", "Home"]
    response = client.get(reverse("la-psps"), {"sort": "pupil"})
    assert names(response) == ["Home", "Zulu"]
    page = response.content.decode()
    assert 'aria-sort="ascending"' in page and "sort=-pupil" in page
    assert names(client.get(reverse("la-psps"), {"sort": "nonsense"})) == ["Home", "Zulu"]
