"""Staff see a case's working links and revoke them; others cannot."""

from django.urls import reverse

from parents.models import ParentLink


def _revoke(client, link):
    return client.post(
        reverse("parent-link-revoke", args=[link.pk]),
        {"next": "/elsewhere/"},
    )


def test_the_case_lead_sees_the_links_and_revokes_one(client, world, family):
    client.force_login(world.users["school_case_lead"])
    page = client.get(family.direction.get_absolute_url()).content.decode()
    assert "Parents' links" in page and "Sam Separate" in page
    link = ParentLink.objects.get(parent=family.mum)
    response = _revoke(client, link)
    assert response.status_code == 302 and response.url == "/elsewhere/"
    link.refresh_from_db()
    assert link.revoked_at is not None and link.revoked_by == world.users["school_case_lead"]
    assert client.get(reverse("parent-page", args=[family.mum_token])).status_code == 404


def test_revoking_needs_a_post(client, world, family):
    client.force_login(world.users["school_case_lead"])
    link = ParentLink.objects.get(parent=family.mum)
    assert client.get(reverse("parent-link-revoke", args=[link.pk])).status_code == 405


def test_another_schools_staff_get_404_and_those_who_cannot_edit_the_pupil_403(
    client, world, family
):
    link = ParentLink.objects.get(parent=family.mum)
    client.force_login(world.users["other_case_lead"])
    assert _revoke(client, link).status_code == 404
    client.force_login(world.users["school_office"])
    assert _revoke(client, link).status_code == 403
    page = client.get(family.direction.get_absolute_url())
    if page.status_code == 200:  # the office may see the direction, but not the links
        assert "Parents' links" not in page.content.decode()
    client.logout()
    assert _revoke(client, link).status_code == 302  # to sign in
    link.refresh_from_db()
    assert link.revoked_at is None


def test_another_las_officer_gets_404_as_for_a_link_that_does_not_exist(client, world, family):
    link = ParentLink.objects.get(parent=family.mum)
    client.force_login(world.users["other_la_officer"])
    assert _revoke(client, link).status_code == 404
    client.force_login(world.users["school_case_lead"])
    missing = client.post(reverse("parent-link-revoke", args=[link.pk + 1000]), {"next": "/"})
    assert missing.status_code == 404
    link.refresh_from_db()
    assert link.revoked_at is None


def test_the_las_officer_sees_the_pupil_but_may_not_revoke(client, world, family):
    link = ParentLink.objects.get(parent=family.mum)
    client.force_login(world.users["la_la_officer"])
    assert _revoke(client, link).status_code == 403
    link.refresh_from_db()
    assert link.revoked_at is None


def test_without_a_safe_next_it_goes_back_to_the_case_and_names_the_parent(client, world, family):
    client.force_login(world.users["school_case_lead"])
    link = ParentLink.objects.get(parent=family.dad)
    response = client.post(
        reverse("parent-link-revoke", args=[link.pk]), {"next": "https://evil.example/"}
    )
    assert response.status_code == 302 and response.url == family.direction.get_absolute_url()
    page = client.get(response.url).content.decode()
    assert "The link of Sam Separate no longer works" in page
