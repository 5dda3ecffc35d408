from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from articles.models import Article, ArticleState
from articles.services.publishing import publish_due, version_schedule, version_unschedule
from articles.services.publishing import publish_scheduled
from articles.services.stories import version_create


@pytest.fixture
def scheduled_story(make_article, editor):
    article = make_article(slug="coming-soon", headline="Coming soon")
    version_schedule(article.latest_version, by=editor,
                              go_live_at=timezone.now() + timedelta(hours=2))
    article.refresh_from_db()
    return article


@pytest.mark.django_db
def test_scheduled_story_is_hidden_until_its_time(client, scheduled_story):
    assert scheduled_story.state == ArticleState.SCHEDULED
    assert client.get("/articles/coming-soon/").status_code == 404

    report = publish_due(timezone.now())
    assert report.published == []
    assert client.get("/articles/coming-soon/").status_code == 404

    report = publish_due(timezone.now() + timedelta(hours=3))
    assert [v.article.slug for v in report.published] == ["coming-soon"]
    assert client.get("/articles/coming-soon/").status_code == 200


@pytest.mark.django_db
def test_scheduled_update_leaves_live_version_up_until_due(client, live_article, revise, editor,
                                                           django_capture_on_commit_callbacks):
    update = revise(live_article, headline="Season 2 gets a date", kind="update",
                    update_label="July Update", public_note="Netflix set a date.")
    version_schedule(update, by=editor, go_live_at=timezone.now() + timedelta(hours=1))

    page = client.get(live_article.get_absolute_url()).content.decode()
    assert "Season 2 gets a date" not in page

    with django_capture_on_commit_callbacks(execute=True):  # as cron's run commits
        publish_due(timezone.now() + timedelta(hours=2))
    page = client.get(live_article.get_absolute_url()).content.decode()
    assert "Season 2 gets a date" in page
    assert "July Update" in page


@pytest.mark.django_db
def test_publish_scheduled_command_publishes_what_is_due_once(scheduled_story, capsys):
    version = scheduled_story.latest_version
    type(version).objects.filter(pk=version.pk).update(go_live_at=timezone.now() - timedelta(minutes=1))

    call_command("publish_scheduled")
    call_command("publish_scheduled")  # cron runs every minute: the second run finds nothing

    out = capsys.readouterr().out
    assert "Published coming-soon version 1." in out
    assert out.count("Published coming-soon") == 1
    assert "0 published, 0 expired, 0 failed." in out
    scheduled_story.refresh_from_db()
    assert scheduled_story.state == ArticleState.PUBLISHED


@pytest.mark.django_db
def test_publish_scheduled_task_does_the_same_work(scheduled_story):
    version = scheduled_story.latest_version
    type(version).objects.filter(pk=version.pk).update(go_live_at=timezone.now() - timedelta(minutes=1))

    result = publish_scheduled.enqueue()

    assert result.return_value == {"published": 1, "expired": 0, "failed": 0}
    assert Article.objects.published().filter(pk=scheduled_story.pk).exists()


@pytest.mark.django_db
def test_command_can_enqueue_instead(scheduled_story, capsys):
    version = scheduled_story.latest_version
    type(version).objects.filter(pk=version.pk).update(go_live_at=timezone.now() - timedelta(minutes=1))
    call_command("publish_scheduled", "--enqueue")
    assert "Enqueued task" in capsys.readouterr().out
    # The in-process backend runs it at once; a worker would run it shortly after.
    assert Article.objects.published().filter(pk=scheduled_story.pk).exists()


@pytest.mark.django_db
def test_scheduling_in_the_past_is_refused(make_article, editor):
    article = make_article()
    with pytest.raises(ValidationError, match="future"):
        version_schedule(article.latest_version, by=editor,
                                  go_live_at=timezone.now() - timedelta(minutes=5))


@pytest.mark.django_db
def test_cancelling_a_schedule_returns_story_to_draft(scheduled_story, editor):
    version_unschedule(scheduled_story.latest_version, by=editor)
    scheduled_story.refresh_from_db()
    assert scheduled_story.state == ArticleState.DRAFT
    assert publish_due(timezone.now() + timedelta(days=1)).published == []


@pytest.mark.django_db
def test_expired_story_disappears_at_its_time_even_before_cron(client, live_article, revise, editor,
                                                               django_capture_on_commit_callbacks):
    version_create(live_article, by=editor, based_on=None,
                            expire_at=timezone.now() + timedelta(hours=1),
                            headline=live_article.live_version.headline, standfirst="Same.")
    url = live_article.get_absolute_url()
    assert client.get(url).status_code == 200
    later = timezone.now() + timedelta(hours=2)
    assert not Article.objects.published(later).filter(pk=live_article.pk).exists()

    with django_capture_on_commit_callbacks(execute=True):  # as cron's run commits
        report = publish_due(later)
    assert [a.pk for a in report.expired] == [live_article.pk]
    live_article.refresh_from_db()
    assert live_article.state == ArticleState.UNPUBLISHED
    assert client.get(url).status_code == 404
