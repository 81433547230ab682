"""The LA's AP provider register: providers, declarations, visits and their deadlines (004)."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.urls import reverse

from reviews.models import Deadline, Notification
from reviews.tasks import refresh_all_deadlines, send_daily_digests
from safeguarding.models import ProviderVisit, SafeguardingDeclaration
from safeguarding.providers import provider_refresh_deadlines
from tenancy.models import Membership, Provider, Role
from tests.factories import PupilFactory, member
from tests.safeguarding import make_declaration, make_placement, make_provider

TODAY = datetime.date(2026, 11, 20)
NOW = datetime.datetime(2026, 11, 20, 10, 0, tzinfo=ZoneInfo("Europe/London"))


@pytest.fixture(autouse=True)
def clock(time_machine):
    time_machine.move_to(NOW, tick=False)


def _date(prefix, day):
    return {
        f"{prefix}_0": str(day.day),
        f"{prefix}_1": str(day.month),
        f"{prefix}_2": str(day.year),
    }


def _declaration_post(day=TODAY, **overrides):
    data = {
        "enhanced_dbs": "on",
        "two_references": "on",
        "annual_training": "on",
        "no_suitability_concerns": "on",
        "will_inform_dsl": "on",
        "signatory_name": "Dean Hollis",
        "signatory_position": "Centre Manager",
        "received": "paper",
        **_date("signed_on", day),
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


@pytest.fixture
def register(world):
    officer = world.users["la_la_safeguarding"]
    current = make_provider(world.la, "Current Provider", ofsted_urn="2578342")
    make_declaration(current, TODAY - datetime.timedelta(days=60), officer)
    expiring = make_provider(world.la, "Expiring Provider", la_approved=True)
    make_declaration(expiring, TODAY - datetime.timedelta(days=350), officer)
    expired = make_provider(world.la, "Expired Provider")
    make_declaration(expired, TODAY - datetime.timedelta(days=400), officer)
    missing = make_provider(world.la, "Missing Provider")
    elsewhere = make_provider(world.other_la, "Other LA Provider")
    return {
        "current": current,
        "expiring": expiring,
        "expired": expired,
        "missing": missing,
        "elsewhere": elsewhere,
    }


# The list -----------------------------------------------------------------------------------


def test_it_lists_the_las_providers_with_their_declaration_status(client, world, register):
    client.force_login(world.users["la_la_safeguarding"])
    page = client.get(reverse("provider-list")).content.decode()
    assert "Other LA Provider" not in page
    for name, status in [
        ("Current Provider", "Current"),
        ("Expiring Provider", "Expires soon"),
        ("Expired Provider", "Expired"),
        ("Missing Provider", "No declaration"),
    ]:
        row = page[page.index(name) :]
        row = row[: row.index("</tr>")]
        assert status in row, name
    assert "Add a provider" in page
    assert "Ofsted 2578342" in page


@pytest.mark.parametrize(
    ("status", "names"),
    [("expired", ["Expired Provider"]), ("missing", ["Missing Provider"])],
)
def test_it_filters_by_status(client, world, register, status, names):
    client.force_login(world.users["la_la_officer"])
    page = client.get(reverse("provider-list"), {"status": status}).content.decode()
    shown = [p.name for p in register.values() if p.name in page]
    assert shown == names


def test_a_school_reads_the_register_but_cannot_add(client, world, register):
    client.force_login(world.users["school_office"])
    page = client.get(reverse("provider-list")).content.decode()
    assert "Current Provider" in page
    assert "Add a provider" not in page
    assert "Pupils now" not in page
    assert client.get(reverse("provider-add")).status_code == 403


def test_the_list_runs_the_same_queries_for_few_and_many_providers(
    client, world, register, django_assert_num_queries
):
    client.force_login(world.users["la_la_officer"])
    url = reverse("provider-list")
    client.get(url)  # content types cached
    # session, user, memberships; the count and the page of providers (each with its latest
    # declaration); unread notifications
    with django_assert_num_queries(6):
        assert client.get(url).status_code == 200
    for n in range(12):
        make_provider(world.la, f"More Provider {n}")
    with django_assert_num_queries(6):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("status", ["missing", "expired"])
def test_a_filter_runs_the_same_queries_whether_it_finds_providers_or_none(
    client, world, register, status, django_assert_num_queries
):
    client.force_login(world.users["la_la_officer"])
    url = reverse("provider-list")
    client.get(url)  # content types cached
    # session, user, memberships; the count and the page of providers; unread notifications
    with django_assert_num_queries(6):
        page = client.get(url, {"status": status}).content.decode()
    assert register[status].name in page
    Provider.objects.filter(pk=register[status].pk).update(local_authority=world.other_la)
    with django_assert_num_queries(6):
        page = client.get(url, {"status": status}).content.decode()
    assert register[status].name not in page


def test_the_menu_shows_ap_providers_to_la_and_school_staff(client, world):
    for role, shown in [
        ("la_la_send", True),
        ("school_key_adult", True),
        ("head_of_service", False),
    ]:
        client.force_login(world.users[role])
        page = client.get(reverse("pupil-list")).content.decode()
        assert ("AP providers" in page) is shown, role


# Adding and changing a provider -------------------------------------------------------------


def test_an_la_officer_adds_a_provider_to_its_own_la(client, world):
    client.force_login(world.users["la_la_officer"])
    response = client.post(
        reverse("provider-add"),
        {"name": "New Provider", "address": "1 Road\nTown", "contact_email": "a@b.example"},
    )
    provider = Provider.objects.get(name="New Provider")
    assert response.url == provider.get_absolute_url()
    assert provider.local_authority == world.la


def test_a_second_provider_of_the_same_name_is_refused_on_the_form(client, world, register):
    client.force_login(world.users["la_la_officer"])
    response = client.post(
        reverse("provider-add"), {"name": "Current Provider", "address": "Elsewhere"}
    )
    assert response.status_code == 200
    assert "already exists" in response.content.decode()


def test_markup_and_missing_answers_are_refused_next_to_the_field(client, world):
    client.force_login(world.users["la_la_officer"])
    page = client.post(reverse("provider-add"), {"name": "<b>x</b>"}).content.decode()
    assert "must be plain text" in page
    assert "Enter the provider&#x27;s address" in page


def test_an_la_officer_changes_a_provider(client, world, register):
    client.force_login(world.users["la_la_safeguarding"])
    provider = register["missing"]
    url = reverse("provider-edit", args=[provider.pk])
    client.post(url, {"name": provider.name, "address": "2 New Road", "la_approved": "on"})
    provider.refresh_from_db()
    assert (provider.address, provider.la_approved) == ("2 New Road", True)


# The provider page ----------------------------------------------------------------------------


def test_schools_see_the_outcome_of_a_visit_but_not_its_findings(client, world, register):
    ProviderVisit.objects.create(
        provider=register["current"],
        visited_on=TODAY,
        officer="Denise Clarke",
        findings="FINDINGS-MARKER sign-in book",
        outcome=ProviderVisit.Outcome.ACTIONS,
        recorded_by=world.users["la_la_safeguarding"],
    )
    url = reverse("provider-detail", args=[register["current"].pk])
    client.force_login(world.users["school_case_lead"])
    page = client.get(url).content.decode()
    assert "Actions agreed with the provider" in page
    assert "FINDINGS-MARKER" not in page
    client.force_login(world.users["la_la_safeguarding"])
    assert "FINDINGS-MARKER" in client.get(url).content.decode()


def test_another_las_provider_is_missing(client, world, register):
    client.force_login(world.users["la_la_officer"])
    url = reverse("provider-detail", args=[register["elsewhere"].pk])
    assert client.get(url).status_code == 404


def test_the_page_warns_when_no_pupil_can_be_placed(client, world, register):
    client.force_login(world.users["school_case_lead"])
    page = client.get(reverse("provider-detail", args=[register["expired"].pk])).content.decode()
    assert "No pupil can start a placement here" in page


# Declarations ---------------------------------------------------------------------------------


def test_the_la_records_a_paper_declaration_current_for_a_year(client, world, register):
    client.force_login(world.users["la_la_safeguarding"])
    provider = register["missing"]
    response = client.post(
        reverse("provider-declaration-add", args=[provider.pk]), _declaration_post()
    )
    assert response.status_code == 302
    declaration = provider.declarations.get()
    assert declaration.expires_on == datetime.date(2027, 11, 19)
    assert declaration.received == "paper"
    assert declaration.recorded_by == world.users["la_la_safeguarding"]
    assert declaration.history.count() == 1


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"annual_training": None}, "The provider must confirm this to make the declaration"),
        ({"signatory_name": ""}, "Enter the name of the person who signed"),
        ({"received": None}, "Choose how you received the declaration"),
        (_date("signed_on", datetime.date(2026, 11, 21)), "cannot be in the future"),
        ({"signed_on_1": "13"}, "The month must be a number from 1 to 12"),
        (_date("signed_on", datetime.date(2026, 1, 10)), "already has a later declaration"),
    ],
)
def test_a_declaration_with_a_problem_is_refused_with_a_message(
    client, world, register, overrides, message
):
    client.force_login(world.users["la_la_safeguarding"])
    provider = register["current"]
    before = provider.declarations.count()
    response = client.post(
        reverse("provider-declaration-add", args=[provider.pk]), _declaration_post(**overrides)
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert provider.declarations.count() == before


def test_every_item_must_be_confirmed_in_the_database_too(world, register):
    declaration = register["current"].declarations.get()
    declaration.two_references = False
    with pytest.raises(Exception, match="confirm every item"):
        declaration.full_clean()


def test_a_school_cannot_record_a_declaration(client, world, register):
    client.force_login(world.users["school_dsl"])
    url = reverse("provider-declaration-add", args=[register["missing"].pk])
    assert client.post(url, _declaration_post()).status_code == 403


def test_the_providers_own_contact_signs_in_waymark(client, world, register):
    provider = register["expired"]
    contact = member(Role.PROVIDER_CONTACT, provider, full_name="Amy Watts")
    client.force_login(contact)
    url = reverse("provider-declaration-sign", args=[provider.pk])
    page = client.get(url).content.decode()
    assert "I confirm that all staff who are employed in this provision" in page
    assert "Amy Watts" in page
    data = _declaration_post(signatory_position="Director", received=None, senior=None)
    refused = client.post(url, data)
    assert "Confirm that you are a senior member and sign" in refused.content.decode()
    response = client.post(url, {**data, "senior": "on"})
    assert response.status_code == 302
    latest = provider.declarations.order_by("-signed_on").first()
    assert (latest.signed_on, latest.received, latest.signatory_position) == (
        TODAY,
        "in_app",
        "Director",
    )


def test_a_provider_contact_sees_only_its_own_provider(client, world, register):
    contact = member(Role.PROVIDER_CONTACT, register["current"])
    client.force_login(contact)
    assert client.get(reverse("provider-detail", args=[register["current"].pk])).status_code == 200
    other = reverse("provider-declaration-sign", args=[register["expired"].pk])
    assert client.get(other).status_code == 404
    assert client.get(reverse("provider-list")).content.decode().count("Provider</a>") == 1


def test_an_la_officer_cannot_sign_for_the_provider(client, world, register):
    client.force_login(world.users["la_la_safeguarding"])
    url = reverse("provider-declaration-sign", args=[register["missing"].pk])
    assert client.get(url).status_code == 403


# Visits -----------------------------------------------------------------------------------


def test_a_visit_with_concerns_tells_the_schools_with_pupils_there(client, world, register):
    provider = register["current"]
    staff = world.users["school_key_adult"]
    placement = make_placement(
        world.pupil, provider, staff, TODAY - datetime.timedelta(days=10), TODAY
    )
    ended = make_placement(
        PupilFactory(school=world.school),
        provider,
        staff,
        TODAY - datetime.timedelta(days=40),
        TODAY - datetime.timedelta(days=20),
    )
    client.force_login(world.users["la_la_safeguarding"])
    url = reverse("provider-visit-add", args=[provider.pk])
    data = {
        **_date("visited_on", TODAY),
        "officer": "Denise Clarke",
        "findings": "Staff unsupervised with learners",
        "outcome": "concerns",
    }
    assert client.post(url, data).status_code == 302
    client.post(url, data)  # a second visit is a new event
    told = Notification.objects.filter(key__startswith="ap-visit-concerns")
    people = {n.user for n in told}
    assert people == {world.users["school_dsl"], staff}
    assert {n.pupil for n in told} == {placement.pupil}
    assert ended.pupil not in {n.pupil for n in told}
    assert told.count() == 4
    assert all(n.url == placement.get_absolute_url() for n in told)


def test_a_visit_without_concerns_tells_nobody_and_a_future_visit_is_refused(
    client, world, register
):
    client.force_login(world.users["la_la_officer"])
    url = reverse("provider-visit-add", args=[register["current"].pk])
    data = {
        **_date("visited_on", TODAY),
        "officer": "P",
        "findings": "Fine",
        "outcome": "no_concerns",
    }
    assert client.post(url, data).status_code == 302
    assert not Notification.objects.exists()
    future = {**data, **_date("visited_on", TODAY + datetime.timedelta(days=1))}
    assert "cannot be in the future" in client.post(url, future).content.decode()


# Deadlines ----------------------------------------------------------------------------------


def test_the_expiry_of_a_declaration_in_use_is_the_la_safeguarding_officers(world, register):
    provider = register["expiring"]
    make_placement(world.pupil, provider, world.users["school_case_lead"], TODAY, TODAY)
    provider_refresh_deadlines(provider=provider, today=TODAY)
    deadline = Deadline.objects.get(kind=Deadline.Kind.DECLARATION_EXPIRY)
    assert deadline.due == provider.declarations.get().expires_on
    assert deadline.responsible == world.users["la_la_safeguarding"]
    assert (deadline.pupil, deadline.school, deadline.local_authority) == (None, None, world.la)
    assert deadline.case_url == provider.get_absolute_url()


def test_no_deadline_while_no_pupil_is_placed_there(world, register):
    provider_refresh_deadlines(provider=register["expiring"], today=TODAY)
    assert not Deadline.objects.exists()


def test_a_new_declaration_meets_the_previous_ones_deadline(
    client, world, register, django_capture_on_commit_callbacks
):
    provider = register["expiring"]
    make_placement(world.pupil, provider, world.users["school_case_lead"], TODAY, TODAY)
    provider_refresh_deadlines(provider=provider, today=TODAY)
    client.force_login(world.users["la_la_safeguarding"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("provider-declaration-add", args=[provider.pk]), _declaration_post())
    rows = {d.case.signed_on: d for d in Deadline.objects.all()}
    old = rows[TODAY - datetime.timedelta(days=350)]
    assert (old.state, old.met_on) == ("on_time", TODAY)
    assert rows[TODAY].state == "due"
    assert rows[TODAY].due == datetime.date(2027, 11, 19)


def test_without_an_la_safeguarding_officer_there_is_no_deadline(world, register, caplog):
    Membership.objects.filter(role=Role.LA_SAFEGUARDING).delete()
    provider = register["expiring"]
    make_placement(world.pupil, provider, world.users["school_case_lead"], TODAY, TODAY)
    with caplog.at_level("INFO"):
        assert provider_refresh_deadlines(provider=provider, today=TODAY) == 0
    assert not Deadline.objects.exists()
    assert "No LA safeguarding officer" in caplog.text


def test_the_expiry_is_on_the_officers_due_page_and_digest_and_not_the_schools(
    client, world, register
):
    provider = register["expiring"]
    provider.declarations.update(expires_on=TODAY + datetime.timedelta(days=3))
    make_placement(world.pupil, provider, world.users["school_case_lead"], TODAY, TODAY)
    refresh_all_deadlines()
    client.force_login(world.users["la_la_safeguarding"])
    page = client.get(reverse("due")).content.decode()
    assert "Provider&#x27;s safeguarding declaration expires" in page
    assert "Expiring Provider" in page
    client.force_login(world.users["school_headteacher"])
    page = client.get(reverse("due"), {"show": "all"}).content.decode()
    assert "Provider&#x27;s safeguarding declaration expires" not in page
    send_daily_digests()
    (message,) = [m for m in mail.outbox if m.to == [world.users["la_la_safeguarding"].email]]
    assert "Expiring Provider" in message.body
    assert "Worcestershire" in message.body


def test_declarations_are_history_recorded_and_ordered_newest_first(world, register):
    provider = register["current"]
    newer = make_declaration(provider, TODAY, world.users["la_la_safeguarding"])
    assert list(provider.declarations.all())[0] == newer
    assert SafeguardingDeclaration.history.filter(id=newer.pk).exists()
