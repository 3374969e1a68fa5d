"""Generated hostile input against every reader URL and form: never a server error."""

from urllib.parse import quote, urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

# Test-client requests against a real database: examples are slow, so fewer of them,
# and no deadline for the odd slow one.
FUZZ = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
PAGES = [
    "/",
    "/articles/{}/",
    "/category/{}/",
    "/tag/{}/",
    "/author/{}/",
    "/category/{}/feed/",
    "/tag/{}/feed/",
    "/author/{}/feed/atom/",
    "/search/",
    "/feed/",
    "/feed/atom/",
    "/newsletter/",
    "/newsletter/check-your-inbox/",
    "/newsletter/confirm/{}/",
    "/newsletter/unsubscribe/{}/",
    "/sitemap.xml",
    "/news-sitemap.xml",
    "/robots.txt",
    "/healthz",
]
FORMS = ["/newsletter/subscribe/", "/articles/{}/view/"]

# Any text a URL can carry once percent-encoded, weighted towards what breaks
# things: NUL and other control characters, quotes, dots, slashes, non-ASCII.
anything = st.one_of(
    st.text(max_size=60),
    st.text(
        st.sampled_from("\x00\x01\x1f\x7f%./\\'\"<>&;é€\u200b\U0001f600"), max_size=12
    ),
)
# Header values: any Latin-1 character but line breaks, up to the size a proxy lets
# through, including long runs of one character (worst cases for regexes).
header_value = st.one_of(
    st.text(st.characters(max_codepoint=255, exclude_characters="\r\n"), max_size=80),
    st.builds(
        lambda char, count: char * count,
        st.sampled_from("a/ (;.,=*%0"),
        st.integers(0, 8000),
    ),
)
headers = st.fixed_dictionaries(
    {},
    optional={
        "User-Agent": header_value,
        "Origin": header_value,
        "Referer": header_value,
        "Accept": header_value,
        "Accept-Language": header_value,
        "Sec-Fetch-Site": header_value,
        "Sec-Purpose": header_value,
        "If-None-Match": header_value,
        "If-Modified-Since": header_value,
        "Cookie": header_value,
    },
)
query = st.dictionaries(
    st.sampled_from(["q", "page", "p", "utm_source", "format"]) | anything,
    anything,
    max_size=4,
)


@pytest.fixture
def site(make_article):
    make_article(slug="chips", tags=["chips"])


def url_for(pattern, segment):
    return pattern.format(quote(segment, safe="") or "x")


def assert_no_server_error(response, url):
    assert response.status_code < 500, (url, response.status_code)


@FUZZ
@given(pattern=st.sampled_from(PAGES), segment=anything, params=query, extra=headers)
def test_reader_pages_never_fail(client, site, pattern, segment, params, extra):
    url = url_for(pattern, segment)
    response = client.get(f"{url}?{urlencode(params)}", headers=extra)
    assert_no_server_error(response, url)


@FUZZ
@given(
    pattern=st.sampled_from(FORMS),
    segment=st.sampled_from(["chips"]) | anything,
    data=st.dictionaries(
        st.sampled_from(["email", "consent", "website"]) | anything,
        anything | st.emails(),
        max_size=4,
    ),
    extra=headers,
    client_ip=st.ip_addresses().map(str),
)
def test_forms_and_beacons_never_fail(
    client, site, pattern, segment, data, extra, client_ip
):
    url = url_for(pattern, segment)
    response = client.post(url, data, headers=extra, REMOTE_ADDR=client_ip)
    assert_no_server_error(response, url)
