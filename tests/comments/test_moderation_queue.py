"""The moderators' queue in the admin: listing, filters, actions, a comment's page, replies."""
from __future__ import annotations

import itertools
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from comments import services
from comments.models import (
    AkismetOutage,
    Comment,
    CommentState,
    SpamRule,
    StoryCommentOptions,
    VerdictSource,
)
from comments.services import Submission
from tests.fake_akismet import COMMENT_CHECK, SPAM_AUTHOR, SUBMIT_HAM, SUBMIT_SPAM

pytestmark = pytest.mark.django_db

QUEUE_URL = reverse("admin:comments_comment_changelist")


def change_url(comment):
    return reverse("admin:comments_comment_change", args=[comment.pk])


def moderate_url(comment):
    return reverse("admin:comments_comment_moderate", args=[comment.pk])


def reply_url(comment):
    return reverse("admin:comments_comment_reply", args=[comment.pk])


def messages_of(response):
    return [str(m) for m in response.context["messages"]] if response.context else []


def action(name, *comments):
    return {"action": name, "_selected_action": [c.pk for c in comments]}


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()  # rate limits live in the cache


@pytest.fixture
def make_comment(live_article):
    numbers = itertools.count(1)

    def make(article=None, *, state=CommentState.PENDING, **fields):
        article = article or live_article
        n = next(numbers)
        fields.setdefault("author_name", f"Reader {n}")
        fields.setdefault("author_email", f"reader{n}@example.org")
        fields.setdefault("body", f"Comment number {n}: the finale was a let-down.")
        fields.setdefault("ip_address", f"203.0.113.{n}")
        fields.setdefault("state_reason", "First comment from this email"
                          if state == CommentState.PENDING else "")
        fields.setdefault("state_source", VerdictSource.POLICY)
        return Comment.objects.create(article=article, version=article.live_version,
                                      state=state, **fields)

    return make


@pytest.fixture
def moderator_client(client, moderator):
    client.force_login(moderator)
    return client


def test_queue_lists_held_comments_first_then_newest(moderator_client, make_comment):
    now = timezone.now()
    old_pending = make_comment(state="pending", created_at=now - timedelta(days=2))
    new_approved = make_comment(state="approved", created_at=now - timedelta(minutes=1))
    checking = make_comment(state="checking", created_at=now - timedelta(hours=1))
    spam = make_comment(state="spam", created_at=now - timedelta(hours=2))
    response = moderator_client.get(QUEUE_URL)
    assert list(response.context["cl"].result_list) == [checking, old_pending, new_approved, spam]


@pytest.mark.parametrize("rows", [3, 6])
def test_queue_query_count_does_not_grow_with_comments(moderator_client, make_comment,
                                                       make_article, publish, rows,
                                                       django_assert_num_queries):
    other = make_article(slug="ashfall-crown-review")
    publish(other.latest_version, days_ago=3)
    other.refresh_from_db()
    parent = make_comment(state="approved")
    for n in range(rows - 1):
        make_comment(other if n % 2 else None, state=["pending", "spam", "trash"][n % 3],
                     parent=parent if n % 2 == 0 else None)
    # session, user, the user's permissions and their groups' permissions; the counts per
    # state; the 30-day figures (two); the open Akismet outage; the story filter's stories;
    # the count and the page of comments (with their stories, versions, parents and users).
    with django_assert_num_queries(11):
        response = moderator_client.get(QUEUE_URL)
    assert len(response.context["cl"].result_list) == rows


def test_queue_shows_counts_per_state_and_links_to_each(moderator_client, make_comment):
    for state in ["pending", "pending", "checking", "approved", "spam", "spam", "spam", "trash"]:
        make_comment(state=state)
    response = moderator_client.get(QUEUE_URL)
    counts = {row["state"]: row["count"] for row in response.context["state_counts"]}
    assert counts == {"pending": 2, "checking": 1, "approved": 1, "spam": 3, "trash": 1}
    page = response.content.decode()
    assert f'<a href="{QUEUE_URL}?state=pending">Held for moderation</a>: <strong>2</strong>' in page
    assert f'<a href="{QUEUE_URL}?state=checking">Waiting for the spam check</a>' in page


@pytest.mark.parametrize(("query", "expected"), [
    ({"state": "held"}, {"waiting", "held"}),
    ({"state": "pending"}, {"held"}),
    ({"state": "spam"}, {"rule spam", "akismet spam"}),
    ({"why": "rule_spam"}, {"rule spam"}),
    ({"why": "akismet_spam"}, {"akismet spam"}),
    ({"why": "policy_hold"}, {"held"}),
    ({"state_source__exact": "akismet"}, {"akismet spam", "waiting"}),
])
def test_queue_filters_by_state_and_why(moderator_client, make_comment, query, expected):
    make_comment(state="checking", author_name="waiting", state_source=VerdictSource.AKISMET,
                 state_reason="Akismet unreachable (timeout); try 2 at 10:05")
    make_comment(state="pending", author_name="held")
    make_comment(state="spam", author_name="rule spam", state_source=VerdictSource.RULE,
                 state_reason="Site rule: blocked word “casino”")
    make_comment(state="spam", author_name="akismet spam", state_source=VerdictSource.AKISMET,
                 state_reason="Akismet: spam")
    make_comment(state="approved", author_name="fine")
    response = moderator_client.get(QUEUE_URL, query)
    assert {c.author_name for c in response.context["cl"].result_list} == expected


def test_queue_filters_by_story_and_date(moderator_client, make_comment, make_article, publish):
    other = make_article(slug="harbor-lights-finale", headline="Harbor Lights ends")
    publish(other.latest_version, days_ago=1)
    other.refresh_from_db()
    make_comment(author_name="on salt line")
    make_comment(other, author_name="on harbor lights")
    make_comment(other, author_name="last month", created_at=timezone.now() - timedelta(days=40))
    response = moderator_client.get(QUEUE_URL, {"story": other.pk})
    assert {c.author_name for c in response.context["cl"].result_list} == {
        "on harbor lights", "last month"}
    week_ago = str(timezone.localtime() - timedelta(days=7))
    response = moderator_client.get(QUEUE_URL, {"story": other.pk, "created_at__gte": week_ago})
    assert [c.author_name for c in response.context["cl"].result_list] == ["on harbor lights"]
    assert "Harbor Lights ends" in response.content.decode()  # offered in the story filter


@pytest.mark.parametrize("term", ["Rosa Lind", "ROSA@example.org", "198.51.100.23", "cliffhanger"])
def test_search_finds_a_comment_by_name_email_ip_or_text(moderator_client, make_comment, term):
    make_comment(author_name="Rosa Lind", author_email="rosa@example.org",
                 ip_address="198.51.100.23", body="That cliffhanger! I need season 3.")
    make_comment(author_name="Someone Else", body="Meh.")
    response = moderator_client.get(QUEUE_URL, {"q": term})
    assert [c.author_name for c in response.context["cl"].result_list] == ["Rosa Lind"]


def test_queue_links_the_story_and_says_why_each_comment_is_held(moderator_client, make_comment,
                                                               live_article):
    make_comment(state="pending", state_source=VerdictSource.RULE,
                 state_reason="Site rule: 3 links (more than 2)")
    page = moderator_client.get(QUEUE_URL).content.decode()
    assert f'href="{live_article.get_absolute_url()}"' in page
    # Moderators have no access to stories in the admin: no link they could only get a
    # 403 from.
    assert f'href="{reverse("admin:articles_article_change", args=[live_article.pk])}"' not in page
    assert "When will The Salt Line season 2 arrive?" in page
    assert "Site rule: 3 links (more than 2)" in page


@pytest.mark.parametrize(("operation", "start", "end", "history"), [
    ("approve", "pending", "approved", "approve"),
    ("unapprove", "approved", "pending", "unapprove"),
    ("mark_spam", "pending", "spam", "spam"),
    ("mark_not_spam", "spam", "approved", "not_spam"),
    ("trash", "approved", "trash", "trash"),
    ("restore", "trash", "pending", "restore"),
])
def test_each_action_changes_state_and_writes_a_history_line(moderator_client, moderator,
                                                             make_comment, operation, start,
                                                             end, history):
    comment = make_comment(state=start)
    response = moderator_client.post(QUEUE_URL, action(operation, comment), follow=True)
    comment.refresh_from_db()
    assert (comment.state, comment.state_source) == (end, VerdictSource.MODERATOR)
    event = comment.events.get()
    assert (event.action, event.by, event.from_state, event.to_state) == (
        history, moderator, start, end)
    assert event.actor == moderator.get_full_name()
    assert len(messages_of(response)) == 1
    assert "1 comment" in messages_of(response)[0]


def test_bulk_approve_changes_every_selected_comment_and_counts_them(moderator_client,
                                                                     make_comment):
    held = [make_comment(state="pending") for _ in range(3)]
    already = make_comment(state="approved")
    untouched = make_comment(state="pending")
    response = moderator_client.post(QUEUE_URL, action("approve", *held, already), follow=True)
    assert messages_of(response) == [
        "Approved 3 comments.", "1 comment already was approved; left as it was."]
    assert Comment.objects.filter(pk__in=[c.pk for c in held], state="approved").count() == 3
    assert not already.events.exists()  # no second "approved" line
    untouched.refresh_from_db()
    assert untouched.state == "pending"


def test_delete_permanently_removes_spam_and_trash_but_refuses_approved(moderator_client,
                                                                        make_comment):
    spam, trash = make_comment(state="spam"), make_comment(state="trash")
    approved = make_comment(state="approved")
    response = moderator_client.post(QUEUE_URL, action("delete_permanently", spam, trash, approved),
                                     follow=True)
    assert messages_of(response) == [
        "Deleted 2 comments permanently.",
        "1 comment not changed: Only spam and trash can be deleted permanently. Move the "
        "comment to the trash first.",
    ]
    assert list(Comment.objects.all()) == [approved]


def test_restore_refuses_comments_that_are_not_in_the_trash(moderator_client, make_comment):
    trashed, approved = make_comment(state="trash"), make_comment(state="approved")
    response = moderator_client.post(QUEUE_URL, action("restore", trashed, approved), follow=True)
    assert messages_of(response) == [
        "Restored 1 comment from the trash: held for moderation.",
        "1 comment not changed: Only comments in the trash can be restored.",
    ]
    approved.refresh_from_db()
    assert approved.state == "approved"


def test_djangos_delete_selected_is_not_offered(moderator_client, make_comment):
    comments = [make_comment(state="spam") for _ in range(3)]
    response = moderator_client.get(QUEUE_URL)
    offered = {name for name, _ in response.context["action_form"].fields["action"].choices}
    assert "delete_selected" not in offered
    assert {"approve", "delete_permanently", "check_again", "erase_commenters"} <= offered
    moderator_client.post(QUEUE_URL, action("delete_selected", *comments))
    assert Comment.objects.count() == 3
    assert moderator_client.post(reverse("admin:comments_comment_delete",
                                         args=[comments[0].pk]), {"post": "yes"}).status_code == 403


def test_check_again_reruns_the_pipeline_on_held_comments(moderator_client, make_comment):
    SpamRule.objects.create(kind=SpamRule.Kind.BLOCK_WORD, value="casino")
    make_comment(state="approved", author_email="regular@example.org")
    known = make_comment(state="checking", author_email="regular@example.org",
                         state_source=VerdictSource.AKISMET,
                         state_reason="Akismet unreachable after 6 tries: a person must decide")
    casino = make_comment(state="pending", body="Best casino bonuses here")
    approved = make_comment(state="approved")
    response = moderator_client.post(QUEUE_URL, action("check_again", known, casino, approved),
                                     follow=True)
    assert messages_of(response) == [
        "Checked 2 comments again: 1 approved, 1 spam.",
        "1 comment not changed: Only held comments can be checked again.",
    ]
    known.refresh_from_db()
    casino.refresh_from_db()
    assert (known.state, known.state_reason) == (
        "approved", "Earlier comments from this email were approved")
    assert (casino.state, casino.state_reason) == ("spam", "Site rule: blocked word “casino”")
    assert list(known.events.values_list("action", flat=True)) == ["check_again", "approved"]


# --- a comment's page ---------------------------------------------------------------------

def test_comment_page_shows_history_with_who_and_why(moderator_client, moderator, make_comment):
    comment = make_comment(state="checking")
    services._record(comment, "submitted", actor="reader")
    services.comment_moderate(comment, action="spam", by=moderator, reason="Casino link farm")
    response = moderator_client.get(change_url(comment))
    page = response.content.decode()
    assert "History" in page
    assert "Posted" in page and "reader" in page
    name = moderator.get_full_name()
    assert "Marked as spam" in page and name in page and "Casino link farm" in page
    assert "Waiting for the spam check → Spam" in page


@pytest.mark.parametrize("rows", [3, 6])
def test_comment_page_query_count_does_not_grow_with_history_or_replies(
        moderator_client, moderator, make_comment, rows, django_assert_num_queries):
    parent = make_comment(state="approved")
    comment = make_comment(state="approved", parent=parent, root=parent, depth=1,
                           akismet_fields={"user_ip": "203.0.113.1"})
    for n in range(rows):
        make_comment(state="approved", parent=comment, root=parent, depth=2)
        services.comment_moderate(comment, action="unapprove" if n % 2 == 0 else "approve",
                                  by=moderator)
    moderator_client.get(change_url(comment))  # Django caches the content type per process
    # session, user, permissions (user and groups); the comment with its story, versions,
    # options, parent and user; the history with who did what; the open Akismet outage;
    # comments_open() and comments_close_at() (the story's options each); the replies
    with django_assert_num_queries(10):
        response = moderator_client.get(change_url(comment))
    assert len(response.context["history"]) == rows
    assert response.content.decode().count("(approved): Comment number") == rows


def test_comment_page_buttons_match_the_state(moderator_client, make_comment):
    buttons = {}
    for state in ["pending", "approved", "spam", "trash"]:
        response = moderator_client.get(change_url(make_comment(state=state)))
        buttons[state] = [label for _, label in response.context["moderation_buttons"]]
    assert buttons == {
        "pending": ["Approve", "Spam", "Trash", "Check again"],
        "approved": ["Unapprove", "Spam", "Trash"],
        "spam": ["Not spam", "Trash", "Delete permanently"],
        "trash": ["Restore", "Spam", "Delete permanently"],
    }


def test_comment_page_button_approves_and_records_who(moderator_client, moderator, make_comment):
    comment = make_comment(state="pending", author_name="Rosa Lind")
    response = moderator_client.post(moderate_url(comment), {"action": "approve"}, follow=True)
    assert messages_of(response) == ["Approved the comment by Rosa Lind."]
    assert response.redirect_chain[-1][0] == change_url(comment)
    comment.refresh_from_db()
    assert comment.state == "approved"
    assert comment.events.get().by == moderator


def test_comment_page_delete_refuses_an_approved_comment(moderator_client, make_comment):
    comment = make_comment(state="approved")
    response = moderator_client.post(moderate_url(comment), {"action": "delete"}, follow=True)
    assert messages_of(response) == [
        "Only spam and trash can be deleted permanently. Move the comment to the trash first."]
    assert Comment.objects.filter(pk=comment.pk).exists()


def test_comment_page_delete_of_spam_goes_back_to_the_queue(moderator_client, make_comment):
    comment = make_comment(state="spam", author_name="Spammer")
    response = moderator_client.post(moderate_url(comment), {"action": "delete"}, follow=True)
    assert response.redirect_chain[-1][0] == QUEUE_URL
    assert "Deleted the comment by Spammer permanently." in messages_of(response)
    assert not Comment.objects.exists()


def test_comment_page_buttons_need_a_csrf_token(moderator, make_comment):
    comment = make_comment(state="pending")
    client = Client(enforce_csrf_checks=True)
    client.force_login(moderator)
    assert client.post(moderate_url(comment), {"action": "approve"}).status_code == 403
    assert client.get(moderate_url(comment)).status_code == 405
    comment.refresh_from_db()
    assert comment.state == "pending"


def test_comment_page_shows_what_was_sent_to_akismet_read_only(moderator_client, make_comment):
    comment = make_comment(akismet_fields={"comment_author": "Rosa Lind",
                                           "user_ip": "198.51.100.23",
                                           "comment_content": "<b>bold</b> claim"})
    response = moderator_client.get(change_url(comment))
    page = response.content.decode()
    assert "<th>user_ip</th><td>198.51.100.23</td>" in page
    assert "<td>&lt;b&gt;bold&lt;/b&gt; claim</td>" in page
    assert not response.context["has_change_permission"]
    assert 'name="_save"' not in page
    assert 'name="body"' not in page.split('id="reply-heading"')[0]  # no input but the reply


def test_comment_page_cannot_change_what_the_reader_wrote(moderator_client, make_comment):
    comment = make_comment(body="Original words")
    response = moderator_client.post(change_url(comment), {"body": "Edited words",
                                                           "author_name": "Someone"})
    assert response.status_code == 403
    comment.refresh_from_db()
    assert comment.body == "Original words"


def test_comment_page_renders_the_text_safely_with_its_parent(moderator_client, make_comment):
    parent = make_comment(state="approved", author_name="Rosa Lind",
                          body="Season 2 is filming in Cornwall.")
    reply = make_comment(parent=parent, root=parent, depth=1,
                         body="<script>alert(1)</script>\n\nsee https://example.org/x")
    page = moderator_client.get(change_url(reply)).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert 'rel="nofollow ugc noopener"' in page
    assert f'href="{change_url(parent)}">Rosa Lind</a>' in page
    assert "Season 2 is filming in Cornwall." in page
    parent_page = moderator_client.get(change_url(parent)).content.decode()
    assert f'href="{change_url(reply)}">' in parent_page  # listed among its replies


# --- the queue's figures and the outage banner ------------------------------------------------

def test_outage_banner_shows_while_akismet_is_down(moderator_client, make_comment):
    make_comment(state="checking")
    started = timezone.now() - timedelta(minutes=42)
    outage = AkismetOutage.objects.create(started_at=started, last_error="timed out")
    page = moderator_client.get(QUEUE_URL).content.decode()
    assert "Akismet unreachable since" in page
    assert moderator_client.get(QUEUE_URL).context["akismet_unreachable_since"] == started
    outage.ended_at = timezone.now()
    outage.save()
    assert "Akismet unreachable since" not in moderator_client.get(QUEUE_URL).content.decode()


def test_outages_are_listed_read_only(moderator_client, django_assert_num_queries):
    now = timezone.now()
    for hours in [30, 20, 10]:
        AkismetOutage.objects.create(started_at=now - timedelta(hours=hours),
                                     ended_at=now - timedelta(hours=hours - 1), failures=4,
                                     last_error="Akismet did not answer within 3 seconds")
    url = reverse("admin:comments_akismetoutage_changelist")
    # session, user, permissions (user and groups); the filtered and the full count; the
    # outages; the date drill-down's range and its days
    with django_assert_num_queries(9):
        response = moderator_client.get(url)
    assert len(response.context["cl"].result_list) == 3
    assert "Akismet did not answer within 3 seconds" in response.content.decode()
    outage = AkismetOutage.objects.first()
    assert moderator_client.post(reverse("admin:comments_akismetoutage_change",
                                         args=[outage.pk]), {"failures": 0}).status_code == 403


def test_queue_shows_the_last_30_days_figures(moderator_client, moderator, make_comment):
    long_ago = timezone.now() - timedelta(days=45)
    make_comment(state="approved")
    make_comment(state="approved")
    make_comment(state="approved", created_at=long_ago)  # outside the 30 days
    make_comment(state="pending")
    make_comment(state="spam", state_source=VerdictSource.AKISMET)
    make_comment(state="spam", state_source=VerdictSource.RULE)
    make_comment(state="spam", state_source=VerdictSource.CHECKS)
    wrongly_flagged = make_comment(state="spam", state_source=VerdictSource.AKISMET)
    services.comment_moderate(wrongly_flagged, action="not_spam", by=moderator)
    response = moderator_client.get(QUEUE_URL)
    assert response.context["figures"] == {
        "approved": 3, "held": 1, "spam_akismet": 1, "spam_rules": 2, "false_positives": 1}
    page = response.content.decode()
    assert "False positives (marked not spam): <strong>1</strong>" in page
    assert "Spam by site rules and form checks: <strong>2</strong>" in page


# --- replying from the admin -----------------------------------------------------------------

def test_moderator_reply_is_approved_at_once_under_their_account(moderator_client, moderator,
                                                                 make_comment, live_article):
    parent = make_comment(state="approved", author_name="Rosa Lind")
    response = moderator_client.post(reply_url(parent), {"body": "Thanks, we have fixed it."},
                                     follow=True)
    assert messages_of(response) == ["Your reply is approved and shown on the story."]
    reply = Comment.objects.get(parent=parent)
    assert (reply.state, reply.user, reply.by_staff, reply.body) == (
        "approved", moderator, True, "Thanks, we have fixed it.")
    assert reply.author_name == moderator.get_full_name()
    assert reply in Comment.objects.on(live_article).visible()
    moderator_client.logout()
    assert "Thanks, we have fixed it." in moderator_client.get(
        live_article.get_absolute_url()).content.decode()  # what readers see


def test_reply_on_a_closed_story_keeps_the_text_and_says_why(moderator_client, make_comment,
                                                             live_article):
    parent = make_comment(state="approved")
    StoryCommentOptions.objects.create(article=live_article, closed=True)
    response = moderator_client.post(reply_url(parent), {"body": "A careful answer."})
    assert response.status_code == 200
    form = response.context["reply_form"]
    assert form.non_field_errors() == ["Comments on this story are closed."]
    assert "A careful answer." in response.content.decode()
    assert Comment.objects.count() == 1


def test_empty_reply_is_refused_with_a_message(moderator_client, make_comment):
    parent = make_comment(state="approved")
    response = moderator_client.post(reply_url(parent), {"body": "   "})
    assert response.context["reply_form"].errors["body"] == ["Write a reply before posting."]
    assert Comment.objects.count() == 1


def test_reply_form_is_offered_only_under_approved_comments(moderator_client, make_comment):
    approved, held = make_comment(state="approved"), make_comment(state="pending")
    assert 'name="body"' in moderator_client.get(change_url(approved)).content.decode()
    page = moderator_client.get(change_url(held)).content.decode()
    assert 'name="body"' not in page
    assert "Approve this comment to reply to it" in page


# --- who may moderate ---------------------------------------------------------------------

@pytest.mark.parametrize(("role", "status"), [("Writers", 403), ("Moderators", 200),
                                              ("Editors", 200)])
def test_only_moderators_and_editors_see_the_queue(client, make_user, make_comment, role, status):
    comment = make_comment()
    client.force_login(make_user(role))
    assert client.get(QUEUE_URL).status_code == status
    assert client.get(change_url(comment)).status_code == status


@pytest.mark.parametrize("role", ["Moderators", "Editors"])
def test_moderators_and_editors_can_approve(client, make_user, make_comment, role):
    comment = make_comment()
    client.force_login(make_user(role))
    client.post(QUEUE_URL, action("approve", comment))
    comment.refresh_from_db()
    assert comment.state == "approved"


def test_writer_cannot_moderate_or_reply(client, writer, make_comment):
    comment = make_comment(state="approved")
    client.force_login(writer)
    assert client.post(moderate_url(comment), {"action": "trash"}).status_code == 403
    assert client.post(reply_url(comment), {"body": "Hello"}).status_code == 403
    assert client.post(QUEUE_URL, action("trash", comment)).status_code == 403
    comment.refresh_from_db()
    assert comment.state == "approved"
    assert Comment.objects.count() == 1


# --- site rules and story options -------------------------------------------------------------

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
    assert not services.comments_open(live_article)
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
    assert not services.comments_open(live_article)  # published ten days ago
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


# --- Akismet feedback -------------------------------------------------------------------------

@pytest.fixture
def akismet_comment(akismet, live_article):
    """A comment judged by the fake Akismet (as spam), with the fields it was sent."""
    comment = services.comment_submit(live_article, submission=Submission(
        name=SPAM_AUTHOR, email="seller@example.org", body="Great deals on replica watches",
        ip="198.51.100.77", user_agent="SpamBot/1.0", referrer="https://spam.example/",
        started_at=timezone.now() - timedelta(seconds=10)))
    assert comment.state == "spam" and comment.akismet_fields
    return comment


def test_not_spam_reports_ham_to_akismet_with_the_stored_fields(
        moderator_client, akismet, akismet_comment, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        moderator_client.post(QUEUE_URL, action("mark_not_spam", akismet_comment))
    reports = akismet.requests_to(SUBMIT_HAM)
    assert len(reports) == 1
    sent = {k: v for k, v in reports[0].form.items() if k != "api_key"}
    assert sent == akismet_comment.akismet_fields
    akismet_comment.refresh_from_db()
    assert (akismet_comment.state, akismet_comment.feedback_pending) == ("approved", "")
    assert akismet_comment.events.filter(action="reported_ham").exists()


def test_spam_reports_spam_to_akismet_with_the_stored_fields(
        moderator_client, akismet, live_article, django_capture_on_commit_callbacks):
    comment = services.comment_submit(live_article, submission=Submission(
        name="Quiet Reader", email="quiet@example.org", body="Loved the episode",
        ip="198.51.100.78", started_at=timezone.now() - timedelta(seconds=10)))
    assert comment.state == "pending" and comment.akismet_fields
    with django_capture_on_commit_callbacks(execute=True):
        moderator_client.post(moderate_url(comment), {"action": "spam"})
    reports = akismet.requests_to(SUBMIT_SPAM)
    assert len(reports) == 1
    assert {k: v for k, v in reports[0].form.items() if k != "api_key"} == comment.akismet_fields
    assert not akismet.requests_to(SUBMIT_HAM)


def test_trash_sends_nothing_to_akismet(moderator_client, akismet, akismet_comment,
                                        django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        moderator_client.post(QUEUE_URL, action("trash", akismet_comment))
    assert not akismet.requests_to(SUBMIT_SPAM) and not akismet.requests_to(SUBMIT_HAM)


def test_check_again_asks_akismet_once_it_is_back(moderator_client, akismet, live_article):
    akismet.fail(times=1)
    comment = services.comment_submit(live_article, submission=Submission(
        name="Quiet Reader", email="quiet@example.org", body="Loved the episode",
        ip="198.51.100.78", started_at=timezone.now() - timedelta(seconds=10)))
    assert comment.state == "checking"
    assert "Akismet unreachable since" in moderator_client.get(QUEUE_URL).content.decode()
    response = moderator_client.post(moderate_url(comment), {"action": "check_again"},
                                     follow=True)
    assert messages_of(response) == [
        "Checked the comment by Quiet Reader again: held for moderation (First comment from "
        "this email)."]
    checks = akismet.requests_to(COMMENT_CHECK)
    assert len(checks) == 2
    assert {k: v for k, v in checks[1].form.items() if k != "api_key"} == comment.akismet_fields
    assert services.akismet_unreachable_since() is None
    assert "Akismet unreachable since" not in response.content.decode()
