"""Every reader page goes out with headers that keep injected script from running and keep
other sites from framing or sniffing it, served fresh or from the page cache."""
from __future__ import annotations

import pytest


def directives(response):
    policy = response["Content-Security-Policy"]
    return {name: values for name, *values in (part.split() for part in policy.split(";"))}


@pytest.fixture
def reader_pages(live_article, make_show, make_article, publish):
    show = make_show(name="Harbour Lights")
    story = make_article(slug="harbour-lights-returns", shows=[show])
    publish(story.latest_version)
    return ["/", live_article.get_absolute_url(), show.get_absolute_url(), "/shows/",
            "/search/?q=harbour", "/archive/", live_article.get_absolute_url() + "updates/"]


@pytest.mark.django_db
def test_reader_pages_run_only_the_sites_own_scripts(client, reader_pages):
    for url in reader_pages:
        response = client.get(url)
        assert response.status_code == 200, url
        policy = directives(response)
        assert policy["script-src"] == ["'self'"], url
        assert policy["object-src"] == ["'none'"], url
        assert policy["frame-ancestors"] == ["'none'"], url
        assert "'unsafe-inline'" not in response["Content-Security-Policy"], url
        assert "'unsafe-eval'" not in response["Content-Security-Policy"], url


@pytest.mark.django_db
def test_reader_pages_refuse_framing_sniffing_and_full_referrers(client, reader_pages):
    for url in reader_pages:
        response = client.get(url)
        assert response["X-Frame-Options"] == "DENY", url
        assert response["X-Content-Type-Options"] == "nosniff", url
        assert response["Referrer-Policy"] == "strict-origin-when-cross-origin", url


@pytest.mark.django_db
def test_a_page_from_the_page_cache_carries_the_same_headers(client, live_article):
    url = live_article.get_absolute_url()
    fresh = client.get(url)
    cached = client.get(url)

    assert cached["X-Page-Cache"] == "hit"
    for header in ("Content-Security-Policy", "X-Frame-Options", "X-Content-Type-Options",
                   "Referrer-Policy"):
        assert cached[header] == fresh[header], header
