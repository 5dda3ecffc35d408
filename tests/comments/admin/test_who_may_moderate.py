"""Only moderators and editors may work the comments queue; writers may not."""
from __future__ import annotations

import pytest

from comments.models import Comment
from tests.comments.moderation import (  # noqa: F401 (fixtures)
    QUEUE_URL,
    _clear_cache,
    action,
    change_url,
    make_comment,
    moderate_url,
    reply_url,
)


pytestmark = pytest.mark.django_db


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
