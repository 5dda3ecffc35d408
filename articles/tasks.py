"""Where the task worker used to find the articles tasks: queued rows name them by these
paths (``articles.tasks.make_renditions``...). Each task now lives beside the service it
runs; these names only keep rows queued before that move runnable. Remove this module once
no queued or running task row names ``articles.tasks`` (after a release whose queue was
drained: ``DBTaskResult.objects.filter(task_path__startswith="articles.tasks.")`` is empty).
"""
from __future__ import annotations

from articles.pagecache.cdn import purge_cdn  # noqa: F401
from articles.services.publishing import publish_scheduled  # noqa: F401
from articles.services.renditions import make_renditions  # noqa: F401
