"""The matrix's tests: one per cell, plus the checks that the table covers the whole site
and that no admin page links a role to a page it would be refused."""
from __future__ import annotations

import re

import pytest
from django.urls import reverse

from tests.newsdesk.permission_matrix.checks import check_action, check_page
from tests.newsdesk.permission_matrix.pages import ACTIONS, PAGES
from tests.newsdesk.permission_matrix.reader_pages import READER_PAGES
from tests.newsdesk.permission_matrix.site import admin_keys, reader_url_names
from tests.newsdesk.permission_matrix.table import MATRIX, PUBLIC_READER_PAGES, ROLES


CASES = [(role, key) for key in [*admin_keys(), *READER_PAGES] for role in ROLES]


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "key"), CASES, ids=[f"{role}-{key}" for role, key in CASES])
def test_matrix(world, role, key):
    assert key in MATRIX, f"{key} is not in the matrix: decide who may use it and add a row"
    expected = MATRIX[key][role]
    world.me = world.users[role]
    if world.me is not None:
        world.client.force_login(world.me)

    if key in READER_PAGES:
        page = READER_PAGES[key]
        response = world.client.get(page.url(world))
        assert page.hidden(world, response), f"shown to {role}: status {response.status_code}"
    elif key in ACTIONS:
        check_action(world, key.split("-action-")[1], ACTIONS[key], expected)
    else:
        assert key in PAGES, f"{key} has a row but the test does not know how to use it"
        check_page(world, PAGES[key], expected)


def test_the_matrix_lists_every_admin_page_and_action_and_nothing_else():
    site = admin_keys()
    assert [key for key in site if key not in MATRIX] == []
    assert [key for key in MATRIX if key not in site and key not in READER_PAGES] == []


def test_every_reader_page_is_public_or_in_the_matrix():
    gated = {page.name for page in READER_PAGES.values()}
    assert reader_url_names() - PUBLIC_READER_PAGES - gated == set()
    assert (PUBLIC_READER_PAGES | gated) - reader_url_names() == set()


@pytest.mark.django_db
@pytest.mark.parametrize("role", [role for role in ROLES if role != "anonymous"])
def test_admin_pages_link_only_to_pages_the_role_may_open(world, role):
    """A link that answers "403 Forbidden" is a dead end: each page a role may open offers
    only what that role may use."""
    world.me = world.users[role]
    world.client.force_login(world.me)
    dead = set()
    opened: set[str] = set()
    for key, page in PAGES.items():
        if MATRIX[key][role] not in "YR" or page.get_status != (200,) or page.post and (
                key.endswith("-add") or key.startswith(("password", "image-upload"))):
            continue
        url = page.url(world)
        for link in re.findall(r'href="(/admin/[^"#?]*)', world.client.get(url).content.decode()):
            if link in opened or link == reverse("admin:logout"):
                continue
            opened.add(link)
            if world.client.get(link).status_code == 403:
                dead.add(f"{key} links to {link}")
    assert sorted(dead) == []
