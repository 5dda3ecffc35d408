"""The show tracker over time: reports carried by story versions, history, the writers' queue."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from articles.models import Article, ShowFactChange
from articles.services.publishing import article_unpublish, publish_due, version_schedule
from articles.services.shows import show_update, tracker_report
from articles.services.stories import CONTENT_FIELDS, version_create


def report(show, **facts):
    return tracker_report(show, **facts)


@pytest.mark.django_db
def test_a_report_changes_the_show_only_when_its_version_is_published(show, live_article,
                                                                      revise, publish, editor):
    version_create(live_article, by=editor, based_on=None, shows=[show],
                            **_same_words(live_article))
    version = revise(live_article, update_label="May Update", public_note="Filming began.",
                     tracker=report(show, status="filming", release_date=date(2027, 9, 1),
                                    release_window="late 2027"))
    show.refresh_from_db()
    assert show.status == "renewed" and not show.fact_changes.exists()

    publish(version)

    show.refresh_from_db()
    assert show.get_status_display() == "Filming"
    assert show.expected_release == "late 2027"
    assert show.last_confirmed == timezone.localdate()
    history = ShowFactChange.objects.filter(show=show).order_by("fact")
    assert [(c.describe(), c.version) for c in history] == [
        ("Expected release: — → late 2027", version),
        ("Status: Renewed → Filming", version),
    ]
    assert {c.by for c in history} == {editor}


def _same_words(article):
    latest = article.latest_version
    return {name: getattr(latest, name) for name in CONTENT_FIELDS}


@pytest.mark.django_db
def test_an_exact_date_replaces_an_earlier_window(show, make_article, publish, editor):
    show_update(show, by=editor, release_date=date(2027, 9, 1), release_window="late 2027")
    article = make_article(shows=[show], tracker=report(show, status="release_date_set",
                                                        release_date=date(2027, 10, 3)))
    publish(article.latest_version)
    show.refresh_from_db()
    assert (show.release_window, show.expected_release) == ("", "Oct. 3, 2027")
    assert ShowFactChange.objects.get(fact="release", version__isnull=False).describe() == (
        "Expected release: late 2027 → Oct. 3, 2027")


@pytest.mark.django_db
def test_a_report_that_changes_nothing_only_confirms_the_facts(show, make_article, publish):
    article = make_article(shows=[show], tracker=report(show, status="renewed", season=2))
    publish(article.latest_version, days_ago=2)
    show.refresh_from_db()
    assert show.last_confirmed == timezone.localdate() - timedelta(days=2)
    assert not show.fact_changes.exists()


@pytest.mark.django_db
def test_a_scheduled_report_applies_when_the_version_goes_live(show, make_article, editor):
    article = make_article(shows=[show], tracker=report(show, status="filming"))
    go_live = timezone.now() + timedelta(hours=2)
    version_schedule(article.latest_version, go_live_at=go_live, by=editor)
    show.refresh_from_db()
    assert show.status == "renewed"

    publish_due(now=go_live + timedelta(minutes=1))

    show.refresh_from_db()
    change = show.fact_changes.get()
    assert show.status == "filming"
    assert change.version == article.latest_version and change.by is None


@pytest.mark.parametrize(("facts", "field", "message"), [
    ({}, "tracker_status", "Say what the story reports"),
    ({"status": "rebooted"}, "tracker_status", "Pick one of the listed statuses"),
    ({"release_window": "late 2027"}, "tracker_release_date", "earliest date"),
])
@pytest.mark.django_db
def test_an_incomplete_report_is_refused_with_a_message(show, facts, field, message):
    with pytest.raises(ValidationError) as error:
        report(show, **facts)
    assert message in " ".join(error.value.message_dict[field])


@pytest.mark.django_db
def test_a_report_about_a_show_the_story_is_not_about_is_refused(show, make_show, make_article):
    other = make_show(name="Ashfall Crown")
    with pytest.raises(ValidationError) as error:
        make_article(slug="wrong-show", shows=[show], tracker=report(other, status="filming"))
    assert "Pick one of this story's shows" in error.value.message_dict["tracker_show"][0]
    assert not Article.objects.filter(slug="wrong-show").exists()


@pytest.mark.django_db
def test_an_editors_direct_change_is_recorded_without_a_story(show, editor):
    changes = show_update(show, by=editor, platform="Netflix", season=3)
    assert [c.describe() for c in changes] == ["Season: Season 2 → Season 3"]
    assert changes[0].version is None and changes[0].by == editor


@pytest.fixture
def desk(show, make_show, make_article, publish, revise, make_user):
    """Three live stories about The Salt Line and one about another show, all a week old."""
    other_writer = make_user("Writers", username="otto")
    stories = {}
    for name, shows, author in [("older", [show], None), ("by-otto", [show], other_writer),
                                ("reporter", [show], None), ("elsewhere", [make_show()], None)]:
        article = make_article(slug=name, shows=shows, authors=[author] if author else None,
                               at=timezone.now() - timedelta(days=8))
        publish(article.latest_version, days_ago=7)
        stories[name] = article
    news = revise(stories["reporter"], update_label="Filming", public_note="Cameras roll.",
                  tracker=report(show, status="filming"))
    publish(news)
    return stories


@pytest.mark.django_db
def test_stories_that_predate_a_change_need_an_update(desk):
    stale = {a.slug: a for a in Article.objects.needing_update()}
    assert set(stale) == {"older", "by-otto"}
    assert (stale["older"].stale_show, stale["older"].stale_fact, stale["older"].stale_before,
            stale["older"].stale_after) == ("The Salt Line", "status", "Renewed", "Filming")


@pytest.mark.django_db
def test_a_new_version_takes_a_story_off_the_queue(desk, revise, writer):
    revise(desk["older"], by=writer, kind="minor", body="<p>Filming has started.</p>")
    assert {a.slug for a in Article.objects.needing_update()} == {"by-otto"}


@pytest.mark.django_db
def test_stories_readers_cannot_see_are_not_queued(desk, editor):
    article_unpublish(desk["older"], by=editor)
    assert {a.slug for a in Article.objects.needing_update()} == {"by-otto"}
