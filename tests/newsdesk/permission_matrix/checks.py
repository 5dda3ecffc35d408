"""Checking one cell: what the person sees, and that the database holds only the changes
the table allows."""
from __future__ import annotations

from functools import cache
from typing import Any

from django.apps import apps
from django.contrib import admin
from django.contrib.messages import constants as message_levels
from django.contrib.sessions.models import Session
from django.db import connection
from django.urls import reverse

from tests.newsdesk.permission_matrix.pages import READ_ONLY_NOTE, Action, Page
from tests.newsdesk.permission_matrix.world import World


@cache
def _every_table() -> tuple[tuple[str, str], ...]:
    """For each model's table but the sessions' (a login touches those), its label and the
    query that reads all its rows in primary-key order."""
    quote = connection.ops.quote_name
    return tuple(
        (model._meta.label, f"SELECT * FROM {quote(model._meta.db_table)} "
                            f"ORDER BY {quote(model._meta.pk.column)}")
        for model in apps.get_models(include_auto_created=True)
        if not model._meta.proxy and model is not Session)


def database_rows() -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table but the sessions, every column as the database holds it.

    Plain SQL, not the ORM: a cell takes this two or three times, and compiling ~40
    querysets each time took as long as all the requests the cell sends."""
    rows = {}
    with connection.cursor() as cursor:
        for label, sql in _every_table():
            cursor.execute(sql)
            rows[label] = cursor.fetchall()
    return rows


def changed_tables(before: dict[str, list[Any]]) -> list[str]:
    after = database_rows()
    return [label for label in after if after[label] != before.get(label)]


def messages_shown(w: World, response: Any) -> list[Any]:
    """The messages the person sees: on this page, or on the next one after a redirect."""
    if response.context is None or "messages" not in response.context:
        response = w.client.get(reverse("admin:index"))
    return list(response.context["messages"]) if response.context else []


def problems(w: World, response: Any) -> str:
    """What the page said, to explain a failure."""
    context = response.context or {}
    said = [str(m) for m in messages_shown(w, response)] if response.status_code != 403 else []
    for key in ("adminform", "form", "formset"):
        form = context.get(key) if hasattr(context, "get") else None
        errors = getattr(getattr(form, "form", form), "errors", None)
        if errors:
            said.append(f"{key} errors: {errors}")
    return f"status {response.status_code}; " + "; ".join(said)


def sent_to_sign_in(response: Any, to: str = "admin:login") -> bool:
    return response.status_code == 302 and response["Location"].startswith(reverse(to))


def refused(response: Any) -> bool:
    """403, 404, or the admin's "doesn't exist" redirect for a record outside your list."""
    return response.status_code in (403, 404) or (
        response.status_code == 302 and response["Location"] == reverse("admin:index"))


def check_page(w: World, page: Page, expected: str) -> None:
    url = page.url(w)
    data = page.post(w) if page.post else None
    if page.before and w.me:
        page.before(w)
    before = database_rows()

    response = w.client.get(url)
    assert not changed_tables(before), f"a GET changed {changed_tables(before)}"
    if expected == "L":
        assert sent_to_sign_in(response, page.signed_out_to), problems(w, response)
    elif page.button and expected == "N":
        # Not offered. (A form its reader may not change still shows the save buttons; the
        # page says it is read-only and the POST is refused below.)
        html = response.content.decode() if response.status_code == 200 else ""
        assert page.button not in html or READ_ONLY_NOTE in html, problems(w, response)
    elif page.button:
        assert response.status_code == 200, problems(w, response)
    elif expected in "YR" or response.status_code == 405:
        assert response.status_code in page.get_status, problems(w, response)
    else:
        assert refused(response), f"should be refused: {problems(w, response)}"

    if data is None:
        return
    response = w.client.post(url, data)
    if expected == "Y":
        assert response.status_code in (200, 302) and page.done(w, response), (
            f"the change did not happen: {problems(w, response)}")
        return
    assert not changed_tables(before), (
        f"a refused POST changed {changed_tables(before)}: {problems(w, response)}")
    assert not page.done(w, response)
    if expected == "L":
        assert sent_to_sign_in(response, page.signed_out_to), problems(w, response)
    else:
        assert refused(response) or not any(
            m.level == message_levels.SUCCESS for m in messages_shown(w, response)), (
            f"refused, but told it worked: {problems(w, response)}")


def check_action(w: World, name: str, action: Action, expected: str) -> None:
    opts = action.model._meta
    changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    w.selected = action.selected(w)
    data = {"action": name, "index": "0", admin.helpers.ACTION_CHECKBOX_NAME:
            [str(obj.pk) for obj in w.selected], **action.extra(w)}
    before = database_rows()

    response = w.client.get(changelist)
    if expected == "L":
        assert sent_to_sign_in(response), problems(w, response)
    else:
        form = response.context.get("action_form") if response.status_code == 200 else None
        offered = form is not None and name in dict(form.fields["action"].choices)
        if expected == "Y":
            assert offered, f"“{name}” is not offered on the list: {problems(w, response)}"
        else:
            assert response.status_code == 403 or (response.status_code == 200
                                                    and not offered), problems(w, response)

    response = w.client.post(changelist, data)
    if expected == "Y":
        assert action.done(w, response), f"the action did nothing: {problems(w, response)}"
        return
    assert not changed_tables(before), (
        f"a refused action changed {changed_tables(before)}: {problems(w, response)}")
    assert not action.done(w, response)
    if expected == "L":
        assert sent_to_sign_in(response), problems(w, response)
