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
