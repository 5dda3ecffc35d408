from __future__ import annotations

import threading

import pytest
from django.db import IntegrityError, connection, transaction

from articles.models import ArticleVersion
from articles.models.version import ImmutableVersionError
from articles.services.stories import StaleVersionError, version_create


@pytest.mark.django_db
def test_every_save_adds_the_next_version_number(make_article, revise):
    article = make_article()
    revise(article, headline="Second try")
    revise(article, headline="Third try")

    numbers = list(article.versions.order_by("number").values_list("number", flat=True))
    assert numbers == [1, 2, 3]
    article.refresh_from_db()
    assert article.latest_version.headline == "Third try"


@pytest.mark.django_db
def test_database_refuses_a_duplicate_version_number(make_article, writer):
    article = make_article()
    with pytest.raises(IntegrityError), transaction.atomic():
        ArticleVersion.objects.create(
            article=article, number=1, headline="Clash", standfirst="x", created_by=writer
        )


@pytest.mark.django_db
def test_database_refuses_version_number_zero(make_article, writer):
    article = make_article()
    with pytest.raises(IntegrityError), transaction.atomic():
        ArticleVersion.objects.create(
            article=article, number=0, headline="Zero", standfirst="x", created_by=writer
        )


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_simultaneous_saves_get_unique_gap_free_numbers(make_article, writer):
    article = make_article()
    saves_per_thread, threads_count = 5, 6
    errors: list[BaseException] = []
    start = threading.Barrier(threads_count)

    def save_versions(thread_number: int) -> None:
        try:
            start.wait()
            for i in range(saves_per_thread):
                version_create(
                    article, by=writer, based_on=None,
                    headline=f"Thread {thread_number} save {i}", standfirst="Racing.",
                )
        except BaseException as error:  # reported below, in the main thread
            errors.append(error)
        finally:
            connection.close()  # each thread has its own; leave none open

    threads = [threading.Thread(target=save_versions, args=(n,)) for n in range(threads_count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    numbers = sorted(article.versions.values_list("number", flat=True))
    assert numbers == list(range(1, 1 + threads_count * saves_per_thread + 1))
    article.refresh_from_db()
    assert article.latest_version_number == numbers[-1]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_editors_saving_the_same_base_one_is_refused(make_article, writer, editor):
    article = make_article()
    results: list[object] = []
    start = threading.Barrier(2)

    def save(user, headline):
        try:
            start.wait()
            results.append(version_create(
                article, by=user, based_on=1, headline=headline, standfirst="Same base."
            ))
        except StaleVersionError as error:
            results.append(error)
        finally:
            connection.close()  # each thread has its own; leave none open

    threads = [threading.Thread(target=save, args=(writer, "Writer's words")),
               threading.Thread(target=save, args=(editor, "Editor's words"))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    saved = [r for r in results if isinstance(r, ArticleVersion)]
    refused = [r for r in results if isinstance(r, StaleVersionError)]
    assert len(saved) == 1 and len(refused) == 1
    assert saved[0].number == 2
    assert "version 2" in str(refused[0])
    assert article.versions.count() == 2


@pytest.mark.django_db
def test_saved_version_content_cannot_be_changed(make_article):
    version = make_article().latest_version
    version.headline = "Rewritten history"
    with pytest.raises(ImmutableVersionError):
        version.save()
    with pytest.raises(ImmutableVersionError):
        version.save(update_fields=["headline"])
    with pytest.raises(ImmutableVersionError):
        ArticleVersion.objects.filter(pk=version.pk).update(body="<p>sneaky</p>")
    version.refresh_from_db()
    assert version.headline != "Rewritten history"


@pytest.mark.django_db
def test_versions_cannot_be_deleted(make_article):
    article = make_article()
    with pytest.raises(ImmutableVersionError):
        article.latest_version.delete()
    with pytest.raises(ImmutableVersionError):
        article.versions.all().delete()
    assert article.versions.count() == 1


@pytest.mark.django_db
def test_each_version_records_slug_sections_and_authors(make_article, make_section, revise, writer):
    article = make_article(slug="first-slug")
    extra = make_section(name="Reviews", slug="reviews")
    version = version_create(
        article, by=writer, based_on=1, slug="second-slug", sections=[extra],
        headline="New", standfirst="New standfirst.",
    )
    first = article.versions.get(number=1)
    assert first.metadata["slug"] == "first-slug"
    assert version.metadata["slug"] == "second-slug"
    assert version.metadata["sections"] == ["Reviews"]
    assert version.metadata["authors"] == ["Wendy Park"]
