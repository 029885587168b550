"""A fact-checker pastes an address: it is cleaned up, or refused with a reason."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from factcheck_gui.core.errors import FetchError
from factcheck_gui.net.errors import BadUrlError
from factcheck_gui.net.fetch import failed_source
from factcheck_gui.net.urls import absolute_http_url, host_of, is_http_url, normalize_url, redact_credentials


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("  https://example.com/page  \n", "https://example.com/page"),
        ("example.com/news/story", "https://example.com/news/story"),
        ("www.bbc.co.uk", "https://www.bbc.co.uk/"),
        ("<https://example.org/a>", "https://example.org/a"),
        ("HTTPS://EXAMPLE.COM/Path", "https://example.com/Path"),
        ("//example.com/x", "https://example.com/x"),
        ("http://example.com/a b/c d?q=x y", "http://example.com/a%20b/c%20d?q=x%20y"),
        ("https://example.com/100%25/50%", "https://example.com/100%25/50%25"),
        ("https://example.com/story#comments", "https://example.com/story"),
        ("https://example.com:443/", "https://example.com/"),
        ("http://example.com:8080/x", "http://example.com:8080/x"),
        ("localhost:8000/x", "https://localhost:8000/x"),
        ("127.0.0.1:5000", "https://127.0.0.1:5000/"),
        ("http://[::1]:8080/p", "http://[::1]:8080/p"),
        ("http://[2001:DB8::1]/", "http://[2001:db8::1]/"),
        ("https://example.com/caf\u00e9", "https://example.com/caf%C3%A9"),
    ],
)
def test_typed_addresses_are_normalised(typed: str, expected: str) -> None:
    assert normalize_url(typed) == expected


def test_international_host_names_become_punycode() -> None:
    assert normalize_url("https://Bücher.example/") == "https://xn--bcher-kva.example/"
    assert normalize_url("例え.jp/ニュース") == "https://xn--r8jz45g.jp/%E3%83%8B%E3%83%A5%E3%83%BC%E3%82%B9"


@pytest.mark.parametrize(
    ("typed", "scheme"),
    [
        ("file:///etc/passwd", "file"),
        ("javascript:alert(1)", "javascript"),
        ("data:text/html,<b>hi</b>", "data"),
        ("ftp://ftp.example.org/file.txt", "ftp"),
        ("mailto:press@example.gov", "mailto"),
        ("about:blank", "about"),
    ],
)
def test_other_schemes_are_refused_with_the_scheme_named(typed: str, scheme: str) -> None:
    with pytest.raises(BadUrlError) as caught:
        normalize_url(typed)
    message = str(caught.value)
    assert f"“{scheme}:”" in message
    assert "Only web addresses (http:// and https://)" in message
    assert isinstance(caught.value, FetchError)


@pytest.mark.parametrize("typed", ["https://user:secret@example.com/", "http://token@example.com/x", "bob@example.com/page"])
def test_credentials_in_an_address_are_refused_because_they_leak(typed: str) -> None:
    with pytest.raises(BadUrlError) as caught:
        normalize_url(typed)
    message = str(caught.value)
    assert "refused" in message and "leak" in message
    assert "secret" not in message and "secret" not in caught.value.url  # never repeated

    card = failed_source(typed, caught.value)
    assert "secret" not in card.url and "@" not in card.url and card.error == message


def test_an_email_address_is_not_a_web_address() -> None:
    with pytest.raises(BadUrlError, match="e-mail address"):
        normalize_url("press@example.gov")


@pytest.mark.parametrize(
    ("typed", "fragment"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("hello", "is not a web address"),
        ("not a url.com", "is not a web address"),
        ("http:example.com", "no host name"),
        ("http://exa mple.com/", "contains a space"),
        ("http://example.com:99999/", "port"),
        ("http://[not:an:ip]/", "IPv6"),
        ("http://exa_mple!.com/", "characters a domain name cannot have"),
    ],
)
def test_bad_input_says_what_is_wrong(typed: str, fragment: str) -> None:
    with pytest.raises(BadUrlError, match=fragment):
        normalize_url(typed)


def test_redirect_targets_are_not_guessed() -> None:
    # A Location header is resolved against the page first; bare text is not a host there.
    with pytest.raises(BadUrlError):
        normalize_url("example.com/x", assume_https=False)
    assert normalize_url("https://example.com/x", assume_https=False) == "https://example.com/x"


def test_link_helpers() -> None:
    assert absolute_http_url("/a?b=1#c", "https://example.org/x/y") == "https://example.org/a?b=1#c"
    assert absolute_http_url("other", "https://example.org/x/y") == "https://example.org/x/other"
    assert absolute_http_url("mailto:a@b.org", "https://example.org/") is None
    assert absolute_http_url("javascript:void(0)", "https://example.org/") is None
    assert absolute_http_url("#top", "https://example.org/") is None
    assert absolute_http_url("relative", "") is None
    assert is_http_url("http://x.org/") and not is_http_url("file:///x")
    assert host_of("https://www.Example.org:8080/x") == "example.org"
    assert redact_credentials("https://u:p@example.org/a@b") == "https://example.org/a@b"
    assert redact_credentials("https://example.org/@user") == "https://example.org/@user"
    assert redact_credentials("bob:pw@example.org/x") == "example.org/x"


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60))
def test_any_text_gives_a_fetchable_url_or_a_bad_url_error(text: str) -> None:
    try:
        url = normalize_url(text)
    except BadUrlError as error:
        assert str(error).endswith(".")
        return
    assert url.startswith(("http://", "https://"))
    assert " " not in url and "#" not in url and "@" not in url.split("/")[2]
    assert normalize_url(url) == url  # idempotent


@settings(max_examples=200, deadline=None)
@given(
    st.from_regex(r"[a-z0-9]{1,12}(\.[a-z0-9]{1,8}){1,3}", fullmatch=True),
    st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=30),
)
def test_host_and_any_path_normalise_idempotently(host: str, path: str) -> None:
    try:
        url = normalize_url(f"https://{host}/{path}")
    except BadUrlError:
        return
    assert url.startswith(f"https://{host}/")
    assert normalize_url(url) == url
