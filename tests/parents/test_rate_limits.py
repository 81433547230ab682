"""Tokens are rate-limited per client address and per token, with a clear page."""

from django.urls import reverse


def test_it_limits_one_address_to_30_requests_a_minute(client, family, settings):
    for n in range(30):
        token = family.mum_token if n % 2 else f"guess{n:040d}"
        assert client.get(reverse("parent-page", args=[token])).status_code in (200, 404)
    response = client.get(reverse("parent-page", args=[family.mum_token]))
    assert response.status_code == 429
    assert int(response["Retry-After"]) <= 60
    assert "Please wait and try again" in response.content.decode()
    # another address is not held up
    other = client.get(reverse("parent-page", args=[family.mum_token]), REMOTE_ADDR="10.0.0.2")
    assert other.status_code == 200


def test_it_limits_one_token_to_60_requests_an_hour(client, family):
    url = reverse("parent-page", args=[family.mum_token])
    for n in range(60):
        assert client.get(url, REMOTE_ADDR=f"10.1.{n // 250}.{n % 250}").status_code == 200
    response = client.get(url, REMOTE_ADDR="10.2.0.1")
    assert response.status_code == 429
    # the other parent's link is counted on its own
    dad = client.get(reverse("parent-page", args=[family.dad_token]), REMOTE_ADDR="10.2.0.1")
    assert dad.status_code == 200


def test_behind_a_load_balancer_it_counts_the_address_the_balancer_saw(client, family, settings):
    settings.PARENT_LINK_CLIENT_IP_HEADER = "HTTP_X_FORWARDED_FOR"
    url = reverse("parent-page", args=[family.mum_token])
    for _n in range(30):
        client.get(url, HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.9")
    assert client.get(url, HTTP_X_FORWARDED_FOR="203.0.113.9").status_code == 429
    assert client.get(url, HTTP_X_FORWARDED_FOR="203.0.113.10").status_code == 200
