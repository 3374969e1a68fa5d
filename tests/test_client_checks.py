"""The request checks shared by the view counter and the newsletter form."""

import pytest
from django.test import RequestFactory

from common.http import client_network, is_same_site


@pytest.mark.parametrize(
    ("address", "network"),
    [
        ("198.51.100.7", "198.51.100.7"),
        ("2001:db8:1:2:aaaa::1", "2001:db8:1:2::/64"),
        ("2001:db8:1:2:ffff:ffff:ffff:ffff", "2001:db8:1:2::/64"),
        ("::ffff:198.51.100.7", "198.51.100.7"),
        ("not-an-address", "not-an-address"),
    ],
)
def test_rate_limits_group_ipv6_clients_by_their_64(address, network):
    request = RequestFactory().get("/", REMOTE_ADDR=address)
    assert client_network(request) == network


def test_wildcard_allowed_hosts_do_not_make_every_site_ours(settings):
    settings.ALLOWED_HOSTS = ["*"]
    settings.SITE_URL = "https://news.example.com"

    def from_origin(origin):
        return is_same_site(RequestFactory().post("/", headers={"Origin": origin}))

    assert from_origin("https://news.example.com")
    assert not from_origin("https://evil.example")


def test_listed_hosts_count_as_the_site(settings):
    settings.ALLOWED_HOSTS = [".example.com"]
    settings.SITE_URL = "https://news.example.com"

    request = RequestFactory().post("/", headers={"Origin": "https://www.example.com"})

    assert is_same_site(request)
