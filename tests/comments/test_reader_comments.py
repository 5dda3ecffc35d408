"""Comments as a reader meets them: the thread under a story, the form, posting and its answers."""
from __future__ import annotations

import itertools
import re
from datetime import timedelta
from html.parser import HTMLParser

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from comments import services
from comments.forms import new_form_key, started_token
from comments.models import Comment, CommentState, SpamRule, StoryCommentOptions
from comments.views import AUTHOR_COOKIE, HELD_COOKIE

ORIGIN = "http://testserver"
_ips = itertools.count(1)


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()


@pytest.fixture
def approve_all(settings):
    settings.COMMENTS_MODERATION = "approve_ham"


@pytest.fixture
def story(live_article):
    return live_article


def form_data(**overrides):
    """What a browser sends from a form shown ten seconds ago."""
    data = {
        "name": "Mina Cho",
        "email": "mina@example.org",
        "url": "",
        "body": "Great news about filming!",
        "parent": "",
        "homepage": "",
        "started": started_token(timezone.now() - timedelta(seconds=10)),
        "key": new_form_key(),
    }
    data.update(overrides)
    return {name: value for name, value in data.items() if value is not None}


def post(client, article, *, ip=None, headers=None, **fields):
    """Post the comment form for `article` from its own page. Each post comes from a fresh
    IP and email unless the test names them, so the rate limits bite only where asked."""
    n = next(_ips)
    fields.setdefault("email", f"reader{n}@example.org")
    return client.post(
        f"/comments/post/{article.pk}/", form_data(**fields),
        headers={"Origin": ORIGIN, **(headers or {})} if headers is not False else None,
        REMOTE_ADDR=ip or f"198.51.{n // 250 % 250}.{n % 250 + 1}",
    )


def page(client, article, query=""):
    response = client.get(article.get_absolute_url() + query)
    assert response.status_code == 200
    return response.content.decode()


class _Thread(HTMLParser):
    """The nesting of comments on a page: [(pk, [(pk, [...]), ...]), ...]."""

    def __init__(self):
        super().__init__()
        self.root: list = []
        self.stack = [(None, self.root)]
        self.open_li: list = []

    def handle_starttag(self, tag, attrs):
        if tag != "li":
            return
        attrs = dict(attrs)
        is_comment = "comment" in (attrs.get("class") or "").split()
        self.open_li.append(is_comment)
        if is_comment:
            children: list = []
            self.stack[-1][1].append((int(attrs["id"].removeprefix("comment-")), children))
            self.stack.append((attrs["id"], children))

    def handle_endtag(self, tag):
        if tag == "li" and self.open_li.pop():
            self.stack.pop()


def thread_of(html):
    parser = _Thread()
    parser.feed(html)
    return parser.root


def textarea(html):
    match = re.search(r"<textarea[^>]*>(.*?)</textarea>", html, re.DOTALL)
    assert match, "the form is not on the page"
    return match.group(1).strip()


# --- posting and showing ---------------------------------------------------------------


@pytest.mark.django_db
def test_approved_comment_redirects_to_its_anchor_and_shows_for_everyone(client, story,
                                                                          approve_all):
    response = post(client, story, name="Mina Cho", body="Filming starts in March!")

    comment = Comment.objects.get()
    assert comment.state == CommentState.APPROVED
    assert response.status_code == 302
    assert response["Location"] == f"/articles/salt-line-season-2/#comment-{comment.pk}"
    html = page(Client(), story)
    assert "1 thought on “When will The Salt Line season 2 arrive?”" in html
    assert f'id="comment-{comment.pk}"' in html
    assert "Filming starts in March!" in html
    assert f'href="/articles/salt-line-season-2/#comment-{comment.pk}"' in html
    assert f'<time datetime="{comment.created_at.isoformat()}' in html


@pytest.mark.django_db
def test_thread_is_oldest_first_with_replies_nested(client, story, approve_all):
    post(client, story, name="First", body="First thought")
    first = Comment.objects.get(author_name="First")
    post(client, story, name="Second", body="Second thought")
    second = Comment.objects.get(author_name="Second")
    post(client, story, name="Replier", body="Answering the first", parent=str(first.pk))
    reply = Comment.objects.get(author_name="Replier")

    html = page(Client(), story)
    assert "3 thoughts on" in html
    assert thread_of(html) == [(first.pk, [(reply.pk, [])]), (second.pk, [])]


@pytest.mark.django_db
def test_replies_deeper_than_the_limit_become_siblings(client, story, approve_all, settings):
    settings.COMMENTS_MAX_DEPTH = 4
    parent = ""
    chain = []
    for level in range(6):
        post(client, story, name=f"Level {level}", body=f"Reply at level {level}",
             parent=parent)
        comment = Comment.objects.get(author_name=f"Level {level}")
        chain.append(comment.pk)
        parent = str(comment.pk)

    l0, l1, l2, l3, l4, l5 = chain
    # Levels 4 and 5 answered the deepest comment; they sit beside it, not below it.
    assert thread_of(page(Client(), story)) == [
        (l0, [(l1, [(l2, [(l3, []), (l4, []), (l5, [])])])]),
    ]
    assert max(Comment.objects.values_list("depth", flat=True)) == 3


@pytest.mark.django_db
def test_reply_link_without_javascript_renders_the_form_as_a_reply(client, story, approve_all):
    post(client, story, name="Rosa Lind", body="Who is directing?")
    comment = Comment.objects.get()

    html = page(client, story)
    reply_href = f'href="/articles/salt-line-season-2/?replyto={comment.pk}#respond"'
    assert reply_href in html
    assert 'name="parent" value=""' in html
    assert "hidden>Replying to" in html

    html = page(client, story, f"?replyto={comment.pk}")
    assert f'<input type="hidden" name="parent" value="{comment.pk}">' in html
    assert ">Replying to <strong><bdi data-replying-name>Rosa Lind</bdi></strong> — " in html
    assert 'href="/articles/salt-line-season-2/#respond" data-cancel-reply>cancel</a>' in html


@pytest.mark.django_db
def test_form_marks_and_explains_required_fields_and_hides_the_honeypot(client, story):
    html = page(client, story)
    assert "Required fields are marked <span class=\"required\">*</span>" in html
    for label in ("Comment", "Name", "Email"):
        assert re.search(rf">{label} <span class=\"required\" aria-hidden=\"true\">\*</span>",
                         html), label
    assert 'Website</label>' in html
    assert '<div class="comment-hp" aria-hidden="true">' in html
    assert "Leave this field empty" in html
    assert re.search(r'<input type="text" name="homepage"[^>]*tabindex="-1"', html)
    assert '<script src="/static/js/comments.js" defer></script>' in html


@pytest.mark.django_db
def test_staff_comment_goes_under_their_account_and_is_marked(
        client, story, editor, django_capture_on_commit_callbacks):
    client.force_login(editor)
    html = page(client, story)
    assert "Logged in as <strong>Eddie Stone</strong>" in html
    assert 'name="email"' not in html and 'name="name"' not in html

    with django_capture_on_commit_callbacks(execute=True):  # the request commits
        response = post(client, story, name=None, email=None, body="We will update this story.")

    comment = Comment.objects.get()
    assert response.status_code == 302
    assert (comment.user, comment.by_staff, comment.author_name) == (editor, True, "Eddie Stone")
    assert comment.state == CommentState.APPROVED
    html = page(Client(), story)
    assert re.search(r'Eddie Stone</bdi> <span class="staff-mark">Staff</span>', html)


# --- held, spam and discarded comments ---------------------------------------------------


@pytest.mark.django_db
def test_held_comment_is_shown_only_to_its_author(client, story):
    response = post(client, story, name="New Reader", body="My very first comment here")

    comment = Comment.objects.get()
    assert comment.state == CommentState.PENDING  # first comment from this email
    assert response["Location"] == f"/articles/salt-line-season-2/#comment-{comment.pk}"
    mine = page(client, story)
    assert "My very first comment here" in mine
    assert "Your comment is awaiting moderation." in mine
    assert "thought" not in mine  # nothing approved yet, so no count

    someone_else = page(Client(), story)
    assert "My very first comment here" not in someone_else
    assert "awaiting moderation" not in someone_else


@pytest.mark.django_db
def test_held_cookie_cannot_be_forged_to_see_others_held_comments(client, story):
    post(client, story, body="Held for a moderator")
    comment = Comment.objects.get()

    snoop = Client()
    snoop.cookies[HELD_COOKIE] = str(comment.pk)
    assert "Held for a moderator" not in page(snoop, story)


@pytest.mark.django_db
def test_held_reply_appears_under_its_parent_for_its_author(client, story, approve_all,
                                                            settings):
    post(client, story, name="Old Hand", body="Approved comment")
    parent = Comment.objects.get()
    settings.COMMENTS_MODERATION = "hold_all"
    author = Client()
    post(author, story, name="Newcomer", body="A held reply", parent=str(parent.pk))
    reply = Comment.objects.get(author_name="Newcomer")

    assert thread_of(page(author, story)) == [(parent.pk, [(reply.pk, [])])]
    assert thread_of(page(Client(), story)) == [(parent.pk, [])]


@pytest.mark.django_db
def test_honeypot_comment_is_stored_as_spam_and_not_shown(client, story):
    response = post(client, story, body="Cheap watches", homepage="https://spam.example")

    comment = Comment.objects.get()
    assert comment.state == CommentState.SPAM
    assert response.status_code == 302
    html = page(Client(), story)
    assert "Cheap watches" not in html
    assert "thought" not in html


@pytest.mark.django_db
def test_spam_is_not_shown_to_others_and_looks_held_to_its_author(client, story):
    SpamRule.objects.create(kind=SpamRule.Kind.BLOCK_WORD, value="casino")
    post(client, story, body="Best casino bonus")

    assert Comment.objects.get().state == CommentState.SPAM
    # The author learns nothing about the verdict: a moderator can still rescue it.
    assert "Your comment is awaiting moderation." in page(client, story)
    assert "casino" not in page(Client(), story)


@pytest.mark.django_db
def test_discarded_spam_is_shown_to_nobody(client, story, akismet):
    response = post(client, story, body="discard-me now")

    comment = Comment.objects.get()
    assert comment.is_discarded
    assert response["Location"] == "/articles/salt-line-season-2/#comments"
    assert HELD_COOKIE not in response.cookies
    assert "discard-me" not in page(client, story)


@pytest.mark.django_db
def test_count_covers_only_what_everyone_sees(client, story, approve_all):
    for n in range(3):
        post(client, story, name=f"Reader {n}", email=f"r{n}@example.org", body=f"Approved {n}")
    approved = list(Comment.objects.order_by("pk"))
    post(client, story, name="Replier", body="Reply", parent=str(approved[0].pk))
    post(client, story, email="held@example.org", body="Held")
    post(client, story, email="trashed@example.org", body="Trashed")
    Comment.objects.filter(body="Held").update(state=CommentState.PENDING)
    Comment.objects.filter(body="Trashed").update(state=CommentState.TRASH)

    html = page(Client(), story)
    assert "4 thoughts on" in html
    assert "Held" not in html and "Trashed" not in html


@pytest.mark.django_db
def test_reply_to_an_unapproved_comment_moves_up_to_the_thread(client, story, approve_all):
    post(client, story, name="Top", body="Top comment")
    top = Comment.objects.get()
    post(client, story, name="Middle", body="Middle comment", parent=str(top.pk))
    middle = Comment.objects.get(author_name="Middle")
    post(client, story, name="Bottom", body="Bottom comment", parent=str(middle.pk))
    bottom = Comment.objects.get(author_name="Bottom")
    Comment.objects.filter(pk=middle.pk).update(state=CommentState.TRASH)

    html = page(Client(), story)
    assert "2 thoughts on" in html
    assert thread_of(html) == [(top.pk, [(bottom.pk, [])])]


@pytest.mark.django_db
def test_reply_to_a_deleted_comment_stays_in_its_thread(client, story, approve_all, moderator):
    post(client, story, name="Top", body="Top comment")
    top = Comment.objects.get()
    post(client, story, name="Middle", body="Middle comment", parent=str(top.pk))
    middle = Comment.objects.get(author_name="Middle")
    post(client, story, name="Bottom", body="Bottom comment", parent=str(middle.pk))
    bottom = Comment.objects.get(author_name="Bottom")
    services.comment_moderate(middle, action="trash", by=moderator)
    services.comment_delete(middle, by=moderator)

    html = page(Client(), story)
    assert "2 thoughts on" in html
    assert thread_of(html) == [(top.pk, [(bottom.pk, [])])]


# --- what a comment shows ---------------------------------------------------------------


@pytest.mark.django_db
def test_author_website_link_is_nofollow_ugc(client, story, approve_all):
    post(client, story, name="Rosa Lind", url="rosa.example.org")

    html = page(Client(), story)
    assert '<a href="https://rosa.example.org" rel="nofollow ugc"><bdi>Rosa Lind</bdi></a>' in html


@pytest.mark.django_db
def test_script_in_comment_is_shown_as_text_and_urls_link(client, story, approve_all):
    post(client, story, body="<script>alert('x')</script>\nSee https://example.com/news")

    html = page(Client(), story)
    assert "&lt;script&gt;alert('x')&lt;/script&gt;<br>" in html
    assert "<script>alert" not in html
    assert ('<a href="https://example.com/news" rel="nofollow ugc noopener">'
            'https://example.com/news</a>') in html


@pytest.mark.django_db
def test_email_addresses_appear_on_no_page(client, story, approve_all):
    post(client, story, email="secret.person@example.org", body="Approved")
    post(client, story, email="held.person@example.org", body="Held")
    Comment.objects.filter(body="Held").update(state=CommentState.PENDING)

    for url in [story.get_absolute_url(), f"{story.get_absolute_url()}?comments=1",
                "/comments/privacy/"]:
        for reader in (client, Client()):
            html = reader.get(url).content.decode()
            assert "secret.person@" not in html and "held.person@" not in html, url


@pytest.mark.django_db
def test_comment_on_an_older_version_names_the_update_it_predates(
        client, story, approve_all, revise, publish):
    post(client, story, name="Early", email="early@example.org", body="Before the update")
    publish(revise(story, update_label="March Update", public_note="Filming dates added."))
    publish(revise(story, kind="correction", public_note="The network's name was wrong."))
    post(client, story, name="Later", email="later@example.org", body="After the update")

    html = page(Client(), story)
    early, later = (re.search(rf'id="comment-{c.pk}".*?</footer>', html, re.DOTALL).group(0)
                    for c in Comment.objects.order_by("pk"))
    assert re.search(r"posted before the <a href=\"/articles/salt-line-season-2/v2/changes/\">"
                     r"March Update</a>", early)
    assert "posted before" not in later


@pytest.mark.django_db
def test_comment_before_a_correction_names_the_correction(client, story, approve_all, revise,
                                                          publish):
    post(client, story, body="The network is wrong")
    correction = publish(revise(story, kind="correction", public_note="Network corrected."))

    html = page(Client(), story)
    assert (f'posted before the <a href="/articles/salt-line-season-2/v2/changes/">'
            f'correction of {correction.published_at:%B} {correction.published_at.day}</a>'
            ) in html


@pytest.mark.django_db
def test_minor_fix_after_a_comment_is_not_mentioned(client, story, approve_all, revise, publish):
    post(client, story, body="Before a typo fix")
    publish(revise(story, kind="minor"))

    assert "posted before" not in page(Client(), story)


# --- closed stories -------------------------------------------------------------------------


@pytest.mark.django_db
def test_closed_story_keeps_its_thread_and_says_comments_are_closed(client, story, approve_all):
    post(client, story, body="Posted while open")
    StoryCommentOptions.objects.create(article=story, closed=True)

    html = page(Client(), story)
    assert "Comments are closed." in html
    assert "Posted while open" in html
    assert "<form" not in html.split('id="comments"')[1]
    assert "Reply</a>" not in html

    response = post(client, story, body="Too late now")
    assert response.status_code == 400
    assert "Comments on this story are closed." in response.content.decode()
    assert Comment.objects.count() == 1


# --- cheap checks and the filled form --------------------------------------------------


@pytest.mark.django_db
def test_double_submit_stores_one_comment(client, story, approve_all):
    data = {"key": new_form_key(), "body": "Pressed twice", "email": "twice@example.org"}

    first = post(client, story, ip="203.0.113.9", **data)
    second = post(client, story, ip="203.0.113.9", **data)

    comment = Comment.objects.get()
    assert first["Location"] == second["Location"] == (
        f"/articles/salt-line-season-2/#comment-{comment.pk}")


@pytest.mark.django_db
def test_readers_of_one_cached_form_do_not_collide(client, story, approve_all):
    shared_key = new_form_key()  # both loaded the same cached page

    post(client, story, key=shared_key, email="a@example.org", body="From reader A")
    post(Client(), story, key=shared_key, email="b@example.org", body="From reader B")

    assert Comment.objects.count() == 2


@pytest.mark.parametrize(
    ("setup", "fields", "message"),
    [
        (None, {"started": "shown just now"}, "quicker than we expect from a person"),
        (None, {"started": "forged-value"}, "quicker than we expect from a person"),
        (None, {"started": None}, "quicker than we expect from a person"),
        ("same_ip", {}, "You are commenting very fast. Wait 15 seconds"),
        ("duplicate", {}, "You have already posted this comment on this story."),
        (None, {"body": "x" * 5001}, "Your comment is 5,001 characters long; the limit is 5,000"),
        (None, {"email": "not-an-email"}, "Enter an email address like name@example.com."),
        (None, {"name": ""}, "Enter your name"),
    ],
    ids=["too-fast", "forged-time", "no-time", "rate-limit", "duplicate", "too-long",
         "bad-email", "no-name"],
)
@pytest.mark.django_db
def test_rejected_comment_is_rerendered_with_its_text_and_a_clear_message(
        client, story, setup, fields, message):
    if setup == "same_ip":
        post(client, story, ip="203.0.113.50", body="An earlier comment")
        assert Comment.objects.count() == 1
    if setup == "duplicate":
        fields["email"] = "twice@example.org"
        post(client, story, body="Typed twice on purpose", email="twice@example.org")
        cache.clear()
    before = Comment.objects.count()
    body = fields.pop("body", "Typed twice on purpose")
    if fields.get("started") == "shown just now":
        fields["started"] = started_token()

    response = post(client, story, ip="203.0.113.50" if setup == "same_ip" else None,
                    body=body, **fields)

    html = response.content.decode()
    assert response.status_code == 400
    assert "<h1>Check your comment</h1>" in html
    assert message in html
    assert textarea(html) == body
    assert Comment.objects.count() == before


@pytest.mark.django_db
def test_rerendered_form_gives_a_fresh_timestamp_in_place_of_a_forged_one(client, story):
    response = post(client, story, started="forged-value", body="Second try works")
    token = re.search(r'name="started" value="([^"]+)"', response.content.decode()).group(1)
    assert token != "forged-value"

    # The reader takes a moment, then posts the re-rendered form as it is.
    retry = post(client, story, started=token, body="Second try works")
    assert retry.status_code == 400  # posted at once: still too quick for a person
    retry = post(client, story, body="Second try works")
    assert retry.status_code == 302


@pytest.mark.django_db
def test_reply_to_a_vanished_comment_is_offered_as_a_new_comment(client, story, approve_all):
    post(client, story, body="Soon gone")
    gone = Comment.objects.get()
    Comment.objects.filter(pk=gone.pk).update(state=CommentState.TRASH)

    response = post(client, story, body="My reply", parent=str(gone.pk))

    html = response.content.decode()
    assert response.status_code == 400
    assert "Post again to add yours as a new comment." in html
    assert '<input type="hidden" name="parent" value="">' in html
    assert textarea(html) == "My reply"


# --- CSRF and the page cache ------------------------------------------------------------


@pytest.mark.parametrize(
    "headers",
    [{"Origin": "https://evil.example"}, {"Origin": "null"},
     {"Origin": "https://evil.example", "Referer": "http://testserver/articles/x/"}, False],
    ids=["foreign-origin", "null-origin", "foreign-origin-own-referer", "no-headers"],
)
@pytest.mark.django_db
def test_post_from_another_site_is_refused_and_loses_nothing(client, story, headers):
    response = post(client, story, body="Sent from elsewhere", headers=headers)

    html = response.content.decode()
    assert response.status_code == 403
    assert "could not confirm that this comment was sent from this site" in html
    assert textarea(html) == "Sent from elsewhere"
    assert Comment.objects.count() == 0


@pytest.mark.django_db
def test_post_with_own_referer_and_no_origin_is_accepted(client, story):
    response = client.post(f"/comments/post/{story.pk}/", form_data(),
                           headers={"Referer": "http://testserver/articles/salt-line-season-2/"})
    assert response.status_code == 302


@pytest.mark.django_db
def test_post_from_own_origin_works_without_a_csrf_cookie(story):
    strict = Client(enforce_csrf_checks=True)

    response = post(strict, story)

    assert response.status_code == 302
    assert Comment.objects.count() == 1


@pytest.mark.django_db
def test_story_page_is_the_same_for_every_reader(client, story):
    response = client.get(story.get_absolute_url())

    assert "csrfmiddlewaretoken" not in response.content.decode()
    assert "Cookie" not in response.get("Vary", "")
    assert not response.cookies


@pytest.mark.django_db
def test_page_showing_a_held_comment_varies_on_cookie(client, story):
    post(client, story, body="Only mine")

    response = client.get(story.get_absolute_url())

    assert "Only mine" in response.content.decode()
    assert "Cookie" in response["Vary"]


# --- remember me ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_details_are_remembered_only_when_asked(client, story, approve_all):
    response = post(client, story, name="Rosa Lind", email="rosa@example.org")
    assert response.cookies[AUTHOR_COOKIE].value == ""  # unticked: nothing kept
    assert 'value="Rosa Lind"' not in page(client, story)

    cache.clear()  # the same email again at once would hit the rate limit
    response = post(client, story, name="Rosa Lind", email="rosa@example.org",
                    url="https://rosa.example.org", remember="on", body="Second comment")
    cookie = response.cookies[AUTHOR_COOKIE]
    assert cookie["max-age"] == 365 * 86400 and cookie["httponly"]
    html = page(client, story)
    assert 'name="name" value="Rosa Lind"' in html
    assert 'name="email" value="rosa@example.org"' in html
    assert re.search(r'name="remember" id="id_remember" checked', html)

    cache.clear()
    response = post(client, story, name="Rosa Lind", email="rosa@example.org",
                    body="Third comment, box unticked")
    assert response.cookies[AUTHOR_COOKIE]["max-age"] == 0
    assert 'value="Rosa Lind"' not in page(client, story)


@pytest.mark.django_db
def test_tampered_remember_cookie_is_ignored(client, story):
    client.cookies[AUTHOR_COOKIE] = '{"name": "Planted", "email": "x@example.org"}'

    assert "Planted" not in page(client, story)


# --- pagination --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_threads_page_without_splitting_replies(client, story, approve_all, settings):
    settings.COMMENTS_THREADS_PER_PAGE = 2
    tops = []
    for n in range(5):
        post(client, story, name=f"Top {n}", email=f"t{n}@example.org", body=f"Thread {n}")
        tops.append(Comment.objects.get(author_name=f"Top {n}"))
    post(client, story, name="Late replier", body="Reply to the first thread",
         parent=str(tops[0].pk))
    reply = Comment.objects.get(author_name="Late replier")
    response = post(client, story, name="Page two replier", body="Reply on page two",
                    parent=str(tops[2].pk))
    second_reply = Comment.objects.get(author_name="Page two replier")

    assert response["Location"] == (
        f"/articles/salt-line-season-2/?comments=2#comment-{second_reply.pk}")
    first = page(Client(), story)
    assert "7 thoughts on" in first
    assert thread_of(first) == [(tops[0].pk, [(reply.pk, [])]), (tops[1].pk, [])]
    assert "Comment page 1 of 3" in first
    assert 'href="/articles/salt-line-season-2/?comments=2#comments">Newer comments' in first
    second = page(Client(), story, "?comments=2")
    assert thread_of(second) == [(tops[2].pk, [(second_reply.pk, [])]), (tops[3].pk, [])]
    assert f'href="/articles/salt-line-season-2/?comments=2#comment-{tops[2].pk}"' in second
    assert (f'href="/articles/salt-line-season-2/?comments=2&amp;replyto={tops[2].pk}#respond"'
            in second)
    assert thread_of(page(Client(), story, "?comments=3")) == [(tops[4].pk, [])]
    # A page that does not exist (any more) shows the last one.
    assert thread_of(page(Client(), story, "?comments=99")) == [(tops[4].pk, [])]
    assert thread_of(page(Client(), story, "?comments=abc"))[0][0] == tops[0].pk


@pytest.mark.django_db
def test_held_new_thread_shows_to_its_author_on_the_last_page(client, story, approve_all,
                                                            settings):
    settings.COMMENTS_THREADS_PER_PAGE = 2
    for n in range(2):
        post(Client(), story, email=f"t{n}@example.org", body=f"Thread {n}")
    settings.COMMENTS_MODERATION = "hold_all"

    response = post(client, story, body="Held new thread")

    held = Comment.objects.get(body="Held new thread")
    assert response["Location"] == f"/articles/salt-line-season-2/#comment-{held.pk}"
    assert "Held new thread" in page(client, story)


# --- privacy -------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_without_akismet_no_page_mentions_it(client, story):
    story_html = page(client, story)
    privacy = client.get("/comments/privacy/").content.decode()

    assert "Akismet" not in story_html and "Akismet" not in privacy
    assert 'href="/comments/privacy/">How we handle comment data</a>' in story_html
    assert "deleted for good, with everything stored with them, 30 days" in privacy
    assert "erased" in privacy and "IP address" in privacy


@pytest.mark.django_db
def test_with_akismet_the_form_and_privacy_page_say_what_is_sent(client, story, akismet):
    story_html = page(client, story)
    privacy = client.get("/comments/privacy/").content.decode()

    assert "This site checks comments for spam with Akismet" in story_html
    assert "We check each comment with Akismet" in privacy
    assert "your IP address and your browser's user agent" in privacy.replace("&#x27;", "'")
