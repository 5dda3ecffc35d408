"""Comments as a reader meets them: posting, the thread under a story, what each comment
shows, and a story closed to comments."""
from __future__ import annotations

import re

import pytest
from django.test import Client

from comments.models import Comment, CommentState, StoryCommentOptions
from tests.comments.reader import (  # noqa: F401 (fixtures)
    _fresh_rate_limits,
    approve_all,
    page,
    post,
    story,
    thread_of,
)


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
