"""A commenter's email address and IP address are kept for moderators, and appear on no
page, feed, sitemap or piece of structured data that anyone else can fetch."""
from __future__ import annotations

import pytest
from django.utils import timezone

from comments.models import Comment, CommentState

EMAIL = "Hidden.Reader@private-mail.example"
IP = "203.0.113.77"
IPV6 = "2001:db8::77"


@pytest.fixture
def talked_about(live_article, make_show, section):
    """A live story with an approved comment, an approved reply and a held comment."""
    show = make_show(name="Harbour Lights")
    live_article.shows.add(show)
    first = Comment.objects.create(
        article=live_article, version=live_article.live_version, author_name="Hidden Reader",
        author_email=EMAIL, author_url="https://hidden-reader.example/", ip_address=IP,
        user_agent="Mozilla/5.0 (Hidden)", body="Loved the lighthouse scenes.",
        state=CommentState.APPROVED, created_at=timezone.now())
    Comment.objects.create(
        article=live_article, version=live_article.live_version, parent=first, root=first,
        depth=1, author_name="Second Reader", author_email="second@private-mail.example",
        ip_address=IPV6, body="Same here.", state=CommentState.APPROVED)
    Comment.objects.create(
        article=live_article, version=live_article.live_version, author_name="Held Reader",
        author_email="held@private-mail.example", ip_address="198.51.100.99",
        body="Waiting for a moderator.", state=CommentState.PENDING)
    return live_article, show, section


def public_urls(article, show, section):
    story = article.get_absolute_url()
    return [
        story, f"{story}?comments=1", f"{story}updates/", f"{story}v1/", "/", "/feed/",
        "/feed/atom/", f"/sections/{section.slug}/", f"/sections/{section.slug}/feed/",
        show.get_absolute_url(), f"{show.get_absolute_url()}feed/", "/shows/", "/archive/",
        "/search/?q=lighthouse", "/sitemap.xml", "/sitemap-stories.xml", "/news-sitemap.xml",
        "/comments/privacy/",
    ]


@pytest.mark.django_db
def test_no_public_page_shows_a_commenters_email_or_ip(client, talked_about):
    secrets = [EMAIL.lower(), "private-mail.example", IP, IPV6, "198.51.100.99", "(Hidden)"]
    for url in public_urls(*talked_about):
        for attempt in ("drawn", "cached"):
            response = client.get(url)
            assert response.status_code == 200, (url, attempt)
            seen = (response.content.decode() + str(response.headers)).lower()
            for secret in secrets:
                assert secret.lower() not in seen, (url, attempt, secret)


@pytest.mark.django_db
def test_the_story_page_does_show_the_comments_themselves(client, talked_about):
    # The check above means something only if the comments are on the page.
    article, _, _ = talked_about
    html = client.get(article.get_absolute_url()).content.decode()
    assert "Loved the lighthouse scenes." in html and "Same here." in html
    assert "Hidden Reader" in html and 'href="https://hidden-reader.example/"' in html
    assert "Waiting for a moderator." not in html
