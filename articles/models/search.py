from __future__ import annotations

from django.contrib.postgres.search import SearchVectorField
from django.db import models


class SearchEntry(models.Model):
    """The searchable text of one live story, kept by `articles.search`.

    On SQLite an FTS5 table mirrors these rows (kept in step by triggers); on PostgreSQL
    `vector` holds the weighted tsvector, under a GIN index. Both are made by migration
    0005, which is database-specific, so neither is declared here.
    """

    article = models.OneToOneField(
        "articles.Article", on_delete=models.CASCADE, primary_key=True, related_name="search_entry"
    )
    headline = models.TextField()
    standfirst = models.TextField(blank=True)
    body = models.TextField(blank=True, help_text="The story body as plain text.")
    shows = models.TextField(blank=True, help_text="Show names and their aliases.")
    vector = SearchVectorField(null=True, editable=False)

    class Meta:
        verbose_name_plural = "search entries"

    def __str__(self) -> str:
        return self.headline
