"""The passport's off-site directions come from Waymark's own records, merged with the rows typed
for the years before Waymark (issue 14), on the page and in the PDF alike."""

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from cases.directions.models import Direction
from cases.pupils import documents as passport
from cases.pupils.models import Intervention, PreviousDirection, Suspension
from cases.pupils.record import PastDirection, ever_directed, merge_directions
from documents.rendering import render_pdf
from tests.documents.pdf import pdf_text
from tests.factories import DirectionFactory, InterventionFactory

TODAY = datetime.date(2026, 11, 20)
WAYMARK_START = datetime.date(2026, 1, 5)
TYPED_START = datetime.date(2024, 10, 1)


def _recorded(start, home="Home School", host="Host School"):
    return PastDirection(start, None, home, host, "", direction_id=1)


def _typed(start, home="Elmbridge High", host="Severn Meadow Academy"):
    return PastDirection(start, None, home, host, "no")


def test_it_lists_a_typed_row_and_a_recorded_direction_in_date_order():
    merged = merge_directions([_recorded(WAYMARK_START)], [_typed(TYPED_START)])
    assert [d.start for d in merged] == [TYPED_START, WAYMARK_START]


def test_it_drops_a_typed_row_with_the_start_date_of_a_recorded_direction():
    merged = merge_directions([_recorded(WAYMARK_START)], [_typed(WAYMARK_START)])
    assert [d.from_waymark for d in merged] == [True]


def test_it_drops_an_undated_typed_row_naming_the_same_two_schools():
    """The row a managed move from a direction writes (cases.directions.managed_moves)."""
    typed = _typed(None, home="Home School", host="host  school")
    assert merge_directions([_recorded(WAYMARK_START)], [typed]) == [_recorded(WAYMARK_START)]


def test_it_keeps_undated_typed_rows_first_as_the_oldest():
    merged = merge_directions([_recorded(WAYMARK_START)], [_typed(None)])
    assert [d.start for d in merged] == [None, WAYMARK_START]


def test_it_lists_an_off_site_intervention_no_row_has():
    listed = PastDirection(TYPED_START, None, "", "", "", from_intervention=True)
    other = PastDirection(WAYMARK_START, None, "", "", "", from_intervention=True)
    merged = merge_directions([_recorded(WAYMARK_START)], [], [listed, other])
    assert [(d.start, d.from_intervention) for d in merged] == [
        (TYPED_START, True),
        (WAYMARK_START, False),
    ]


def test_the_answer_is_yes_when_any_direction_is_listed_whatever_was_typed():
    assert ever_directed("no", [_typed(None)]) == "yes"
    assert ever_directed("no", []) == "no"
    assert ever_directed("", []) == ""


@pytest.fixture
def history(world):
    """A pupil typed as never directed, with an older typed direction, a direction Waymark holds
    (and a typed copy of it), and a suspension the host recorded during it."""
    pupil = world.pupil
    pupil.previous_direction = "no"
    pupil.save(update_fields=["previous_direction"])
    PreviousDirection.objects.create(
        pupil=pupil,
        start_date=TYPED_START,
        end_date=datetime.date(2024, 12, 13),
        home_school="Elmbridge High",
        destination_school="Severn Meadow Academy",
        successful="no",
        reasons_not_successful="Travel too far",
    )
    PreviousDirection.objects.create(
        pupil=pupil,
        start_date=WAYMARK_START,
        home_school="Home School",
        destination_school="Typed Copy Of The Host",
        successful="yes",
    )
    direction = DirectionFactory(
        pupil=pupil,
        host_school=world.host,
        case_lead=world.users["school_case_lead"],
        state=Direction.State.ENDED,
        ending=Direction.Ending.RETURNED,
        planned_start=WAYMARK_START,
        planned_end=datetime.date(2026, 3, 27),
        ended_on=datetime.date(2026, 3, 20),
    )
    Suspension.objects.create(
        pupil=pupil,
        start_date=datetime.date(2026, 2, 2),
        days=Decimal("1.5"),
        reason="Fight at the host",
        suspended_by=world.host,
        direction=direction,
    )
    return world, direction


def _card(page: str, slug: str) -> str:
    start = page.index(f'id="{slug}"')
    return page[start : page.index('<div class="govuk-summary-card"', start + 1)]


def test_the_page_lists_both_directions_in_order_and_answers_yes(client, history):
    world, direction = history
    client.force_login(world.users["school_case_lead"])
    page = client.get(reverse("pupil-detail", args=[world.pupil.pk])).content.decode()

    card = _card(page, "previous-directions")
    assert card.index("Elmbridge High") < card.index("Host School")
    assert "Typed Copy Of The Host" not in card  # the same start date: one direction, printed once
    assert "From Waymark&#x27;s records" in card
    assert reverse("direction-detail", args=[direction.pk]) in card
    assert "Returned to the home school on 20 March 2026" in card
    admission = _card(page, "admission")
    assert re.search(r"off-site direction between schools</dt>\s*<dd[^>]*>Yes<", admission)
    interventions = _card(page, "interventions")  # as the PDF's interventions table
    assert interventions.index("1 October 2024") < interventions.index("5 January 2026")
    assert "From the previous off-site directions" in interventions
    assert "Recorded in Waymark by Host School" in _card(page, "suspensions")


def test_a_direction_is_not_linked_for_someone_who_may_not_open_it(client, history):
    """The host's grant ended with the direction: it no longer sees the pupil at all."""
    world, direction = history
    client.force_login(world.users["host_case_lead"])
    response = client.get(reverse("pupil-detail", args=[world.pupil.pk]))
    assert response.status_code == 404


def test_a_direction_only_proposed_is_not_listed(client, world):
    DirectionFactory(
        pupil=world.pupil,
        host_school=world.host,
        case_lead=world.users["school_case_lead"],
        state=Direction.State.PROPOSED,
    )
    client.force_login(world.users["school_case_lead"])
    page = client.get(reverse("pupil-detail", args=[world.pupil.pk])).content.decode()
    assert "No previous off-site directions recorded." in _card(page, "previous-directions")


def test_the_pdf_agrees_with_the_page(history):
    world, _direction = history
    membership = world.users["school_case_lead"].memberships.get()
    allowed = passport.Access.for_membership(membership, world.pupil)
    context = passport.passport_context(world.pupil, allowed=allowed, today=TODAY)
    text = pdf_text(render_pdf(passport.TEMPLATE, context))

    assert str(context["a"]["previous_direction"]) == "Yes"
    # pdftotext -layout sets the answer beside the question's first line
    assert re.search(r"Off-site Direction (between schools\? )?Yes", text)
    table = text[text.index("Off-site Directions Has") :]
    assert table.index("Elmbridge High") < table.index("Host School")
    assert "Travel too far" in table
    assert "1 October 2024 to 13 December 2024" in table
    assert "5 January 2026 to 20 March 2026 · From Waymark's records" in table
    assert "Returned to the home" in table
    assert "Typed Copy Of The Host" not in text
    assert "Recorded in Waymark by Host School" in text
    off_site = next(r for r in context["interventions"] if r["label"] == "Off-site direction")
    assert off_site["periods"] == [
        ("1 October 2024", "13 December 2024"),
        ("5 January 2026", "20 March 2026"),
    ]


def test_a_typed_off_site_intervention_answers_yes_in_the_pdf(world):
    """The issue's contradiction: an off-site direction in the interventions, "No" below."""
    world.pupil.previous_direction = "no"
    world.pupil.save(update_fields=["previous_direction"])
    InterventionFactory(
        pupil=world.pupil,
        kind=Intervention.Kind.OFF_SITE_DIRECTION,
        start_date=TYPED_START,
        end_date=datetime.date(2024, 12, 13),
    )
    allowed = passport.Access(safeguarding=False, send=False)
    context = passport.passport_context(world.pupil, allowed=allowed, today=TODAY)
    assert str(context["a"]["previous_direction"]) == "Yes"
    assert [d["start"] for d in context["previous_directions"]] == ["1 October 2024"]
    assert context["previous_directions"][0]["from_intervention"]


def _dates(prefix: str, day: datetime.date) -> dict:
    return {f"{prefix}_0": day.day, f"{prefix}_1": day.month, f"{prefix}_2": day.year}


def test_a_typed_direction_takes_its_dates(client, world):
    client.force_login(world.users["school_case_lead"])
    client.post(
        reverse("pupil-row-add", args=[world.pupil.pk, "previous-directions"]),
        {
            **_dates("start_date", TYPED_START),
            **_dates("end_date", datetime.date(2024, 12, 13)),
            "home_school": "Elmbridge High",
            "destination_school": "Severn Meadow Academy",
            "successful": "yes",
        },
    )
    row = world.pupil.previous_directions.get()
    assert (row.start_date, row.end_date) == (TYPED_START, datetime.date(2024, 12, 13))


def test_a_typed_direction_ending_before_it_starts_is_refused(client, world):
    client.force_login(world.users["school_case_lead"])
    response = client.post(
        reverse("pupil-row-add", args=[world.pupil.pk, "previous-directions"]),
        {
            **_dates("start_date", TYPED_START),
            **_dates("end_date", datetime.date(2024, 9, 2)),
            "home_school": "Elmbridge High",
            "destination_school": "Severn Meadow Academy",
            "successful": "yes",
        },
    )
    assert "End date must be on or after the start date" in response.content.decode()
    assert not world.pupil.previous_directions.exists()


def test_a_direction_going_on_now_is_listed_as_ongoing(world):
    DirectionFactory(
        pupil=world.pupil,
        host_school=world.host,
        case_lead=world.users["school_case_lead"],
        state=Direction.State.ACTIVE,
    )
    allowed = passport.Access(safeguarding=False, send=False)
    context = passport.passport_context(world.pupil, allowed=allowed, today=TODAY)
    [row] = context["previous_directions"]
    assert row["dates"] == "16 November 2026, ongoing" and row["from_waymark"]
    assert str(row["successful"]) == "Ongoing"
    assert str(row["reasons_not_successful"]) == "Not applicable"
    assert str(context["a"]["previous_direction"]) == "Yes"
