from django.urls import reverse

from tenancy.services import la_settings_update

URL = reverse("la-settings")


def test_la_admin_changes_the_requested_review_window(client, world):
    client.force_login(world.users["la_la_admin"])
    form = client.get(URL).context["form"]
    data = {name: form.initial[name] for name in form.fields if form.initial[name] is not None}
    data = {k: ("on" if v is True else v) for k, v in data.items() if v is not False}
    data["requested_review_window_weeks"] = "6"
    assert client.post(URL, data).status_code == 302
    world.la.refresh_from_db()
    assert world.la.requested_review_window_weeks == 6
    assert world.la.history.first().history_user == world.users["la_la_admin"]


def test_defaults_are_the_sources(world):
    la = world.la
    assert (
        la.review_invitation_days,
        la.decision_notice_days,
        la.first_review_school_weeks,
        la.requested_review_window_weeks,
        la.reduced_timetable_max_weeks,
        la.psp_review_weeks,
        la.respite_days_without_approval,
    ) == (6, 6, 6, 10, 12, 6, 3)
    assert not la.parental_agreement_required


def test_bad_values_are_explained(client, world):
    client.force_login(world.users["la_la_admin"])
    response = client.post(URL, {"review_invitation_days": "-1", "psp_email": "nope"})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "review_invitation_days" in errors and "psp_email" in errors
    world.la.refresh_from_db()
    assert world.la.review_invitation_days == 6


def test_it_only_changes_the_admins_own_la(client, world):
    client.force_login(world.users["la_la_admin"])
    form = client.get(URL).context["form"]
    data = {
        name: form.initial[name]
        for name in form.fields
        if form.initial[name] not in (None, False, True)
    }
    data["review_interval_weeks"] = "2"
    client.post(URL, data)
    world.la.refresh_from_db()
    world.other_la.refresh_from_db()
    assert (world.la.review_interval_weeks, world.other_la.review_interval_weeks) == (2, 6)


def test_statutory_minimums_cannot_be_undercut(client, world):
    client.force_login(world.users["la_la_admin"])
    response = client.post(
        URL, {"review_invitation_days": "3", "direction_notice_school_days": "1"}
    )
    errors = response.context["form"].errors
    assert "review_invitation_days" in errors and "direction_notice_school_days" in errors


def test_the_service_writes_only_the_values_that_changed_and_who_changed_them(world):
    admin = world.users["la_la_admin"]
    la_settings_update(
        local_authority=world.la,
        changes={"review_interval_weeks": 4, "psp_review_weeks": world.la.psp_review_weeks},
        changed_by=admin,
    )
    world.la.refresh_from_db()
    latest = world.la.history.first()
    assert world.la.review_interval_weeks == 4
    assert (latest.history_user, latest.prev_record.review_interval_weeks) == (admin, 6)
    count = world.la.history.count()
    la_settings_update(
        local_authority=world.la, changes={"review_interval_weeks": 4}, changed_by=admin
    )
    assert world.la.history.count() == count


def test_limits_cannot_be_set_looser_than_the_sources(client, world):
    """Upper bounds too: a longer wait than the sources allow is refused beside its field."""
    client.force_login(world.users["la_la_admin"])
    looser = {
        "first_review_school_weeks": "7",  # 003: no more than 6 school weeks
        "psp_review_weeks": "8",  # 004: at least every 6 weeks
        "reduced_timetable_max_weeks": "13",  # 004: usually no more than 12 weeks
        "respite_days_without_approval": "4",  # 000: beyond 3 days needs the Head of Service
        "home_host_contact_days": "14",  # 002: at least weekly
        "requested_review_window_weeks": "11",  # 002: 10 weeks
    }
    response = client.post(URL, looser)
    errors = response.context["form"].errors
    assert set(looser) <= set(errors)
    assert errors["first_review_school_weeks"] == ["Enter a whole number from 1 to 6"]
    world.la.refresh_from_db()
    assert world.la.reduced_timetable_max_weeks == 12
