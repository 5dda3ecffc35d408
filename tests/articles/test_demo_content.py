from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db.models import Count

from articles.models import Article, ArticleState, ArticleVersion, Image, Section


@pytest.mark.django_db
def test_seed_demo_builds_a_believable_desk_and_is_safe_to_run_again(client, capsys):
    call_command("seed_demo")
    call_command("seed_demo")

    assert "0 stories added" in capsys.readouterr().out
    assert Section.objects.count() == 4
    assert Article.objects.count() >= 20
    states = dict(Article.objects.values_list("state").annotate(n=Count("id")))
    assert states[ArticleState.SCHEDULED] == 1
    assert states[ArticleState.DRAFT] == 1
    published_versions = (ArticleVersion.objects.filter(public_number__isnull=False)
                          .values("article").annotate(n=Count("id")))
    assert sum(1 for row in published_versions if row["n"] >= 3) >= 4
    kinds = set(ArticleVersion.objects.filter(published_at__isnull=False, public_number__gt=1)
                .values_list("kind", flat=True))
    assert {"update", "correction"} <= kinds
    assert ArticleVersion.objects.filter(kind="minor", published_at__isnull=False,
                                         public_number__isnull=True).exists()
    assert Image.objects.exists()

    # Every live story renders, and its lead image was drawn as a real picture.
    for article in Article.objects.published():
        assert client.get(article.get_absolute_url()).status_code == 200
    image = Image.objects.first()
    assert image.width == 1200 and image.height == 675


@pytest.mark.django_db
def test_demo_logins_prints_a_working_admin_login(client, capsys, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    settings.DEBUG = True
    call_command("seed_demo")
    call_command("demo_logins")
    out = capsys.readouterr().out
    password = (tmp_path / "demo-password").read_text().strip()
    assert password in out
    assert "admin" in out and "editor" in out
    assert client.login(username="admin", password=password)
    assert client.get("/admin/articles/article/").status_code == 200
    assert client.login(username="mara", password=password)


@pytest.mark.django_db
def test_demo_logins_refuses_to_reset_passwords_outside_debug(settings):
    from django.core.management.base import CommandError

    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG=true"):
        call_command("demo_logins")
