"""Shows as tags: names, aliases, renames, merges, and the tags each version records."""
from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from taggit.models import Tag

from articles.diff import compare_versions
from articles.models import (
    Article,
    SearchEntry,
    Show,
    ShowFactChange,
    ShowSlugRedirect,
)
from articles.services.shows import show_alias_add, show_create, show_merge, show_update


@pytest.mark.django_db
def test_show_names_are_unique_ignoring_case(show, make_show):
    with pytest.raises(ValidationError) as error:
        make_show(name="THE SALT LINE", slug="salt-line-again")
    assert "There is already a show with this name" in str(error.value)
    assert Show.objects.count() == 1


@pytest.mark.django_db
def test_a_name_already_used_as_an_alias_is_refused(show, make_show, editor):
    show_alias_add(show, name="Salt Line", by=editor)
    with pytest.raises(ValidationError) as error:
        make_show(name="salt line")
    assert "is an alias of The Salt Line" in str(error.value)


@pytest.mark.django_db
def test_an_alias_may_not_be_another_shows_name(show, make_show, editor):
    other = make_show(name="Moonlit Pharmacy")
    with pytest.raises(ValidationError) as error:
        show_alias_add(other, name="the salt line", by=editor)
    assert "is the name of another show" in str(error.value)


# "The Salt Line" with Cyrillic Т, һ, е, Ѕ, а and е: on screen it is the same name.
LOOKALIKE = "\u0422\u04bb\u0435 \u0405\u0430lt Lin\u0435"


@pytest.mark.django_db
def test_a_name_mixing_alphabets_in_a_word_is_refused_as_a_lookalike(show, make_show,
                                                                      editor):
    with pytest.raises(ValidationError) as error:
        make_show(name=LOOKALIKE)
    assert "mixes Cyrillic and Latin letters, so it can look like another name" in str(
        error.value)
    with pytest.raises(ValidationError):
        show_update(show, by=editor, name="Salt Lin\u0435")
    with pytest.raises(ValidationError):
        show_alias_add(show, name="S\u0430lt", by=editor)
    assert Show.objects.count() == 1 and not show.aliases.exists()
    show.refresh_from_db()
    assert show.name == "The Salt Line"


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["Сваты", "Η Ελλάδα", "Café Society", "X-Men '97",
                                  "Pokémon ポケモン", "進撃の巨人", "Squid Game 오징어 게임"])
def test_names_in_one_alphabet_a_word_are_welcome(make_show, name):
    assert make_show(name=name).name == name


@pytest.mark.django_db
def test_other_spellings_find_the_show(show, make_show, editor):
    make_show(name="Salt Flats")
    show_alias_add(show, name="Sogeum-ui Seon", by=editor)
    assert list(Show.objects.named("sogeum-ui seon")) == [show]
    assert list(Show.objects.named("  The Salt LINE ")) == [show]
    assert list(Show.objects.named("Salt")) == []


@pytest.mark.django_db
def test_renaming_moves_the_address_and_keeps_the_old_one_redirecting(show, editor):
    show_update(show, by=editor, name="The Salt Line: Tides")
    show.refresh_from_db()
    assert show.slug == "the-salt-line-tides"
    assert ShowSlugRedirect.objects.get(old_slug="the-salt-line").show == show

    # Renaming back takes the old address again; no redirect may point a show at itself.
    show_update(show, by=editor, name="The Salt Line")
    show.refresh_from_db()
    assert show.slug == "the-salt-line"
    assert list(ShowSlugRedirect.objects.values_list("old_slug", flat=True)) == [
        "the-salt-line-tides"]


@pytest.mark.django_db
def test_renaming_onto_another_shows_address_is_refused_with_nothing_changed(show, make_show,
                                                                             editor):
    make_show(name="Harbor Lights", slug="harbor-lights")
    with pytest.raises(ValidationError):
        show_update(show, by=editor, name="Harbor Lights!")
    show.refresh_from_db()
    assert (show.name, show.slug) == ("The Salt Line", "the-salt-line")


@pytest.mark.django_db
def test_a_new_show_may_take_an_address_given_up_by_a_rename(show, make_show, editor):
    show_update(show, by=editor, name="Salt Line Tides")
    newcomer = make_show(name="The Salt Line (1998)", slug="the-salt-line")
    assert newcomer.slug == "the-salt-line"
    assert not ShowSlugRedirect.objects.filter(old_slug="the-salt-line").exists()


@pytest.mark.django_db
def test_merging_moves_stories_aliases_history_and_address(show, make_show, make_article,
                                                           publish, editor):
    duplicate = make_show(name="Salt Line", platform="Netflix")
    show_alias_add(duplicate, name="SL", by=editor)
    show_update(duplicate, by=editor, status="filming")
    tagged = make_article(shows=[duplicate])
    publish(tagged.latest_version)
    both = make_article(shows=[duplicate, show])

    show_merge(duplicate, into=show, by=editor)

    assert not Show.objects.filter(name="Salt Line").exists()
    assert set(Article.objects.about_show(show)) == {tagged, both}
    assert list(both.shows.all()) == [show]
    assert set(show.aliases.values_list("name", flat=True)) == {"SL", "Salt Line"}
    assert ShowSlugRedirect.objects.get(old_slug="salt-line").show == show
    assert [c.describe() for c in ShowFactChange.objects.filter(show=show)] == [
        "Status: Announced → Filming"]
    assert "Salt Line" in SearchEntry.objects.get(article=tagged).shows


@pytest.mark.django_db
def test_a_show_cannot_be_merged_into_itself(show, editor):
    with pytest.raises(ValidationError):
        show_merge(show, into=show, by=editor)


@pytest.mark.parametrize("operation", ["create", "update", "merge", "alias"])
@pytest.mark.django_db
def test_writers_cannot_manage_shows(operation, show, make_show, writer):
    other = make_show(name="Orbital Debt")
    run = {
        "create": lambda: show_create(name="Ashfall Crown", by=writer),
        "update": lambda: show_update(show, by=writer, status="ended"),
        "merge": lambda: show_merge(other, into=show, by=writer),
        "alias": lambda: show_alias_add(show, name="TSL", by=writer),
    }[operation]
    with pytest.raises(PermissionDenied):
        run()
    show.refresh_from_db()
    assert show.status == "renewed" and Show.objects.count() == 2


@pytest.mark.django_db
def test_each_version_records_its_shows_and_topics(show, make_show, make_article, revise,
                                                    editor):
    other = make_show(name="Moonlit Pharmacy")
    article = make_article(shows=[show], topics=["KDrama", "Zombie"])
    second = revise(article, by=editor, shows=[show, other], topics=["KDrama"])

    first = article.versions.get(number=1)
    assert first.metadata["shows"] == ["The Salt Line"]
    assert first.metadata["topics"] == ["KDrama", "Zombie"]
    assert second.metadata["shows"] == ["Moonlit Pharmacy", "The Salt Line"]
    changes = {c.label: c for c in compare_versions(first, second)}
    assert changes["Shows"].added == ["Moonlit Pharmacy"]
    assert changes["Topics"].removed == ["Zombie"]


@pytest.mark.django_db
def test_topics_ignore_case_and_spacing(make_article):
    make_article(topics=["KDrama", "Folk  Horror"])
    make_article(topics=["kdrama", "folk horror"])
    assert sorted(Tag.objects.values_list("name", flat=True)) == ["Folk Horror", "KDrama"]


@pytest.mark.django_db
def test_an_overlong_topic_gets_a_clear_message_and_nothing_is_saved(make_article):
    with pytest.raises(ValidationError) as error:
        make_article(slug="long-topic", topics=["x" * 101])
    assert "too long for a topic" in str(error.value)
    assert not Article.objects.filter(slug="long-topic").exists()


@pytest.mark.django_db
def test_a_topic_of_punctuation_only_is_refused(make_article):
    with pytest.raises(ValidationError) as error:
        make_article(slug="bangs", topics=["KDrama", "!!!"])
    assert "has no letters or digits" in str(error.value)
    assert not Article.objects.filter(slug="bangs").exists()


@pytest.mark.django_db
def test_writers_cannot_retag_a_published_story_but_editors_can(show, make_show, live_article,
                                                                 revise, writer, editor):
    other = make_show(name="Ashfall Crown")
    with pytest.raises(PermissionDenied) as error:
        revise(live_article, by=writer, shows=[other])
    assert "shows" in str(error.value)

    revise(live_article, by=editor, shows=[other], topics=["Dragons"])
    assert list(live_article.shows.all()) == [other]
    # Readers' search finds the story under its new show at once.
    assert SearchEntry.objects.get(article=live_article).shows == "Ashfall Crown"


@pytest.mark.django_db
def test_saving_the_same_tags_again_is_allowed_for_writers(show, make_article, publish, revise,
                                                            writer):
    article = make_article(shows=[show], topics=["KDrama"])
    publish(article.latest_version)
    version = revise(article, by=writer, shows=[show], topics=["kdrama"], headline="New words")
    assert version.metadata["shows"] == ["The Salt Line"]
