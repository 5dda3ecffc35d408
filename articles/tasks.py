from __future__ import annotations

from django_tasks import task

from articles import pagecache
from articles.models import Image
from articles.services import image_renditions_ensure, publish_due


@task()
def publish_scheduled() -> dict[str, int]:
    """The task form of `manage.py publish_scheduled`, for a worker or a periodic enqueue."""
    report = publish_due()
    return {"published": len(report.published), "expired": len(report.expired),
            "failed": len(report.failed)}


@task()
def make_renditions(image_id: int) -> int:
    """Make every rendition of a newly uploaded (or re-focused) picture. Returns how many
    the picture has; a picture deleted meanwhile has none."""
    image = Image.objects.filter(pk=image_id).first()
    if image is None:
        return 0
    return len(image_renditions_ensure(image).renditions)


@task()
def purge_cdn(keys: list[str]) -> int:
    """Pass a purge on to the CDN in front (see pagecache.cdn_purge); returns how many keys."""
    pagecache.cdn_purge(keys)
    return len(keys)
