"""What the site has, read from the admin and the URL resolver: the pages and actions the
table must have a row for, and the reader addresses it must account for."""
from __future__ import annotations

from typing import Any

from django.apps import apps
from django.contrib import admin
from django.urls import URLPattern, URLResolver, get_resolver

from articles.forms import StoryAction

def _walk(patterns: list[Any], prefix: str = "") -> list[tuple[str, URLPattern]]:
    found = []
    for entry in patterns:
        if isinstance(entry, URLResolver):
            found += _walk(entry.url_patterns, prefix + str(entry.pattern))
        else:
            found.append((prefix, entry))
    return found


def autocomplete_sources() -> dict[str, tuple[str, str, str]]:
    """For each kind of record the admin's autocomplete can search, a field that points to
    it: the autocomplete answers for any such field, so each searchable admin is a page."""
    sources = {}
    for model, model_admin in admin.site._registry.items():
        if not model_admin.search_fields:
            continue
        # Only a relation from another model to this one: Django's autocomplete cannot
        # follow a reverse relation (it fails with AttributeError before answering).
        fields = [(source, field) for source in apps.get_models()
                  for field in source._meta.get_fields()
                  if field.is_relation and not field.auto_created and field.related_model is model]
        if fields:
            source, field = fields[0]
            sources[model._meta.label_lower] = (source._meta.app_label, source._meta.model_name,
                                                field.name)
    return sources


def admin_keys() -> list[str]:
    """Every admin page and action, named as in the table."""
    keys = []
    labels = sorted({model._meta.app_label for model in admin.site._registry})
    for prefix, pattern in _walk(admin.site.get_urls()):
        name = pattern.name
        if name is None:
            # Django's own: the old /<id>/ address redirecting to the change page, and the
            # catch-all that answers "not found". A view of ours must have a name.
            assert str(pattern.pattern) == "<path:object_id>/" or (
                pattern.callback.__name__ == "catch_all_view"), (
                f"admin/{prefix}{pattern.pattern} has no name, so it cannot be in the matrix")
            continue
        if name == "app_list":
            keys += [f"app-list-{label}" for label in labels]
        elif name == "autocomplete":
            keys += [f"autocomplete-{label}" for label in autocomplete_sources()]
        elif prefix:  # a model's page: "articles/article/" + "articles_article_publish"
            app_label, model_name = prefix.strip("/").split("/")
            view = name.removeprefix(f"{app_label}_{model_name}_")
            keys.append(f"{model_name}-{view}".replace("_", "-"))
        else:
            keys.append(name.replace("_", "-"))
    for model, model_admin in admin.site._registry.items():
        for _, action, _ in model_admin._get_base_actions():
            keys.append(f"{model._meta.model_name}-action-{action}")
    keys += [f"story-button-{action}" for action in StoryAction.ALL if action != StoryAction.DRAFT]
    return keys


def reader_url_names() -> set[str]:
    """Every address outside the admin, by its URL name ("articles:detail")."""
    names = set()
    for prefix, pattern in _walk(get_resolver().url_patterns):
        if prefix.startswith("admin/") or pattern.name is None:
            continue
        namespace = "comments" if prefix.startswith("comments/") else "articles"
        names.add(f"{namespace}:{pattern.name}")
    return names
