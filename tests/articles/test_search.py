from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from articles.models import Article, SearchEntry
from articles.search import search
from articles.services.publishing import article_unpublish
from articles.services.shows import show_alias_add

SEARCH = "/search/"


@pytest.fixture
def make_live(make_article, publish):
    """A published story with the given words (and shows)."""

    def make(headline="A quiet week for renewals", standfirst="Nothing new to report.",
             body="<p>Nothing new to report this week.</p>", **fields):
        article = make_article(headline=headline, standfirst=standfirst, body=body, **fields)
        publish(article.latest_version)
        article.refresh_from_db()
        return article

    return make


def found(client, query):
    """Slugs of the stories on the first results page for `query`, in order."""
    html = client.get(SEARCH, {"q": query}).content.decode()
    return re.findall(r'<h2><a href="/articles/([^/]+)/">', html)


@pytest.fixture
def lighthouse(make_live, show):
    return make_live(
        slug="lighthouse-keepers",
        headline="The lighthouse keepers return",
        standfirst="A harbour town waits for the second season.",
        body="<p>Filming moved to a cormorant colony on the northern cliffs.</p>",
        shows=[show],
    )


@pytest.mark.parametrize("query", [
    "lighthouse",        # headline
    "harbour",           # standfirst
    "cormorant colony",  # body
    "Salt Line",         # show name
    "LIGHTHOUSE keepers",
])
@pytest.mark.django_db
def test_words_from_any_part_of_a_story_find_it(client, lighthouse, make_live, query):
    make_live(slug="unrelated")
    assert found(client, query) == ["lighthouse-keepers"]


@pytest.mark.django_db
def test_show_alias_finds_the_shows_stories(client, lighthouse, show, editor):
    assert found(client, "Saltline") == []
    show_alias_add(show, name="Saltline", by=editor)
    assert found(client, "saltline") == ["lighthouse-keepers"]


@pytest.mark.django_db
def test_every_word_must_match(client, lighthouse):
    assert found(client, "lighthouse cormorant") == ["lighthouse-keepers"]
    assert found(client, "lighthouse volcano") == []


@pytest.mark.django_db
def test_headline_and_show_matches_outrank_body_only_matches(make_live, make_show):
    kraken = make_show(name="Kraken Cove")
    body_only = make_live(slug="body-only", headline="Summer schedule announced",
                          body="<p>" + "The kraken appears again. " * 20 + "</p>")
    by_show = make_live(slug="by-show", headline="Cast confirmed for the new season",
                        shows=[kraken])
    by_headline = make_live(slug="by-headline", headline="Kraken sequel gets a date")

    ranked = [hit.article_id for hit in search("kraken")[0:12]]

    assert set(ranked[:2]) == {by_show.pk, by_headline.pk}
    assert ranked[2] == body_only.pk


@pytest.mark.django_db
def test_standfirst_match_outranks_body_match(make_live):
    in_body = make_live(slug="in-body", body="<p>Rumours of a volcano episode.</p>")
    in_standfirst = make_live(slug="in-standfirst", standfirst="The volcano episode is real.")

    assert [hit.article_id for hit in search("volcano")[0:12]] == [in_standfirst.pk, in_body.pk]


@pytest.mark.django_db
def test_drafts_never_appear(client, make_article):
    make_article(slug="draft", headline="Lighthouse draft")
    assert found(client, "lighthouse") == []
    assert "No published stories match “lighthouse”." in client.get(SEARCH, {"q": "lighthouse"}).content.decode()


@pytest.mark.django_db
def test_unpublished_story_disappears_from_search(client, lighthouse, editor):
    article_unpublish(lighthouse, by=editor)
    assert found(client, "lighthouse") == []
    assert not SearchEntry.objects.filter(article=lighthouse).exists()


@pytest.mark.django_db
def test_expired_story_does_not_appear_even_with_a_stale_entry(client, lighthouse):
    # Expiry normally unpublishes through a service; until the job runs, the entry stays.
    Article.objects.filter(pk=lighthouse.pk).update(expire_at=timezone.now() - timedelta(minutes=1))
    assert SearchEntry.objects.filter(article=lighthouse).exists()

    response = client.get(SEARCH, {"q": "lighthouse"})

    assert response.context["paginator"].count == 0
    assert found(client, "lighthouse") == []


@pytest.mark.django_db
def test_published_update_changes_what_is_found(client, lighthouse, revise, publish):
    publish(revise(lighthouse, kind="minor", headline="The beacon keepers return",
                   body="<p>Filming moved to a puffin colony.</p>"))

    assert found(client, "lighthouse") == []
    assert found(client, "cormorant") == []
    assert found(client, "beacon") == ["lighthouse-keepers"]
    assert found(client, "puffin") == ["lighthouse-keepers"]


@pytest.mark.django_db
def test_unpublished_draft_words_are_not_found_until_published(client, lighthouse, revise):
    revise(lighthouse, headline="The beacon keepers return")
    assert found(client, "beacon") == []
    assert found(client, "lighthouse") == ["lighthouse-keepers"]


@pytest.mark.django_db
def test_results_show_headline_link_highlighted_snippet_and_date(client, lighthouse):
    html = client.get(SEARCH, {"q": "cormorant"}).content.decode()

    assert "1 result for “cormorant”" in html
    assert '<a href="/articles/lighthouse-keepers/">The lighthouse keepers return</a>' in html
    assert "<mark>cormorant</mark> colony" in html
    published = lighthouse.first_published_at.isoformat()
    assert f'Published <time datetime="{published}">' in html


@pytest.mark.django_db
def test_standfirst_match_is_highlighted_in_the_snippet(client, lighthouse):
    html = client.get(SEARCH, {"q": "lighthouse harbour"}).content.decode()

    assert '<a href="/articles/lighthouse-keepers/">The <mark>lighthouse</mark> keepers return</a>' in html
    assert '<p class="snippet">A <mark>harbour</mark> town waits for the second season.</p>' in html


@pytest.mark.django_db
def test_snippet_escapes_stored_markup(client, make_live):
    make_live(headline="Tom & Jerry <b>reboot</b>",
              body="<p>Fans feared &lt;script&gt;alert(1)&lt;/script&gt; in the finale.</p>")

    html = client.get(SEARCH, {"q": "finale reboot"}).content.decode()

    assert "<mark>finale</mark>" in html
    assert "<script>alert" not in html
    assert "alert(1)" in html
    assert "Tom &amp; Jerry &lt;b&gt;<mark>reboot</mark>&lt;/b&gt;" in html


@pytest.mark.parametrize("query", ["", "   ", "\t\n"])
@pytest.mark.django_db
def test_empty_query_shows_the_form_and_runs_no_search(client, lighthouse, query,
                                                       django_assert_num_queries):
    # nav sections only
    with django_assert_num_queries(1):
        response = client.get(SEARCH, {"q": query})

    html = response.content.decode()
    assert response.status_code == 200
    assert '<label for="search-page-q">' in html
    assert "Search published stories by headline" in html
    assert "result" not in html
    assert "lighthouse" not in html


@pytest.mark.django_db
def test_page_without_q_shows_the_form(client):
    response = client.get(SEARCH)
    assert response.status_code == 200
    assert "Search published stories by headline" in response.content.decode()


HOSTILE = [
    '"', "'", "*", "NEAR(", "NEAR(lighthouse", "a OR", "OR", "AND NOT", "-", ")", "((", "^",
    ":", "headline:", "{headline body}: x", "lighthouse*", '"lighthouse', 'x" OR "1"="1',
    "'; DROP TABLE articles_article; --", "1' OR '1'='1", "%", "%%s", "\\", "\x00", "\x02\x03",
    "<script>alert(1)</script>", "🎬🍿", "🎬 lighthouse", "ζ λ", "!" * 200, "word " * 40,
    "x" * 10_000,
]


@pytest.mark.parametrize("query", HOSTILE)
@pytest.mark.django_db
def test_hostile_queries_give_a_normal_page(client, lighthouse, query):
    response = client.get(SEARCH, {"q": query})

    html = response.content.decode()
    assert response.status_code == 200
    assert "<script>alert" not in html
    if len(query) > 200:
        assert "That search is too long" in html
    elif query.strip("\x00\x02\x03"):
        assert re.search(r"\d+ results? for “", html)
    else:
        assert "Search published stories by headline" in html
    # The story and its index survived whatever the query tried.
    assert found(client, "lighthouse") == ["lighthouse-keepers"]


@pytest.mark.parametrize("query", ['"lighthouse', "lighthouse*", "(lighthouse)", "lighthouse^",
                                   "🎬 lighthouse", "lighthouse!", "<lighthouse>"])
@pytest.mark.django_db
def test_punctuation_around_words_is_ignored(client, lighthouse, query):
    assert found(client, query) == ["lighthouse-keepers"]


@pytest.mark.django_db
def test_too_long_query_gets_a_clear_message(client, lighthouse):
    response = client.get(SEARCH, {"q": "lighthouse " * 30})

    html = response.content.decode()
    assert response.status_code == 200
    assert "That search is too long: use at most 200 characters." in html
    assert "lighthouse-keepers" not in html


@pytest.mark.django_db
def test_query_of_exactly_200_characters_is_searched(client, lighthouse):
    query = " ".join(["keepers"] * 21 + ["lighthouse"] * 3)
    assert len(query) == 200
    assert found(client, query) == ["lighthouse-keepers"]


@pytest.mark.django_db
def test_page_is_noindex_and_keeps_the_query_in_the_header_box(client, lighthouse):
    html = client.get(SEARCH, {"q": "  lighthouse   keepers "}).content.decode()

    assert '<meta name="robots" content="noindex">' in html
    assert '<input id="site-search-q" type="search" name="q" value="lighthouse keepers"' in html
    assert '<input id="search-page-q" type="search" name="q" value="lighthouse keepers"' in html


@pytest.mark.django_db
def test_no_results_page_suggests_what_to_try(client, lighthouse):
    html = client.get(SEARCH, {"q": "submarine"}).content.decode()

    assert "0 results for “submarine”" in html
    assert "No published stories match “submarine”." in html
    assert "Check the spelling, or try fewer words." in html
    assert '<a href="/shows/">all shows</a>' in html


@pytest.mark.django_db
def test_pagination_keeps_the_query(client, make_live, settings):
    for n in range(settings.NEWSDESK_PAGE_SIZE + 1):
        make_live(slug=f"lighthouse-{n:02}", headline=f"Lighthouse story number {n}")

    first = client.get(SEARCH, {"q": "lighthouse"}).content.decode()
    assert "13 results for “lighthouse”" in first
    assert len(found(client, "lighthouse")) == 12
    next_link = re.search(r'<a rel="next" href="([^"]+)"', first)
    assert next_link is not None
    href = next_link.group(1).replace("&amp;", "&")
    assert "q=lighthouse" in href and "page=2" in href

    second = client.get(SEARCH + href).content.decode()
    assert "13 results for “lighthouse”" in second
    assert len(re.findall(r'<article class="teaser search-hit">', second)) == 1


@pytest.mark.parametrize("stories", [3, 6])
@pytest.mark.django_db
def test_results_page_query_count_does_not_grow_with_hits(client, make_live, stories, settings,
                                                          django_assert_num_queries):
    settings.PAGE_CACHE_SECONDS = 0  # the second request must be rendered, not a copy
    for n in range(stories):
        make_live(slug=f"q{n}", headline=f"Lighthouse story number {n}")

    # count of matches; ranked page with snippets; its stories with live versions and lead
    # images; their sections; nav sections
    with django_assert_num_queries(5):
        response = client.get(SEARCH, {"q": "lighthouse"})
    assert len(response.context["hits"]) == stories
    # The same search again asks nothing: its count, ranked page and results' frames are kept.
    with django_assert_num_queries(0):
        again = client.get(SEARCH, {"q": "lighthouse"})
    assert again.content == response.content


@pytest.mark.django_db
def test_no_results_page_runs_only_the_count(client, lighthouse, django_assert_num_queries):
    # count of matches; nav sections
    with django_assert_num_queries(2):
        assert client.get(SEARCH, {"q": "submarine"}).status_code == 200


@pytest.mark.django_db
def test_rebuild_command_restores_lost_and_drops_stale_entries(client, lighthouse, make_live,
                                                               editor, capsys):
    gone = make_live(slug="gone", headline="Lighthouse gone")
    SearchEntry.objects.filter(article=lighthouse).delete()
    # An entry left behind by a story taken down without the service.
    Article.objects.filter(pk=gone.pk).update(state="unpublished")

    call_command("rebuild_search_index")

    assert capsys.readouterr().out == "Search index rebuilt: 1 live story.\n"
    assert list(SearchEntry.objects.values_list("article__slug", flat=True)) == ["lighthouse-keepers"]
    assert found(client, "lighthouse") == ["lighthouse-keepers"]
