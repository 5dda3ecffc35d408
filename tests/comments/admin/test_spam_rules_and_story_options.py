"""The site's spam rules and each story's comment options, kept in the admin."""
from __future__ import annotations

import pytest
from django.urls import reverse

from comments.models import SpamRule, StoryCommentOptions
from comments.services.options import comments_open
from tests.comments.moderation import (  # noqa: F401 (fixtures)
    _clear_cache,
    change_url,
    make_comment,
    moderator_client,
)


pytestmark = pytest.mark.django_db


def test_spam_rules_are_listed_and_added_in_the_admin(moderator_client,
                                                      django_assert_num_queries):
    for value in ["casino", "crypto", "cheap pills"]:
        SpamRule.objects.create(kind=SpamRule.Kind.BLOCK_WORD, value=value, note="Spam wave")
    # session, user, permissions (user and groups), the filtered and the full count, the rules
    with django_assert_num_queries(7):
        response = moderator_client.get(reverse("admin:comments_spamrule_changelist"))
    assert len(response.context["cl"].result_list) == 3
    response = moderator_client.post(reverse("admin:comments_spamrule_add"), {
        "kind": "block_email", "value": "@spam.example", "note": "Bot farm"})
    assert response.status_code == 302
    assert SpamRule.objects.filter(kind="block_email", value="@spam.example").exists()


@pytest.mark.parametrize(("kind", "value", "error"), [
    ("block_word", "CASINO", "This rule already exists."),
    ("block_ip", "not-an-ip", "Enter an IP address such as 203.0.113.7."),
    ("block_email", "spam.example", "Enter an email address (rosa@example.org) or a domain "
                                    "starting with @ (@example.org)."),
])
def test_bad_spam_rule_is_refused_with_a_message(moderator_client, kind, value, error):
    SpamRule.objects.create(kind=SpamRule.Kind.BLOCK_WORD, value="casino")
    response = moderator_client.post(reverse("admin:comments_spamrule_add"),
                                     {"kind": kind, "value": value, "note": ""})
    assert response.status_code == 200
    assert error in str(response.context["adminform"].form.errors)
    assert SpamRule.objects.count() == 1


def test_editor_closes_comments_on_a_story(client, editor, live_article, make_article, publish,
                                           django_assert_num_queries):
    client.force_login(editor)
    response = client.post(reverse("admin:comments_storycommentoptions_add"), {
        "article": live_article.pk, "close_after_days": "", "closed": "on"})
    assert response.status_code == 302
    assert not comments_open(live_article)
    for slug in ["first-look", "cast-news"]:
        story = make_article(slug=slug)
        publish(story.latest_version)
        StoryCommentOptions.objects.create(article=story, close_after_days=7)
    # session, user, permissions (user and groups), the filtered and the full count, the
    # options with their stories and versions
    with django_assert_num_queries(7):
        response = client.get(reverse("admin:comments_storycommentoptions_changelist"))
    assert len(response.context["cl"].result_list) == 3


def test_comment_page_links_to_the_story_comment_settings(moderator_client, make_comment,
                                                         live_article):
    comment = make_comment()
    add_link = (f'{reverse("admin:comments_storycommentoptions_add")}'
                f'?article={live_article.pk}')
    assert add_link in moderator_client.get(change_url(comment)).content.decode()
    form_page = moderator_client.get(add_link)
    assert form_page.context["adminform"].form.initial["article"] == str(live_article.pk)
    moderator_client.post(add_link, {"article": live_article.pk, "close_after_days": "3"})
    options = StoryCommentOptions.objects.get(article=live_article)
    assert options.close_after_days == 3
    assert not comments_open(live_article)  # published ten days ago
    page = moderator_client.get(change_url(comment)).content.decode()
    assert reverse("admin:comments_storycommentoptions_change", args=[options.pk]) in page
    assert "Comments are closed" in page


def test_story_picker_finds_stories_by_headline(client, editor, live_article):
    client.force_login(editor)
    response = client.get(reverse("admin:autocomplete"), {
        "term": "salt line", "app_label": "comments", "model_name": "storycommentoptions",
        "field_name": "article"})
    assert response.status_code == 200
    assert [r["id"] for r in response.json()["results"]] == [str(live_article.pk)]
