from __future__ import annotations

import json
import re

import pytest
from django.urls import reverse

from articles.services.publishing import article_unpublish, version_schedule
from articles.services.stories import version_create


def jsonld(html: str) -> dict:
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert match, "the page has no JSON-LD"
    return json.loads(match.group(1))


@pytest.fixture
def updated_story(live_article, revise, publish):
    """Live story with: v1, an update (March Update), a minor fix, a correction."""
    publish(revise(live_article, kind="update", update_label="March Update",
                   public_note="Filming has begun in Busan.",
                   headline="The Salt Line season 2 is filming [March Update]",
                   body="<h2>Has filming started?</h2><p>Yes. Cameras rolled in March.</p>"),
            days_ago=5)
    publish(revise(live_article, kind="minor",
                   body="<h2>Has filming started?</h2><p>Yes. Cameras rolled in early March.</p>"),
            days_ago=4)
    publish(revise(live_article, kind="correction",
                   public_note="An earlier version gave the wrong filming city.",
                   body="<h2>Has filming started?</h2><p>Yes. Cameras rolled in early March, in Incheon.</p>"),
            days_ago=3)
    live_article.refresh_from_db()
    return live_article


@pytest.mark.django_db
def test_story_page_shows_live_version_with_dates_update_and_correction(client, updated_story):
    html = client.get(updated_story.get_absolute_url()).content.decode()

    assert "<h1>The Salt Line season 2 is filming [March Update]</h1>" in html
    assert "Everything we know about the return of the coastal thriller." in html
    assert 'By <a href="/authors/wendy/" rel="author">Wendy Park</a>' in html
    published = updated_story.first_published_at.isoformat()
    updated = updated_story.last_updated_at.isoformat()
    assert f'Published <time datetime="{published}">' in html
    assert f'Updated <time datetime="{updated}">' in html
    assert "Latest update: March Update</strong> — Filming has begun in Busan." in html
    assert "An earlier version gave the wrong filming city." in html
    assert "in early March, in Incheon." in html
    assert '<a href="/sections/tv-news/">TV News</a>' in html


@pytest.mark.django_db
def test_updated_date_ignores_minor_fixes(client, live_article, revise, publish):
    publish(revise(live_article, kind="minor", body="<p>Fixed a typo.</p>"))
    html = client.get(live_article.get_absolute_url()).content.decode()
    assert "Fixed a typo." in html
    assert "Updated <time" not in html


@pytest.mark.django_db
def test_story_page_head_has_seo_open_graph_and_news_article(client, updated_story):
    html = client.get(updated_story.get_absolute_url()).content.decode()
    url = "http://127.0.0.1:8000/articles/salt-line-season-2/"

    assert "<title>The Salt Line season 2 is filming [March Update] | Newsdesk</title>" in html
    assert '<meta name="description" content="Everything we know about the return of the coastal thriller.">' in html
    assert f'<link rel="canonical" href="{url}">' in html
    assert f'<meta property="og:url" content="{url}">' in html
    assert '<meta property="og:type" content="article">' in html
    data = jsonld(html)
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == "The Salt Line season 2 is filming [March Update]"
    assert data["datePublished"] == updated_story.first_published_at.isoformat()
    assert data["dateModified"] == updated_story.last_updated_at.isoformat()
    assert data["author"][0]["name"] == "Wendy Park"
    assert data["correction"] == [{
        "@type": "CorrectionComment",
        "text": "An earlier version gave the wrong filming city.",
        "datePublished": updated_story.live_version.published_at.isoformat(),
    }]


@pytest.mark.django_db
def test_seo_fields_override_title_and_description(client, make_article, publish):
    article = make_article(seo_title="Salt Line S2: release date", seo_description="Dates, cast, news.")
    publish(article.latest_version)
    html = client.get(article.get_absolute_url()).content.decode()
    assert "<title>Salt Line S2: release date | Newsdesk</title>" in html
    assert '<meta name="description" content="Dates, cast, news.">' in html


@pytest.mark.django_db
def test_json_ld_cannot_be_broken_out_of_by_a_headline(client, make_article, publish):
    article = make_article(headline="</script><script>alert(1)</script>")
    publish(article.latest_version)
    html = client.get(article.get_absolute_url()).content.decode()
    assert "<script>alert(1)" not in html
    assert jsonld(html)["headline"] == "</script><script>alert(1)</script>"


@pytest.mark.django_db
def test_update_history_lists_public_versions_newest_first(client, updated_story):
    html = client.get(reverse("articles:updates", args=[updated_story.slug])).content.decode()

    entries = re.findall(r'<h2><a href="(/articles/salt-line-season-2/v\d+/)">([^<]+)</a></h2>', html)
    assert entries == [
        ("/articles/salt-line-season-2/v3/", "Version 3: Correction"),
        ("/articles/salt-line-season-2/v2/", "Version 2: March Update"),
        ("/articles/salt-line-season-2/v1/", "Version 1: first published"),
    ]
    assert "Filming has begun in Busan." in html
    assert "An earlier version gave the wrong filming city." in html


@pytest.mark.django_db
def test_old_public_version_shows_its_own_words_with_banner_noindex_and_canonical(client, updated_story):
    html = client.get("/articles/salt-line-season-2/v1/").content.decode()

    assert "<h1>When will The Salt Line season 2 arrive?</h1>" in html
    assert "Not yet. The cast reunites in spring." in html
    assert "Incheon" not in html
    assert "You are reading version 1 of 3" in html
    assert '<a href="/articles/salt-line-season-2/">Read the current version</a>' in html
    assert '<meta name="robots" content="noindex">' in html
    assert '<link rel="canonical" href="http://127.0.0.1:8000/articles/salt-line-season-2/">' in html


@pytest.mark.django_db
def test_changes_page_marks_words_added_and_removed(client, updated_story):
    html = client.get("/articles/salt-line-season-2/v2/changes/").content.decode()

    assert "<del>Not yet</del><ins>Yes</ins>" in html
    assert ("<del>When will </del>The Salt Line season 2 <del>arrive?</del>"
            "<ins>is filming [March Update]</ins>") in html
    assert '<meta name="robots" content="noindex">' in html


@pytest.mark.django_db
def test_changes_page_includes_minor_fixes_since_the_previous_public_version(client, updated_story):
    html = client.get("/articles/salt-line-season-2/v3/changes/").content.decode()
    assert "<ins>early </ins>March<ins>, in Incheon</ins>" in html


@pytest.mark.parametrize("url", [
    "/articles/salt-line-season-2/v1/changes/",
    "/articles/salt-line-season-2/v9/",
    "/articles/salt-line-season-2/v9/changes/",
])
@pytest.mark.django_db
def test_versions_that_do_not_exist_are_not_found(client, updated_story, url):
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_drafts_and_minor_fixes_have_no_public_version_page(client, updated_story, revise):
    revise(updated_story, headline="Unpublished draft words")
    for number in (4, 5):
        assert client.get(f"/articles/salt-line-season-2/v{number}/").status_code == 404
    html = client.get(updated_story.get_absolute_url()).content.decode()
    assert "Unpublished draft words" not in html


@pytest.mark.parametrize("state", ["draft", "scheduled", "unpublished", "unknown"])
@pytest.mark.django_db
def test_story_not_live_is_not_found(client, make_article, publish, editor, state):
    from datetime import timedelta

    from django.utils import timezone

    article = make_article(slug="hidden-story")
    if state == "scheduled":
        version_schedule(article.latest_version, by=editor,
                                  go_live_at=timezone.now() + timedelta(hours=1))
    elif state == "unpublished":
        publish(article.latest_version)
        article_unpublish(article, by=editor)
    slug = "no-such-story" if state == "unknown" else "hidden-story"
    for suffix in ("", "updates/", "v1/"):
        response = client.get(f"/articles/{slug}/{suffix}")
        assert response.status_code == 404
        assert "We can’t find that page" in response.content.decode()


@pytest.mark.django_db
def test_renamed_story_old_address_redirects_permanently(client, live_article, editor):
    version_create(live_article, by=editor, based_on=None, slug="salt-line-s2-date",
                            headline="Renamed", standfirst="Same story.")
    response = client.get("/articles/salt-line-season-2/")
    assert response.status_code == 301
    assert response["Location"] == "/articles/salt-line-s2-date/"
    assert client.get("/articles/salt-line-season-2/updates/")["Location"] == "/articles/salt-line-s2-date/updates/"
    assert client.get("/articles/salt-line-season-2/v1/")["Location"] == "/articles/salt-line-s2-date/v1/"


@pytest.mark.django_db
def test_renaming_a_draft_leaves_no_redirect(client, make_article, writer):
    article = make_article(slug="draft-name")
    version_create(article, by=writer, based_on=None, slug="better-name",
                            headline="x", standfirst="y")
    assert client.get("/articles/draft-name/").status_code == 404


@pytest.mark.django_db
def test_slug_used_by_another_story_is_refused(make_article, live_article, editor):
    from django.core.exceptions import ValidationError

    other = make_article(slug="other-story")
    with pytest.raises(ValidationError, match="already uses"):
        version_create(other, by=editor, based_on=None, slug=live_article.slug,
                                headline="x", standfirst="y")


@pytest.mark.django_db
def test_home_lists_live_stories_newest_update_first(client, make_article, publish, revise):
    old = make_article(slug="old", headline="Old news")
    publish(old.latest_version, days_ago=30)
    new = make_article(slug="new", headline="New news")
    publish(new.latest_version, days_ago=1)
    make_article(slug="draft", headline="Draft news")
    publish(revise(old, kind="update", update_label="Today", public_note="Fresh."))

    html = client.get("/").content.decode()
    assert html.index("Old news") < html.index("New news")
    assert "Draft news" not in html


@pytest.mark.django_db
def test_section_and_author_pages_list_only_their_stories(client, make_article, make_section,
                                                          publish, make_user):
    reviews = make_section(name="Reviews", slug="reviews")
    other_writer = make_user("Writers", username="otto")
    a = make_article(slug="a", headline="Review of Salt Line", sections=[reviews])
    b = make_article(slug="b", headline="News by Otto", by=other_writer)
    publish(a.latest_version)
    publish(b.latest_version)

    reviews_html = client.get("/sections/reviews/").content.decode()
    assert "Review of Salt Line" in reviews_html and "News by Otto" not in reviews_html
    otto_html = client.get("/authors/otto/").content.decode()
    assert "News by Otto" in otto_html and "Review of Salt Line" not in otto_html
    assert client.get("/sections/nope/").status_code == 404
    assert client.get("/authors/nobody/").status_code == 404


@pytest.mark.django_db
def test_an_author_page_opens_with_their_first_published_story(client, make_article, publish,
                                                               make_user):
    newcomer = make_user("Writers", username="nina")
    draft = make_article(slug="nina-draft", headline="The first story by Nina", by=newcomer)
    assert client.get("/authors/nina/").status_code == 404  # drafts only: no public page

    publish(draft.latest_version)

    assert "The first story by Nina" in client.get("/authors/nina/").content.decode()


@pytest.mark.django_db
def test_listings_paginate(client, make_article, publish, settings):
    for n in range(settings.NEWSDESK_PAGE_SIZE + 2):
        publish(make_article(slug=f"s{n}", headline=f"Story number {n}").latest_version)
    first = client.get("/").content.decode()
    second = client.get("/?page=2").content.decode()
    assert "Page 1 of 2" in first and 'rel="next" href="?page=2"' in first
    assert second.count('class="teaser"') == 2
    assert client.get("/?page=9").status_code == 404


@pytest.mark.django_db
def test_base_template_has_skip_link_main_and_footer(client, live_article):
    html = client.get("/").content.decode()
    assert '<a class="skip-link" href="#main">Skip to content</a>' in html
    assert '<main id="main"' in html
    assert "<footer" in html
    assert '<html lang="en">' in html


# --- query counts -------------------------------------------------------------------

@pytest.fixture
def three_stories(make_article, publish, make_section, make_user, revise, show, make_show):
    extra = make_section(name="Streaming", slug="streaming")
    second_author = make_user("Writers")
    other_show = make_show(name="Harbour Lights")
    stories = []
    for n in range(3):
        article = make_article(slug=f"q{n}", sections=None, shows=[show, other_show],
                               topics=["KDrama", "Thriller"])
        article.sections.add(extra)
        article.authors.add(second_author)
        publish(article.latest_version)
        publish(revise(article, kind="correction", public_note=f"Fix {n}."))
        stories.append(article)
    return stories


@pytest.mark.parametrize("more_related", [0, 2])
@pytest.mark.django_db
def test_story_page_query_count(client, three_stories, show, make_article, publish, more_related,
                                make_image, django_assert_num_queries):
    for _ in range(more_related):
        publish(make_article(shows=[show], topics=["KDrama"],
                             lead_image=make_image()).latest_version)
    # article + live version + lead image; sections; authors; shows (their facts boxes);
    # topics; public versions; related stories with live versions; nav sections; the story's
    # comment settings with its comment counts; one page of comment threads with replies
    with django_assert_num_queries(10):
        html = client.get("/articles/q1/").content.decode()
    assert html.count('class="show-facts"') == 2
    assert html.count('class="related-item"') == 2 + more_related
    assert html.count('<picture class="related-image">') == more_related  # lead images come along


@pytest.mark.parametrize("url", ["/", "/sections/streaming/"])
@pytest.mark.django_db
def test_listing_query_count_does_not_grow_with_stories(client, three_stories, url, settings,
                                                        django_assert_num_queries):
    settings.PAGE_CACHE_SECONDS = 0  # the second request must be rendered, not a copy
    # (the section;) count; which stories; their teasers' versions and pictures; their
    # sections; nav
    section = 0 if url == "/" else 1
    with django_assert_num_queries(4 + section + 1):
        assert client.get(url).status_code == 200
    # Then nothing: the section, the count, which stories, their teasers and the nav are
    # kept until a change purges them.
    with django_assert_num_queries(0):
        assert client.get(url).status_code == 200


@pytest.mark.django_db
def test_update_history_query_count(client, three_stories, django_assert_num_queries):
    # article; sections; authors; public versions; nav
    with django_assert_num_queries(5):
        assert client.get("/articles/q0/updates/").status_code == 200


@pytest.mark.django_db
def test_favicon_requests_find_the_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"] == "/static/favicon.svg"


@pytest.mark.django_db
def test_server_error_page_is_styled_and_says_what_happened(rf):
    from django.views.defaults import server_error

    response = server_error(rf.get("/"))
    html = response.content.decode()
    assert response.status_code == 500
    assert "Something went wrong on our side" in html
    assert "/static/css/site.css" in html


@pytest.mark.django_db
def test_changes_page_keeps_story_subheadings_as_headings(client, live_article, revise, publish):
    publish(revise(live_article, kind="update", update_label="Cast Update", public_note="Cast news.",
                   body="<h2>Has filming started?</h2><p>Not yet. The cast reunites in spring.</p>"
                        "<h2>Who is in the cast?</h2><p>Everyone returns.</p>"))
    html = client.get(f"/articles/{live_article.slug}/v2/changes/").content.decode()
    assert "<h3>Has filming started?</h3>" in html
    assert "<h3><ins>Who is in the cast?</ins></h3>" in html
    assert "<p><ins>Everyone returns.</ins></p>" in html
