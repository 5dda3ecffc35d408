"""The newsroom's admin. Importing this package registers every articles admin with
`admin.site`; each module has one job:

- ``stories``: the story list and change form (saving versions, the publish buttons)
- ``story_views``: the pages beside a story's form: history, compare, preview, restore,
  publish, unschedule, unpublish, republish
- ``images``: the media library (list, one picture's page, deleting)
- ``image_uploads``: uploading several pictures, then describing them on one page
- ``thumbnails``: picture previews, and the pictures a story body can place
- ``shows``: shows, their other spellings and tracker history, merging
- ``sections``: the sections menu
- ``topics``: topics (taggit's tags)
- ``log``: what the system records: the publishing log, the stories-to-update queue
- ``signin``: the sign-in log (django-axes)
- ``base``: shared pieces: a service's refusal back on the form, `ReadOnlyAdmin`
"""
from __future__ import annotations

from articles.admin import (  # noqa: F401  (imported to register them)
    images,
    log,
    sections,
    shows,
    signin,
    stories,
    topics,
)
from articles.admin.base import ReadOnlyAdmin  # noqa: F401  (comments.admin builds on it)
