"""What the comment form and the privacy page tell a reader about their data, with Akismet
on and off."""
from __future__ import annotations

import pytest

from tests.comments.reader import _fresh_rate_limits, page, story  # noqa: F401 (fixtures)


@pytest.mark.django_db
def test_without_akismet_no_page_mentions_it(client, story):
    story_html = page(client, story)
    privacy = client.get("/comments/privacy/").content.decode()

    assert "Akismet" not in story_html and "Akismet" not in privacy
    assert 'href="/comments/privacy/">How we handle comment data</a>' in story_html
    assert "deleted for good, with everything stored with them, 30 days" in privacy
    assert "erased" in privacy and "IP address" in privacy


@pytest.mark.django_db
def test_with_akismet_the_form_and_privacy_page_say_what_is_sent(client, story, akismet):
    story_html = page(client, story)
    privacy = client.get("/comments/privacy/").content.decode()

    assert "This site checks comments for spam with Akismet" in story_html
    assert "We check each comment with Akismet" in privacy
    assert "your IP address and your browser's user agent" in privacy.replace("&#x27;", "'")
