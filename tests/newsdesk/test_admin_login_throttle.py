"""Sign-in to the admin is throttled: guessing a password stops after a few tries, and the
person locked out is told why, for how long and what to do."""
from __future__ import annotations

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.utils import timezone

PASSWORD = "pw-for-tests-123"  # tests/conftest.py's make_user


def sign_in(client, username, password, address="198.51.100.20"):
    return client.post("/admin/login/?next=/admin/", {
        "username": username, "password": password}, REMOTE_ADDR=address)


def signed_in(client):
    return client.get("/admin/").status_code == 200


def fail(client, username, times, address="198.51.100.20"):
    for _ in range(times):
        response = sign_in(client, username, "wrong-guess", address)
        assert response.status_code == 200  # the form again, with its error
        assert "Please enter the correct username and password" in response.content.decode()


def lock_out(client, username):
    """Four wrong passwords, then the fifth: that one already gets the pause."""
    fail(client, username, 4)
    assert sign_in(client, username, "wrong-again").status_code == 429


@pytest.mark.django_db
def test_the_right_password_is_refused_after_five_wrong_ones(client, writer):
    lock_out(client, writer.username)

    response = sign_in(client, writer.username, PASSWORD)

    assert response.status_code == 429
    page = response.content.decode()
    assert "Too many failed sign-ins" in page
    assert "After 5 wrong passwords" in page and "paused for 15 minutes" in page
    assert not signed_in(client)


@pytest.mark.django_db
def test_the_pause_holds_one_username_at_one_address_only(client, writer, editor):
    lock_out(client, writer.username)

    # The same writer from the office, and a colleague from here, still get in.
    office = Client()
    assert sign_in(office, writer.username, PASSWORD, address="203.0.113.9").status_code == 302
    assert signed_in(office)
    colleague = Client()
    assert sign_in(colleague, editor.username, PASSWORD).status_code == 302


@pytest.mark.django_db
def test_a_good_sign_in_clears_the_count(client, writer):
    fail(client, writer.username, 4)
    assert sign_in(client, writer.username, PASSWORD).status_code == 302
    client.logout()

    fail(client, writer.username, 4)

    assert sign_in(client, writer.username, PASSWORD).status_code == 302


@pytest.mark.django_db
def test_signing_in_works_again_once_the_pause_is_over(client, writer):
    lock_out(client, writer.username)
    assert sign_in(client, writer.username, PASSWORD).status_code == 429

    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))

    assert sign_in(client, writer.username, PASSWORD).status_code == 302
    assert signed_in(client)
