"""Shows and the tracker: creating and changing shows, their other spellings, merging two,
and the tracker facts (status, season, release) that a story's report changes."""
from __future__ import annotations

import logging
import unicodedata
from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from articles import pagecache, search
from articles.models import (
    Article,
    ArticleVersion,
    Show,
    ShowAlias,
    ShowFactChange,
    ShowSlugRedirect,
    ShowStatus,
    TrackerFact,
)
from articles.services.images import check_image_ready
from articles.services.permissions import require_permission

logger = logging.getLogger(__name__)


SHOW_FIELDS = ("name", "slug", "platform", "country", "genre", "synopsis", "poster",
               "official_url", "status", "season", "release_date", "release_window",
               "last_confirmed")


# What a story version may report about its show, applied when the version goes live.
TRACKER_FIELDS = ("status", "season", "release_date", "release_window", "platform")


def show_slug_for(name: str) -> str:
    """The address a show called `name` gets (letters of any script are kept)."""
    return slugify(name, allow_unicode=True)[:100]


def tracker_report(show: Show, **facts: Any) -> dict[str, Any]:
    """A tracker report for `version_create(tracker=...)`: the facts a story now states.

    Only the facts given are reported; `release_window` needs `release_date`, its
    earliest day. Nothing changes on the show until the version is published.
    """
    unknown = set(facts) - set(TRACKER_FIELDS)
    if unknown:
        raise TypeError(f"Not tracker facts: {sorted(unknown)}")
    facts = {name: value for name, value in facts.items() if value not in (None, "")}
    if not facts:
        raise ValidationError({"tracker_status": "Say what the story reports about the show: "
                                                 "a status, season, release or platform."})
    if facts.get("status") and facts["status"] not in ShowStatus.values:
        raise ValidationError({"tracker_status": "Pick one of the listed statuses."})
    if facts.get("release_window") and not facts.get("release_date"):
        raise ValidationError({"tracker_release_date": "Give the earliest date of the window "
                                                       "too; lists are sorted by it."})
    if "release_date" in facts:
        facts["release_date"] = facts["release_date"].isoformat()
    return {"show_id": show.pk, "show": show.name, **facts}


def tracker_for(article: Article, tracker: dict[str, Any] | None) -> dict[str, Any] | None:
    if tracker and tracker["show_id"] not in {show.pk for show in article.shows.all()}:
        raise ValidationError({"tracker_show": "Pick one of this story's shows, or add the show "
                                               "to the story first."})
    return tracker


def tracker_report_apply(version: ArticleVersion, *, by: Any, at: datetime) -> None:
    report = version.metadata.get("tracker")
    if not report:
        return
    show = Show.objects.filter(pk=report["show_id"]).first()
    if show is None:
        logger.warning("Version %s reports on show %r, which no longer exists", version.pk,
                       report.get("show"))
        return
    facts = {name: report[name] for name in TRACKER_FIELDS if name in report}
    if "release_date" in facts:
        facts["release_date"] = date.fromisoformat(facts["release_date"])
        facts.setdefault("release_window", "")  # a date reported alone is exact
    _change_show(show, by=by, version=version, at=at,
                 last_confirmed=timezone.localdate(at), **facts)


def _change_show(show: Show, *, by: Any, version: ArticleVersion | None = None,
                 at: datetime | None = None, **changes: Any) -> list[ShowFactChange]:
    """Apply `changes`, recording each tracker fact that changed; rename keeps a redirect."""
    show = Show.objects.select_for_update().get(pk=show.pk)
    at = at or timezone.now()
    before = {fact: show.fact_display(fact) for fact in TrackerFact.values}
    old_slug, old_name = show.slug, show.name
    for name, value in changes.items():
        setattr(show, name, value.strip() if isinstance(value, str) else value)
    if show.name != old_name and changes.get("slug") in (None, "", old_slug):
        show.slug = show_slug_for(show.name) or old_slug
    show.full_clean()
    check_show_name_free(show.name, show)
    show.save()
    if show.slug != old_slug:
        ShowSlugRedirect.objects.filter(old_slug=show.slug).delete()
        ShowSlugRedirect.objects.update_or_create(old_slug=old_slug, defaults={"show": show})
    recorded = ShowFactChange.objects.bulk_create(
        ShowFactChange(show=show, fact=fact, before=before[fact], after=show.fact_display(fact),
                       version=version, by=by, at=at)
        for fact in TrackerFact.values
        if show.fact_display(fact) != before[fact]
    )
    if show.name != old_name:
        show_reindex(show)
    pagecache.purge(pagecache.show_key(show.pk), pagecache.SHOWS)
    return recorded


# Alphabets with letters that look alike ("Т" and "T", "а" and "a", "Ο" and "O").
_LOOKALIKE_ALPHABETS = ("LATIN", "CYRILLIC", "GREEK")


def refuse_lookalike_name(name: str) -> None:
    """Refuse a name with a word spelled in letters of more than one of those alphabets: in
    part Cyrillic, "Тhе Ѕаlt Linе" looks exactly like "The Salt Line"."""
    for word in name.split():
        alphabets = {unicodedata.name(letter, "").split(" ")[0] for letter in word
                     if letter.isalpha()}
        mixed = sorted(alphabets.intersection(_LOOKALIKE_ALPHABETS))
        if len(mixed) > 1:
            raise ValidationError({"name": (
                f"“{word}” mixes {' and '.join(alphabet.title() for alphabet in mixed)} "
                f"letters, so it can look like another name. Type each word in one alphabet.")})


def check_show_name_free(name: str, show: Show | None = None) -> None:
    """Refuse a show name that is already another show's alias, or could pass for another."""
    refuse_lookalike_name(name)
    aliases = ShowAlias.objects.filter(name__iexact=name.strip())
    if show is not None:
        aliases = aliases.exclude(show=show)
    alias = aliases.select_related("show").first()
    if alias is not None:
        raise ValidationError({"name": f"“{alias.name}” is an alias of {alias.show.name}. "
                                       f"Use that show, or remove the alias first."})


def show_reindex(show: Show) -> None:
    """Refresh the search entries of the show's live stories (its names are in them)."""
    for article in Article.objects.published().about_show(show).select_related("live_version"):
        search.index_article(article)


@transaction.atomic
def show_create(*, name: str, by: Any, slug: str = "", **fields: Any) -> Show:
    """Add a show. Its address is made from the name unless `slug` is given."""
    require_permission(by, "articles.add_show")
    check_image_ready(fields.get("poster"), "poster")
    show = Show(name=name.strip(), slug=slug or show_slug_for(name), **fields)
    show.full_clean()
    check_show_name_free(show.name)
    # A new show may take an address an old one gave up; it is the new show's now.
    ShowSlugRedirect.objects.filter(old_slug=show.slug).delete()
    show.save()
    pagecache.purge(pagecache.SHOWS)
    return show


@transaction.atomic
def show_update(show: Show, *, by: Any, **changes: Any) -> list[ShowFactChange]:
    """Change a show's details or facts as an editor. Returns the tracker changes recorded.

    Renaming moves the show to an address made from the new name (unless `slug` is given)
    and keeps the old address answering with a redirect.
    """
    require_permission(by, "articles.change_show")
    unknown = set(changes) - set(SHOW_FIELDS)
    if unknown:
        raise TypeError(f"Not show fields: {sorted(unknown)}")
    if changes.get("poster") is not None and changes["poster"].pk != show.poster_id:
        check_image_ready(changes["poster"], "poster")
    return _change_show(show, by=by, **changes)


@transaction.atomic
def show_alias_add(show: Show, *, name: str, by: Any) -> ShowAlias:
    require_permission(by, "articles.change_show")
    alias = ShowAlias(show=show)
    return _alias_save(alias, name=name)


@transaction.atomic
def show_alias_rename(alias: ShowAlias, *, name: str, by: Any) -> ShowAlias:
    """Spell another of the show's names differently, with the checks a new one gets."""
    require_permission(by, "articles.change_show")
    return _alias_save(alias, name=name)


@transaction.atomic
def show_alias_remove(alias: ShowAlias, *, by: Any) -> None:
    """The show is no longer found by this spelling."""
    require_permission(by, "articles.change_show")
    show = alias.show
    alias.delete()
    show_reindex(show)
    pagecache.purge(pagecache.show_key(show.pk), pagecache.SHOWS)


def _alias_save(alias: ShowAlias, *, name: str) -> ShowAlias:
    show = alias.show
    name = " ".join(name.split())
    refuse_lookalike_name(name)
    if Show.objects.filter(name__iexact=name).exclude(pk=show.pk).exists():
        raise ValidationError({"name": f"“{name}” is the name of another show."})
    alias.name = name
    alias.full_clean()
    if alias.pk is None:
        alias.save()
    else:
        alias.save(update_fields=["name"])
    show_reindex(show)
    pagecache.purge(pagecache.show_key(show.pk), pagecache.SHOWS)
    return alias


@transaction.atomic
def show_merge(source: Show, *, into: Show, by: Any) -> Show:
    """Fold `source` into `into`: its stories, aliases and history move, its name becomes an
    alias and its address redirects. `source` is then deleted."""
    require_permission(by, "articles.delete_show")
    require_permission(by, "articles.change_show")
    if source.pk == into.pk:
        raise ValidationError("A show cannot be merged into itself.")
    source = Show.objects.select_for_update().get(pk=source.pk)
    into = Show.objects.select_for_update().get(pk=into.pk)
    moved = list(Article.objects.about_show(source))
    for article in moved:
        article.shows.add(into)
    ShowAlias.objects.filter(show=source).update(show=into)
    if not ShowAlias.objects.filter(name__iexact=source.name).exists():
        ShowAlias.objects.create(show=into, name=source.name)
    ShowFactChange.objects.filter(show=source).update(show=into)
    ShowSlugRedirect.objects.filter(show=source).update(show=into)
    ShowSlugRedirect.objects.update_or_create(old_slug=source.slug, defaults={"show": into})
    pagecache.purge(pagecache.show_key(source.pk), pagecache.show_key(into.pk), pagecache.SHOWS)
    source.delete()
    for article in moved:
        if article.is_live():
            search.index_article(article)
    return into
