"""A writer may name a colleague as a story's co-author (kept apart from the matrix: it
makes its own users, which would clash with the matrix's shared ones)."""
from __future__ import annotations

import pytest
from django.urls import reverse

from articles.forms import StoryAction
from articles.models import Article


@pytest.mark.django_db
def test_writer_adds_a_colleague_as_co_author(client, writer, make_user, section):
    colleague = make_user("Writers", first_name="Priya", last_name="Natarajan")
    client.force_login(writer)
    form = client.get(reverse("admin:articles_article_add")).content.decode()
    assert f'<option value="{colleague.pk}">Priya Natarajan</option>' in form

    client.post(reverse("admin:articles_article_add"), {
        "headline": "Two bylines", "standfirst": "A shared story.", "body": "<p>Text.</p>",
        "sections": [section.pk], "authors": [writer.pk, colleague.pk], "kind": "update",
        "based_on": 0, "_action": StoryAction.DRAFT})
    article = Article.objects.get(latest_version__headline="Two bylines")
    assert set(article.authors.all()) == {writer, colleague}
