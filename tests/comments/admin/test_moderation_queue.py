"""The moderators' queue in the admin: listing, filters, actions, and its figures and
outage banner."""
from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from comments.models import AkismetOutage, Comment, SpamRule, VerdictSource
from comments.services.moderation import comment_moderate
from tests.comments.moderation import (  # noqa: F401 (fixtures)
    QUEUE_URL,
    _clear_cache,
    action,
    make_comment,
    messages_of,
    moderator_client,
)


pytestmark = pytest.mark.django_db


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
    comment_moderate(wrongly_flagged, action="not_spam", by=moderator)
    response = moderator_client.get(QUEUE_URL)
    assert response.context["figures"] == {
        "approved": 3, "held": 1, "spam_akismet": 1, "spam_rules": 2, "false_positives": 1}
    page = response.content.decode()
    assert "False positives (marked not spam): <strong>1</strong>" in page
    assert "Spam by site rules and form checks: <strong>2</strong>" in page
