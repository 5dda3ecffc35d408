from __future__ import annotations

import io
from datetime import timedelta
from itertools import pairwise

import pytest
from django.core.management import call_command
from django.db.models import Count
from django.utils import timezone
from django.utils.html import escape
from taggit.models import Tag

from articles.demo import content as demo_content
from articles.models import (
    Article,
    ArticleState,
    ArticleVersion,
    BodyImage,
    Image,
    Section,
    Show,
    ShowFactChange,
    TaggedShow,
    TaggedTopic,
)


def _counts():
    models = [Article, ArticleVersion, Image, Show, ShowFactChange, TaggedShow, TaggedTopic, Tag]
    return {model.__name__: model.objects.count() for model in models}


@pytest.fixture
def seeded(db, capsys):
    call_command("seed_demo")
    return capsys.readouterr().out


@pytest.mark.django_db
def test_seed_demo_builds_a_believable_desk_and_is_safe_to_run_again(capsys):
    call_command("seed_demo")
    first = _counts()
    call_command("seed_demo")

    out = capsys.readouterr().out
    assert "0 stories added" in out
    assert "0 pictures drawn" in out
    assert f"8 shows with {first['ShowFactChange']} tracker changes" in out
    assert _counts() == first
    assert Section.objects.count() == 4
    assert Article.objects.count() >= 20
    states = dict(Article.objects.values_list("state").annotate(n=Count("id")))
    assert states[ArticleState.SCHEDULED] == 1
    assert states[ArticleState.DRAFT] == 1
    published_versions = (ArticleVersion.objects.filter(public_number__isnull=False)
                          .values("article").annotate(n=Count("id")))
    assert sum(1 for row in published_versions if row["n"] >= 3) >= 4
    kinds = set(ArticleVersion.objects.filter(published_at__isnull=False, public_number__gt=1)
                .values_list("kind", flat=True))
    assert {"update", "correction"} <= kinds
    assert ArticleVersion.objects.filter(kind="minor", published_at__isnull=False,
                                         public_number__isnull=True).exists()
    assert Image.objects.exists()


@pytest.mark.django_db
def test_demo_logins_prints_a_working_admin_login(client, capsys, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    settings.DEBUG = True
    call_command("seed_demo")
    call_command("demo_logins")
    out = capsys.readouterr().out
    password = (tmp_path / "demo-password").read_text().strip()
    assert password in out
    assert "admin" in out and "editor" in out
    for username in ("admin", "mara"):
        response = client.post("/admin/login/?next=/admin/articles/article/",
                               {"username": username, "password": password})
        assert response.status_code == 302, username
        assert client.get("/admin/articles/article/").status_code == 200, username
        client.logout()


@pytest.mark.django_db
def test_demo_logins_refuses_to_reset_passwords_outside_debug(settings):
    from django.core.management.base import CommandError

    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG=true"):
        call_command("demo_logins")


def test_seed_demo_shows_end_with_the_facts_the_demo_lists(seeded):
    today = timezone.localdate()
    assert Show.objects.count() == len(demo_content.SHOWS) == 8
    for data in demo_content.SHOWS:
        show = Show.objects.get(slug=data["slug"])
        facts = (show.name, show.status, show.season, show.release_date, show.release_window,
                 show.platform, show.official_url, show.last_confirmed)
        assert facts == (
            data["name"], data["status"], data["season"], data["release_date"],
            data["release_window"], data["platform"], data["official_url"],
            today - timedelta(days=data["last_confirmed_days_ago"]),
        ), data["slug"]

    salt_line = Show.objects.get(slug="the-salt-line")
    assert salt_line.expected_release == "late 2027"
    assert Show.objects.get(slug="moonlit-pharmacy").release_window == ""


def test_seed_demo_show_histories_follow_published_stories_in_date_order(seeded):
    for data in demo_content.SHOWS:
        show = Show.objects.get(slug=data["slug"])
        assert Article.objects.published().about_show(show).exists(), show.name
        history = list(reversed(show.fact_changes.for_timeline()))
        assert history, show.name
        initial = Show(**data["initial"])
        for fact in {change.fact for change in history}:
            changes = [change for change in history if change.fact == fact]
            # The first change starts from the facts the show was created with; each later one
            # starts where the one before ended, and the last ends at today's facts.
            assert changes[0].before == initial.fact_display(fact), (show.name, fact)
            for earlier, later in pairwise(changes):
                assert later.before == earlier.after, (show.name, fact)
            assert changes[-1].after == show.fact_display(fact), (show.name, fact)
        for earlier, later in pairwise(history):
            assert earlier.at <= later.at
        for change in history:
            version = change.version
            assert version.published_at == change.at
            assert version.article.shows.filter(pk=show.pk).exists()
            assert version.metadata["tracker"]["show_id"] == show.pk

    salt_line = Show.objects.get(slug="the-salt-line")
    timeline = [(change.describe(), change.version.update_label)
                for change in reversed(salt_line.fact_changes.for_timeline())]
    assert timeline == [
        ("Status: Released → Renewed", "March Update"),
        ("Season: Season 1 → Season 2", "March Update"),
        ("Expected release: " + Show(**demo_content.SHOWS[0]["initial"]).expected_release
         + " → second half of 2027", "March Update"),
        ("Status: Renewed → Filming", "Filming Update"),
        ("Expected release: second half of 2027 → late 2027", "Filming Update"),
    ]


def test_seed_demo_leaves_unpublished_reports_unapplied(seeded):
    first_look = Article.objects.get(slug="lanterns-of-kesh-first-look")
    assert first_look.state == ArticleState.SCHEDULED
    assert first_look.latest_version.metadata["tracker"]["show"] == "Lanterns of Kesh"
    assert not first_look.latest_version.show_fact_changes.exists()
    lanterns = Show.objects.get(slug="lanterns-of-kesh")
    assert lanterns.last_confirmed < timezone.localdate()


def test_seed_demo_tags_every_live_story_with_shows_and_topics(seeded):
    show_topics = {data["slug"]: data["topics"] for data in demo_content.SHOWS}
    for article in Article.objects.published().prefetch_related("shows", "topics"):
        shows = list(article.shows.all())
        assert shows, article.slug
        topics = {topic.name for topic in article.topics.all()}
        for show in shows:
            assert set(show_topics[show.slug]) <= topics, article.slug
    names = list(Tag.objects.values_list("name", flat=True))
    assert len({name.lower() for name in names}) == len(names)
    assert {"KDrama", "Fantasy", "Reviews"} <= set(names)
    kdrama = Tag.objects.get(name="KDrama")
    assert Article.objects.published().with_topic(kdrama).count() >= 4

    # The roundup picked up The Ninth Bell in its update, not before.
    roundup = Article.objects.get(slug="every-fantasy-show-coming-in-2027")
    first, update = roundup.versions.order_by("number")
    assert "The Ninth Bell" not in first.metadata["shows"]
    assert "The Ninth Bell" in update.metadata["shows"]


def test_seed_demo_leaves_stories_for_the_writers_update_queue(seeded):
    stale = {article.slug: article for article in Article.objects.needing_update()}
    cast_guide = stale["moonlit-pharmacy-cast-guide"]
    assert (cast_guide.stale_show, cast_guide.stale_fact) == ("Moonlit Pharmacy", "release")
    assert cast_guide.stale_after == Show.objects.get(slug="moonlit-pharmacy").expected_release
    # Stories that reported the changes, or came after them, are up to date.
    assert "moonlit-pharmacy-release-date" not in stale
    assert "moonlit-pharmacy-first-look-stills" not in stale
    assert "the-understudies-season-2-review" in stale


def test_seed_demo_gives_every_story_a_lead_picture_and_every_show_a_poster(seeded, client):
    for article in Article.objects.select_related("latest_version__lead_image"):
        lead = article.latest_version.lead_image
        assert lead is not None, article.slug
        assert (lead.width, lead.height, lead.format) == (1600, 900, "JPEG"), article.slug
        assert lead.alt_text.startswith("Title card with the words"), article.slug
        assert lead.credit == "Newsdesk illustration"
    # Every live story renders, its lead picture first in line to load.
    for article in Article.objects.published().select_related("live_version__lead_image"):
        lead = article.live_version.lead_image
        response = client.get(article.get_absolute_url())
        assert response.status_code == 200, article.slug
        assert f'alt="{escape(lead.alt_text)}" fetchpriority="high"' in response.content.decode()

    for data in demo_content.SHOWS:
        show = Show.objects.select_related("poster").get(slug=data["slug"])
        poster = show.poster
        assert poster.title == f"{data['name']} poster"
        assert (poster.width, poster.height) == (1000, 1500)
        assert data["tagline"] in poster.alt_text and data["platform"] in poster.alt_text
        # The subject is the framed art in the poster's upper half, not the title below it.
        assert poster.focal_point == (0.5, pytest.approx(0.354, abs=0.01))
        page = client.get(show.get_absolute_url()).content.decode()
        assert f'alt="{escape(poster.alt_text)}"' in page, show.slug
    assert Image.objects.filter(poster_of__isnull=False).distinct().count() == 8


def test_seed_demo_run_again_gives_shows_without_a_poster_theirs(seeded):
    # A desk seeded before shows had posters.
    Show.objects.update(poster=None)
    images = Image.objects.count()

    call_command("seed_demo", stdout=io.StringIO())

    assert not Show.objects.filter(poster__isnull=True).exists()
    assert Show.objects.get(slug="the-salt-line").poster.title == "The Salt Line poster"
    assert Image.objects.count() == images


def test_seed_demo_places_stills_in_story_bodies_as_figures(seeded, client):
    placed = {}
    for article in Article.objects.published().select_related("live_version"):
        images = list(Image.objects.filter(body_of__version=article.live_version))
        if images:
            placed[article] = images
    assert len(placed) >= 4
    assert sum(len(images) for images in placed.values()) >= 6

    for article, images in placed.items():
        body = article.live_version.body
        assert "[demo picture" not in body
        page = client.get(article.get_absolute_url()).content.decode()
        assert page.count('<figure class="body-image">') == len(images), article.slug
        for image in images:
            assert f"[image {image.pk}" in body
            assert image.credit == "Newsdesk illustration"
            assert (image.width, image.height) == (1600, 900)
            assert f'alt="{escape(image.alt_text)}" loading="lazy"' in page, article.slug

    first_look = Article.objects.get(slug="moonlit-pharmacy-first-look-stills")
    page = client.get(first_look.get_absolute_url()).content.decode()
    counter = Image.objects.get(title="Moonlit Pharmacy: Da-eun behind the counter")
    # A caption written for this story replaces the library caption; the other still keeps its own.
    own_caption = "Jin Seo-yul as Da-eun, in the cardigan that fans of the poster will know."
    assert escape(own_caption) in page
    assert escape(counter.caption) not in page
    assert escape("The pharmacy's cross, the only light still on in Haewol.") in page

    # The scheduled story's still is in the library and its saved version, waiting.
    scheduled = Article.objects.get(slug="lanterns-of-kesh-first-look")
    ladder = Image.objects.get(title="Lanterns of Kesh: Wren lights the Lower Canals")
    assert BodyImage.objects.filter(version=scheduled.latest_version, image=ladder).exists()


@pytest.mark.django_db
def test_seed_demo_pictures_get_their_renditions_once(django_capture_on_commit_callbacks):
    # The renditions task runs once the seeding transaction commits, as it does outside tests.
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", stdout=io.StringIO())
    images = list(Image.objects.all())
    drawn = len(demo_content.STORIES) + len(demo_content.POSTERS) + len(demo_content.STILLS)
    assert len(images) == drawn
    for image in images:
        assert image.renditions, image.title
        for rendition in image.renditions.values():
            assert image.file.storage.exists(rendition["name"]), image.title
        social = "social-1200.jpeg" if image.width >= 1200 else f"social-{image.width}.jpeg"
        assert social in image.renditions, image.title
    stored = {image.pk: image.renditions for image in images}

    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", stdout=io.StringIO())
    assert {image.pk: image.renditions for image in Image.objects.all()} == stored


def test_demo_placeholder_for_a_still_that_does_not_exist_fails_loudly():
    with pytest.raises(KeyError, match="No demo still called salt-ferry-sunk"):
        demo_content._still("salt-ferry-sunk")
