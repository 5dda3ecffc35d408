"""SQL queries and HTML bytes of each benchmarked page, counted in-process.

    python bench/page_queries.py '<json: {"pages": [[label, path], ...], "post": {...},
                                          "sql_dir": folder}>'

Run by `bench/run.py` with the benchmark's environment (the same database and Redis) and
PAGE_CACHE_SECONDS=0. Each page is asked for twice through django.test.Client: first with
the shared cache emptied ("cold": nothing rendered yet), then again ("warm": what the
fragment cache keeps is reused), which is what most readers of a busy page get. The SQL of
both goes to `sql_dir/<label>.sql` for reading. Prints one line of JSON.
"""
from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsdesk.settings")


def count_page(client: Any, path: str, sql_file: Path) -> dict[str, Any]:
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    cache.clear()
    figures: dict[str, Any] = {"path": path}
    log = []
    for run in ("cold", "warm"):
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path)
        if response.status_code != 200:
            raise SystemExit(f"GET {path} answered {response.status_code}, not 200: the "
                             f"benchmark would measure an error page.")
        figures[run] = len(captured.captured_queries)
        figures["bytes"] = len(response.content)
        log.append(f"-- {run}: {len(captured.captured_queries)} queries")
        log += [f"{query['sql']};" for query in captured.captured_queries]
    sql_file.write_text("\n".join(log) + "\n", encoding="utf-8")
    return figures


def count_post(client: Any, post: dict[str, Any], origin: str, sql_file: Path) -> dict[str, Any]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        response = client.post(post["path"], post["fields"], headers={"Origin": origin})
    if response.status_code != 302:
        raise SystemExit(f"POST {post['path']} answered {response.status_code}, not 302: "
                         f"{response.content[:600]!r}")
    sql_file.write_text("\n".join(f"{query['sql']};" for query in captured.captured_queries)
                        + "\n", encoding="utf-8")
    return {"path": post["path"], "queries": len(captured.captured_queries)}


def main() -> None:
    import django

    django.setup()
    from django.conf import settings
    from django.test import Client

    if settings.PAGE_CACHE_SECONDS:
        raise SystemExit("Run with PAGE_CACHE_SECONDS=0: pages are counted as rendered, "
                         "not as served from the page cache.")
    plan = json.loads(sys.argv[1])
    sql_dir = Path(plan["sql_dir"])
    sql_dir.mkdir(parents=True, exist_ok=True)
    client = Client(HTTP_HOST=urlsplit(settings.SITE_URL).netloc)
    pages = {label: count_page(client, path, sql_dir / f"{label}.sql")
             for label, path in plan["pages"]}
    post = count_post(client, plan["post"], settings.SITE_URL, sql_dir / "post.sql")
    print(json.dumps({"pages": pages, "post": post}))


if __name__ == "__main__":
    main()
