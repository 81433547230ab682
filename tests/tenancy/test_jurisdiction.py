"""England's and Wales's law and words, asked of tenancy.jurisdiction: a Welsh school sees
Wales's terms and routes, an English school England's, on the same pages."""

import datetime

import pytest
from django.urls import reverse

from cases.directions import services as direction_services
from cases.guards import GuardError
from tenancy.jurisdiction import law_for, may_direct_off_site


@pytest.fixture
def in_wales(world):
    world.la.nation = "wales"
    world.la.save(update_fields=["nation"])
    return world


def test_each_nation_has_its_own_needs_words_and_regulations():
    england, wales = law_for("england"), law_for("wales")
    assert (str(england.needs), str(england.needs_lead), str(england.plan)) == (
        "SEND",
        "SENCo",
        "EHCP",
    )
    assert (str(wales.needs), str(wales.needs_lead), str(wales.plan)) == (
        "ALN",
        "ALNCo",
        "LA IDP",
    )
    assert "(England) Regulations 2006" in str(england.registration_regulations)
    assert "(Wales) Regulations 2010" in str(wales.registration_regulations)
    assert "Pupil Development Grant" in str(wales.premium)


def test_off_site_directions_are_englands_alone():
    assert may_direct_off_site("england") and not may_direct_off_site("wales")


def test_an_english_pupil_page_speaks_of_an_ehcp_and_offers_a_direction(client, world):
    client.force_login(world.users["school_case_lead"])
    page = client.get(reverse("pupil-detail", args=[world.pupil.pk])).content.decode()
    assert ">EHCP</strong>" in page and "IDP" not in page
    assert "Propose an off-site direction" in page


def test_a_welsh_pupil_page_speaks_of_an_idp_and_offers_no_direction(client, in_wales):
    client.force_login(in_wales.users["school_case_lead"])
    page = client.get(reverse("pupil-detail", args=[in_wales.pupil.pk])).content.decode()
    assert ">LA IDP</strong>" in page and ">EHCP<" not in page
    assert "Propose an off-site direction" not in page
    response = client.get(reverse("direction-new", args=[in_wales.pupil.pk]))
    assert response.status_code == 403


def test_a_direction_cannot_be_proposed_in_wales_whatever_the_route(in_wales):
    with pytest.raises(GuardError, match="Off-site directions are for schools in England"):
        direction_services.direction_propose(
            pupil=in_wales.pupil,
            case_lead=in_wales.users["school_case_lead"],
            plan={"planned_start": datetime.date(2026, 12, 7)},
        )


def test_the_pupil_list_filters_in_the_nations_words(client, world, in_wales):
    client.force_login(in_wales.users["school_case_lead"])
    welsh = client.get(reverse("pupil-list")).content.decode()
    assert "have an IDP maintained by the LA" in welsh and "have an EHCP" not in welsh
    assert "receive the Pupil Development Grant" in welsh
    client.force_login(in_wales.users["other_case_lead"])  # Warwickshire, in England
    english = client.get(reverse("pupil-list")).content.decode()
    assert "have an EHCP" in english and "receive Pupil Premium" in english


def test_a_welsh_pupils_passport_cites_welsh_law_and_asks_of_aln(in_wales):
    from django.template.loader import render_to_string

    from cases.pupils import documents as passport

    allowed = passport.Access(safeguarding=False, send=False)
    context = passport.passport_context(
        in_wales.pupil, allowed=allowed, today=datetime.date(2026, 12, 3)
    )
    html = render_to_string("documents/pupil_passport.html", context)
    assert "(Wales) Regulations 2010" in html and "(England)" not in html
    assert "Additional Learning Needs</h2>" in html and "EHCP" not in html
    assert "ALN detail is not printed in this copy" in html and "held by the ALNCo" in html
    assert "Pupil Development Grant" in html and "Pupil Premium" not in html


def test_a_welsh_schools_senco_is_its_alnco_and_the_las_send_team_its_aln_team(client, in_wales):
    senco = in_wales.users["school_senco"].memberships.get()
    team = in_wales.users["la_la_send"].memberships.get()
    assert (senco.role_label, team.role_label) == ("ALNCo", "LA ALN team")
    client.force_login(in_wales.users["school_senco"])
    assert "(ALNCo)" in client.get(reverse("home")).content.decode()


def test_an_english_schools_senco_is_its_senco(world):
    senco = world.users["school_senco"].memberships.get()
    assert (senco.role_label, str(senco)) == ("SENCo", "SENCo, Home School")


def test_a_welsh_pupils_passport_page_and_form_ask_in_welsh_law(client, in_wales):
    client.force_login(in_wales.users["school_senco"])
    page = client.get(reverse("pupil-detail", args=[in_wales.pupil.pk])).content.decode()
    assert "Additional learning needs</h2>" in page and "ALN detail</h2>" in page
    assert "Only the ALNCo and the LA ALN team see this section." in page
    assert "individual development plan maintained by the LA" in page
    assert "(Wales) Regulations 2010" in page
    assert "EHCP" not in page and "SENCo" not in page and "(England)" not in page
    form = client.get(reverse("pupil-section-edit", args=[in_wales.pupil.pk, "send"]))
    text = form.content.decode()
    assert "Does this child have an individual development plan maintained by the LA?" in text
    assert "EHCP" not in text


def test_an_english_pupils_passport_page_asks_template_twos_questions(client, world):
    client.force_login(world.users["school_senco"])
    page = client.get(reverse("pupil-detail", args=[world.pupil.pk])).content.decode()
    assert "Special educational needs and disabilities</h2>" in page
    assert "Does this child have an EHCP?" in page and "SEND detail</h2>" in page
    assert "IDP" not in page and "ALN" not in page


# The register codes are the law's words, asked of one place (issue 15 §1) ------------------


def test_each_nation_has_its_own_register_codes():
    """England's 2024 codes (D, B, K, C2); Wales's as 004 gives them (C, B) and D."""
    england, wales = law_for("england"), law_for("wales")
    assert [
        england.dual_registered.code,
        england.off_site.code,
        england.la_provision.code,
        england.part_time_absence.code,
    ] == ["D", "B", "K", "C2"]
    assert [wales.dual_registered.code, wales.off_site.code, wales.part_time_absence.code] == [
        "D",
        "B",
        "C",
    ]
    assert wales.la_provision is None
    assert "2024" in str(england.attendance_regulations)
    assert "(Wales)" in str(wales.attendance_regulations)


def test_the_stored_codes_and_the_rules_ask_the_law():
    from cases.directions.attendance import HOME_CODE
    from cases.placements.models import PRESENT_AT_PROVIDER
    from reviews import rules

    # one stored code for a day at AP in both nations, D at home during a direction (England)
    assert PRESENT_AT_PROVIDER == law_for("england").off_site.code == law_for("wales").off_site.code
    assert HOME_CODE == law_for("england").dual_registered.code
    for nation in ("england", "wales"):
        law = law_for(nation)
        assert rules.rtt_absence_code(nation) == law.part_time_absence.code
        assert rules.rtt_absence_code(nation, at_alternative_provision=True) == law.off_site.code


def test_the_reduced_timetable_protocol_defaults_from_the_nation():
    from tenancy.jurisdiction import protocol_fits_nation, reduced_timetable_protocol

    assert reduced_timetable_protocol("wales").key == "npt_004"
    assert reduced_timetable_protocol("england").key == "dfe_national"
    assert reduced_timetable_protocol("england", "npt_004").director_authorisation
    assert protocol_fits_nation("england", "npt_004")
    assert not protocol_fits_nation("wales", "dfe_national")


def test_the_ap_attendance_page_names_the_nations_code(client, world, in_wales):
    from tests.safeguarding import make_placement, make_provider

    day = datetime.date(2026, 11, 16)
    placement = make_placement(
        world.pupil,
        make_provider(world.la, "Skills Centre"),
        world.users["school_key_adult"],
        day,
        day + datetime.timedelta(weeks=4),
    )
    client.force_login(world.users["school_case_lead"])
    text = client.get(reverse("ap-placement-attendance", args=[placement.pk])).content.decode()
    assert "B when the pupil attended" in text
