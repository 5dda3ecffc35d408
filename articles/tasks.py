from __future__ import annotations

from django_tasks import task

from articles.services import publish_due


@task()
def publish_scheduled() -> dict[str, int]:
    """The task form of `manage.py publish_scheduled`, for a worker or a periodic enqueue."""
    report = publish_due()
    return {"published": len(report.published), "expired": len(report.expired),
            "failed": len(report.failed)}
