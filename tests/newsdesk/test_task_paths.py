"""Tasks queued before they moved beside their services still run: a queued row names its
task by dotted path, and the worker imports that path."""
from __future__ import annotations

import pytest
from django.utils.module_loading import import_string
from django_tasks.base import Task

from articles.pagecache.cdn import purge_cdn
from articles.services.publishing import publish_scheduled
from articles.services.renditions import make_renditions
from comments.services.moderation import send_akismet_feedback
from comments.services.pipeline import judge_comment
from comments.services.upkeep import process_comments


@pytest.mark.parametrize(("old_path", "task"), [
    ("articles.tasks.publish_scheduled", publish_scheduled),
    ("articles.tasks.make_renditions", make_renditions),
    ("articles.tasks.purge_cdn", purge_cdn),
    ("comments.tasks.judge_comment", judge_comment),
    ("comments.tasks.send_akismet_feedback", send_akismet_feedback),
    ("comments.tasks.process_comments", process_comments),
])
def test_a_task_queued_under_its_old_path_finds_the_same_task(old_path, task):
    found = import_string(old_path)
    assert isinstance(found, Task)
    assert found is task
    assert found.module_path != old_path  # new rows name the task's new home
