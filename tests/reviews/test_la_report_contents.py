"""What each of the LA's reports holds (issue 12; sources 003 and 004), for a small world with
known answers: cases on the edges of the period, and one in another LA that never appears.
Each report takes the same number of queries however many cases there are."""

import datetime

import pytest
import time_machine

from tests.reviews.reports_world import (
    TODAY,
    ap_world,
    moves_world,
    psp,
    psp_world,
    pupil,
    report,
    rtt_world,
    summary,
    table,
    timetable,
)

D = datetime.date


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime.datetime(2026, 12, 3, 10, tzinfo=datetime.UTC), tick=False):
        yield


def names(rows):
    return [row[0] for row in rows]


# The PSP Monitoring Group's termly report (004) ----------------------------------------------


def test_the_psp_report_holds_the_terms_psps(world):
    psp_world(world)
    made = report(world, "psp-monitoring-group", "term")
    assert (made.period.start, made.period.end) == (D(2026, 9, 2), D(2026, 12, 18))
    assert names(table(made, "Each PSP").rows) == ["Ceased, Casey", "Home, Alex"]
    figures = summary(made)
    assert figures["PSPs open at some time in the period"] == 2
    assert figures["Opened in the period"] == 1
    assert figures["Agreed and signed in the period"] == 1
    assert figures["Ceased in the period"] == 1
    assert figures["Reviews held in the period"] == 1
    assert figures["Open now for a child at risk of permanent exclusion"] == 1
    assert (
        figures["Open now for a child with special educational or additional learning needs"] == 1
    )
    assert figures["Agreed and open, not yet considered by the group in the period"] == 0
    assert figures["Reduced timetables waiting for the Director's authorisation"] == 1
    by_school = table(made, "PSPs by school")
    assert by_school.rows == [["Home School", 2, 1, 1, 1, 1, 0, 1]]
    assert by_school.total == ["All schools", 2, 1, 1, 1, 1, 0, 1]
    (alex,) = [row for row in table(made, "Each PSP").rows if row[0] == "Home, Alex"]
    assert alex[3:6] == [D(2026, 9, 10), 1, D(2026, 10, 1)]  # agreed, reviews, last review
    assert alex[8:] == [True, False, True, D(2026, 9, 20)]


def test_the_psp_report_gives_no_send_detail_against_a_child(world):
    psp_world(world)
    made = report(world, "psp-monitoring-group", "term")
    headings = " ".join(str(h) for t in made.body.tables for h in t.header)
    assert "ALN" not in headings and "learning needs" not in headings


def test_another_las_officer_sees_only_their_own_psps(world):
    psp_world(world)
    made = report(world, "psp-monitoring-group", "term", role="other_la_officer")
    assert names(table(made, "Each PSP").rows) == ["Other, Olly"]
    assert made.local_authority == world.other_la


def test_the_psp_report_takes_the_same_queries_for_more_psps(world, django_assert_num_queries):
    psp_world(world)
    report(world, "psp-monitoring-group", "term")  # the deadlines' ContentType is cached
    with django_assert_num_queries(5):  # term dates, membership, PSPs, waiting, the LA
        report(world, "psp-monitoring-group", "term")
    for n in range(4):
        psp(world, pupil(world, first=f"More{n}"), opened=D(2026, 10, 1))
    with django_assert_num_queries(5):
        made = report(world, "psp-monitoring-group", "term")
    assert len(table(made, "Each PSP").rows) == 6


# The reduced-timetable central record for the half-term return (004) --------------------------


def test_the_half_term_return_counts_new_running_ended_past_the_limit_and_authorised(world):
    rtt_world(world)
    made = report(world, "reduced-timetables-return", "half_term")
    assert (made.period.start, made.period.end) == (D(2026, 11, 2), D(2026, 12, 18))
    assert made.as_at == TODAY
    record = table(made, "The central record")
    assert names(record.rows) == [
        "Authorised, Dee",
        "Home, Alex",
        "Running, Long",
        "Firstday, Ended",
    ]
    assert [row[2] for row in record.rows] == ["Running", "Began", "Running", "Ended"]
    figures = summary(made)
    assert figures["Reduced timetables running at some time in the period"] == 4
    assert figures["Began in the period"] == 1
    assert figures["Ended in the period"] == 1
    assert figures["Running on the day of the figures"] == 3
    assert figures["Ran past the LA's limit"] == 3  # Dee, Long, and Ended (6 July to 2 November)
    assert figures["Past the limit without the Director's authorisation"] == 2
    assert figures["Authorised by the Director in the period"] == 1
    assert figures["Past the limit with the Director's authorisation"] == 1
    assert figures["Planned, not yet started"] == 1
    assert figures["Reason: Medical"] == 4
    assert table(made, "Reduced timetables by school").rows == [
        ["Home School", 3, 1, 3, 0, 2, 1, 1],
        ["Host School", 1, 0, 0, 1, 1, 1, 0],
    ]


def test_the_return_names_the_needs_reason_in_the_las_nations_words(world):
    rtt_world(world)
    english = summary(report(world, "reduced-timetables-return", "half_term"))
    assert "Reason: Special educational needs and disabilities (SEND)" in english
    assert not any("ALN" in str(line) for line in english)


def test_the_central_record_shows_no_reason_against_a_child(world):
    rtt_world(world)
    made = report(world, "reduced-timetables-return", "half_term")
    assert "Reason" not in [str(h) for h in table(made, "The central record").header]


def test_the_central_record_takes_the_same_queries_for_more_timetables(
    world, django_assert_num_queries
):
    rtt_world(world)
    report(world, "reduced-timetables-return", "half_term")
    with django_assert_num_queries(8):  # term dates, membership, timetables and 3 prefetches,
        report(world, "reduced-timetables-return", "half_term")  # planned ones
    for n in range(4):
        timetable(world, pupil(world, first=f"More{n}"), D(2026, 11, 16))
    with django_assert_num_queries(8):
        made = report(world, "reduced-timetables-return", "half_term")
    assert len(table(made, "The central record").rows) == 8


# AP use by provider and by school, for elected members and schools (004) ----------------------


def test_ap_use_counts_the_years_placements_by_provider_and_school(world):
    ap_world(world)
    made = report(world, "ap-use", "year")
    assert (made.period.start, made.period.end) == (D(2026, 9, 1), D(2027, 8, 31))
    figures = summary(made)
    assert figures["Pupils in alternative provision at some time in the period"] == 2
    assert figures["Placements in the period"] == 2
    assert figures["Placements that began in the period"] == 1
    assert figures["Placements that ended in the period"] == 1
    assert figures["Providers used"] == 2
    assert (
        figures[
            "Providers used without a current safeguarding declaration on the day of the figures"
        ]
        == 1
    )
    assert figures["Providers on the LA's register"] == 2
    assert figures["Attendance at providers (days recorded B, of days recorded)"] == "67%"
    assert figures["LA safeguarding visits in the period"] == 2
    assert figures["Visits with the outcome: Concerns: the schools using it are told"] == 1
    assert table(made, "Use by provider").rows == [
        ["Pathways Vocational Centre", True, 1, 1, 0, 1, 1, "67%", True, 1, "No concerns: 1"],
        [
            "Riverside Farm",
            False,
            1,
            0,
            1,
            1,
            1,
            "",
            False,
            1,
            "Concerns: the schools using it are told: 1",
        ],
    ]
    assert table(made, "Use by school").rows == [["Home School", 2, 1, 1, 2, 2, "67%"]]


def test_ap_use_names_no_pupil_and_gives_no_findings(world):
    ap_world(world)
    made = report(world, "ap-use", "year")
    text = repr(made.body)
    assert "Alex" not in text and "Leaver" not in text and "FINDINGS" not in text
    assert "Elsewhere" not in text


def test_ap_use_takes_the_same_queries_for_more_placements(world, django_assert_num_queries):
    pathways, _riverside = ap_world(world)
    with django_assert_num_queries(8):  # term dates, membership, its LA, and five
        report(world, "ap-use", "year")
    from tests.safeguarding import make_placement

    for n in range(3):
        make_placement(
            pupil(world, world.host, f"More{n}"),
            pathways,
            world.users["school_case_lead"],
            D(2026, 10, 5),
            D(2026, 12, 18),
        )
    with django_assert_num_queries(8):
        made = report(world, "ap-use", "year")
    assert summary(made)["Placements in the period"] == 5


# Directions and managed moves for the Fair Access Protocol weightings (003) -------------------


def test_moves_in_and_out_of_each_school_this_year(world):
    moves_world(world)
    made = report(world, "fair-access-moves", "year")
    assert table(made, "In and out of each school").rows == [
        ["Home School", 1, 1, 1, 0, 0, 1, 1, 0, 0],
        ["Host School", 1, 1, 0, 0, 1, 0, 0, 1, 0],
    ]
    assert table(made, "Between schools").rows == [
        ["Home School", "Host School", 1, 1],
        ["Host School", "Home School", 1, 1],
    ]
    figures = summary(made)
    assert figures["Off-site directions that began in the period"] == 2
    assert figures["Ended: Returned to the home school"] == 1
    assert figures["Ended: Converted to a managed move"] == 1
    assert figures["Managed moves from an off-site direction: pupils placed on the new roll"] == 1
    assert (
        figures["Managed moves without an off-site direction: pupils placed on the new roll"] == 1
    )
    assert "Other LA" not in repr(made.body) and "Alex" not in repr(made.body)


def test_the_moves_report_takes_the_same_queries_for_more_cases(world, django_assert_num_queries):
    from tests.reviews.reports_world import direction

    moves_world(world)
    with django_assert_num_queries(7):  # term dates, membership, its LA, schools, three counts
        report(world, "fair-access-moves", "year")
    for n in range(3):
        direction(world, pupil(world, first=f"More{n}"), world.school, world.host, D(2026, 10, 5))
    with django_assert_num_queries(7):
        made = report(world, "fair-access-moves", "year")
    assert table(made, "In and out of each school").rows[0][1] == 4
