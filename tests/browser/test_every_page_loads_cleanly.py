"""Every page a reader or the newsroom can reach by following links loads in Chromium with
no JavaScript error, no failed request and no error answer (the `page` fixture fails the
test on any of them)."""
from __future__ import annotations

from urllib.parse import urldefrag, urlsplit

import pytest

from tests.browser.conftest import sign_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

# Links that change something when followed, or that lead away to the same pages again.
NOT_FOLLOWED = ("/admin/logout/", "/delete/", "/admin/password_change/", "?o=", "?e=",
                "?_changelist_filters", "/history/")


def crawl(page, *starts, inside, limit, queries=True):
    """Visit pages breadth first from `starts`, following links whose path starts with
    `inside` (and that have no query string, unless `queries`); returns the paths visited."""
    origin = urlsplit(page.url)
    queue, seen = list(starts), set(starts)
    visited = []
    while queue and len(visited) < limit:
        path = queue.pop(0)
        response = page.goto(path)
        assert response.status == 200, f"{path} answered {response.status}"
        visited.append(path)
        for href in page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)"):
            url = urlsplit(urldefrag(href)[0])
            if url.netloc and url.netloc != origin.netloc:
                continue
            if url.query and not queries:
                continue
            link = url.path + (f"?{url.query}" if url.query else "")
            if (link.startswith(inside) and link not in seen
                    and not any(part in link for part in NOT_FOLLOWED)):
                seen.add(link)
                queue.append(link)
    return visited


def test_every_reader_page_loads_without_errors(page, desk):
    page.goto("/")

    visited = crawl(page, "/", "/search/?q=salt+line", inside="/", limit=60)

    # The crawl reached the kinds of page a reader meets, not just the home page.
    story = desk.story.get_absolute_url()
    for path in ("/", story, f"{story}updates/", f"{story}v2/changes/",
                 desk.shows[0].get_absolute_url(), "/shows/", "/archive/", "/feed/",
                 "/comments/privacy/", "/search/?q=salt+line"):
        assert path in visited


def test_every_admin_page_loads_without_errors(page, desk, admin_user):
    sign_in(page, admin_user, password="password")

    story = f"/admin/articles/article/{desk.story.pk}/change/"
    comment = f"/admin/comments/comment/{desk.comments['ada'].pk}/change/"
    show = f"/admin/articles/show/{desk.shows[0].pk}/change/"
    # The admin's filter and sort links are the same pages again, many times over.
    visited = crawl(page, "/admin/", story, comment, show, inside="/admin/", limit=100,
                    queries=False)


    for path in ("/admin/articles/article/", "/admin/articles/article/add/",
                 f"{story.removesuffix('change/')}versions/1/preview/",
                 "/admin/comments/comment/", "/admin/articles/image/", "/admin/articles/show/",
                 "/admin/articles/storytoupdate/", "/admin/comments/spamrule/add/"):
        assert path in visited
