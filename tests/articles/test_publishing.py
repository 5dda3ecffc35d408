from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from articles.models import Article, ArticleState, PublicationEvent
from articles.services.publishing import (
    article_publish,
    article_republish,
    article_unpublish,
    publish_due,
    version_restore,
    version_schedule,
)
from articles.services.stories import version_create


@pytest.mark.django_db
def test_first_publication_is_public_version_one_and_sets_both_dates(make_article, publish):
    article = make_article()
    version = publish(article.latest_version)
    article.refresh_from_db()

    assert version.public_number == 1
    assert article.state == ArticleState.PUBLISHED
    assert article.live_version == version
    assert article.first_published_at == article.last_updated_at == version.published_at
    assert not article.was_updated


@pytest.mark.django_db
def test_update_moves_updated_date_but_never_first_published(live_article, revise, publish):
    first_published = live_article.first_published_at
    update = publish(revise(live_article, kind="update", update_label="March Update",
                            public_note="Filming has started."))
    live_article.refresh_from_db()

    assert update.public_number == 2
    assert live_article.first_published_at == first_published
    assert live_article.last_updated_at == update.published_at > first_published
    assert live_article.was_updated


@pytest.mark.django_db
def test_correction_gets_a_public_number_and_moves_updated_date(live_article, revise, publish):
    correction = publish(revise(live_article, kind="correction",
                                public_note="We misnamed the showrunner."))
    live_article.refresh_from_db()
    assert correction.public_number == 2
    assert live_article.last_updated_at == correction.published_at


@pytest.mark.django_db
def test_minor_fix_goes_live_silently(live_article, revise, publish):
    before = live_article.last_updated_at
    fix = publish(revise(live_article, kind="minor", body="<p>Typo fixed.</p>"))
    live_article.refresh_from_db()

    assert live_article.live_version == fix
    assert fix.public_number is None
    assert live_article.last_updated_at == before


@pytest.mark.django_db
def test_public_numbers_skip_drafts_and_minor_fixes(live_article, revise, publish):
    revise(live_article, headline="Abandoned draft")
    publish(revise(live_article, kind="minor"))
    update = publish(revise(live_article, kind="update", update_label="April Update",
                            public_note="New date."))
    assert update.number == 4
    assert update.public_number == 2


@pytest.mark.parametrize(
    ("kind", "label", "note", "message"),
    [
        ("update", "", "Filming began.", "needs a label"),
        ("update", "May Update", "", "needs a label"),
        ("correction", "", "", "correction needs a public note"),
    ],
)
@pytest.mark.django_db
def test_update_or_correction_without_its_words_is_refused(live_article, revise, publish,
                                                           kind, label, note, message):
    version = revise(live_article, kind=kind, update_label=label, public_note=note)
    with pytest.raises(ValidationError, match=message):
        publish(version)
    live_article.refresh_from_db()
    assert live_article.live_version.number == 1


@pytest.mark.django_db
def test_publishing_an_older_version_over_a_newer_live_one_is_refused(live_article, revise, publish):
    older = revise(live_article, headline="Older draft")
    publish(revise(live_article, kind="minor"))
    with pytest.raises(ValidationError, match="older than the live version"):
        publish(older)


@pytest.mark.django_db
def test_publishing_the_same_version_twice_is_refused(live_article, publish):
    with pytest.raises(ValidationError, match="already been published"):
        publish(live_article.live_version)


@pytest.mark.django_db
def test_writer_cannot_publish(make_article, writer):
    article = make_article()
    with pytest.raises(PermissionDenied):
        article_publish(article.latest_version, by=writer)
    article.refresh_from_db()
    assert article.state == ArticleState.DRAFT


@pytest.mark.django_db
def test_writer_cannot_edit_someone_elses_story(make_article, make_user):
    article = make_article()
    other = make_user("Writers")
    with pytest.raises(PermissionDenied):
        version_create(article, by=other, based_on=1, headline="Mine now",
                                standfirst="No.")
    assert article.versions.count() == 1


@pytest.mark.django_db
def test_unpublish_hides_story_and_republish_restores_it(live_article, editor):
    article_unpublish(live_article, by=editor)
    assert not Article.objects.published().filter(pk=live_article.pk).exists()
    article_republish(live_article, by=editor)
    assert Article.objects.published().filter(pk=live_article.pk).exists()


@pytest.mark.django_db
def test_restore_makes_a_new_version_with_the_old_content(live_article, revise, publish, editor):
    publish(revise(live_article, kind="update", headline="Changed headline",
                   update_label="June Update", public_note="New headline."))
    restored = version_restore(live_article.versions.get(number=1), by=editor)

    assert restored.number == 3
    assert restored.headline == live_article.versions.get(number=1).headline
    assert restored.restored_from.number == 1
    assert live_article.versions.get(number=2).headline == "Changed headline"


@pytest.mark.django_db
def test_every_publishing_action_is_logged(make_article, revise, editor, publish):
    article = make_article()
    publish(article.latest_version)
    version_schedule(revise(article, kind="minor"), by=editor,
                              go_live_at=timezone.now() + timedelta(hours=1))
    article_unpublish(article, by=editor)
    article_republish(article, by=editor)
    version_restore(article.versions.get(number=1), by=editor)

    actions = list(PublicationEvent.objects.filter(article=article)
                   .order_by("at", "pk").values_list("action", flat=True))
    assert actions == ["published", "scheduled", "unpublished", "republished", "restored"]
    assert all(e.by == editor for e in PublicationEvent.objects.filter(article=article))


@pytest.mark.parametrize(("situation", "live"), [
    ("draft", False), ("published", True), ("unpublished", False),
    ("expiring later", True), ("expired", False),
])
@pytest.mark.django_db
def test_is_live_mirrors_the_published_queryset(make_article, publish, editor, situation, live):
    article = make_article()
    if situation != "draft":
        publish(article.latest_version)
    if situation == "unpublished":
        article_unpublish(article, by=editor)
    if situation.startswith("expir"):
        hours = 1 if situation == "expiring later" else -1
        Article.objects.filter(pk=article.pk).update(
            expire_at=timezone.now() + timedelta(hours=hours))
    article.refresh_from_db()
    assert article.is_live() == Article.objects.published().filter(pk=article.pk).exists() == live


@pytest.mark.django_db
def test_restoring_a_correction_does_not_repeat_its_notice(client, live_article, revise, publish, editor):
    correction = publish(revise(live_article, kind="correction", public_note="Wrong city."))
    restored = version_restore(correction, by=editor)
    assert (restored.kind, restored.update_label, restored.public_note) == ("update", "", "")
    publish(revise(live_article, kind="minor"))
    html = client.get(live_article.get_absolute_url()).content.decode()
    assert html.count("Wrong city.") == 2  # the notice, and the JSON-LD correction


@pytest.mark.django_db
def test_a_new_story_cannot_take_a_renamed_storys_old_address(make_article, live_article, editor):
    version_create(live_article, by=editor, based_on=None, slug="new-address",
                            headline="x", standfirst="y")
    with pytest.raises(ValidationError, match="used to belong to another story"):
        make_article(slug="salt-line-season-2")


@pytest.mark.django_db
def test_publishing_an_expired_story_shows_it_again(client, live_article, revise, publish, editor):
    Article.objects.filter(pk=live_article.pk).update(expire_at=timezone.now() - timedelta(minutes=1))
    publish_due()
    publish(revise(live_article, kind="update", update_label="Back", public_note="Back up."))
    live_article.refresh_from_db()
    assert live_article.expire_at is None
    assert client.get(live_article.get_absolute_url()).status_code == 200


@pytest.mark.django_db
def test_expiring_twice_logs_once(live_article):
    Article.objects.filter(pk=live_article.pk).update(expire_at=timezone.now() - timedelta(minutes=1))
    article_unpublish(live_article, by=None, action=PublicationEvent.Action.EXPIRED)
    article_unpublish(live_article, by=None, action=PublicationEvent.Action.EXPIRED)
    assert PublicationEvent.objects.filter(article=live_article, action="expired").count() == 1
