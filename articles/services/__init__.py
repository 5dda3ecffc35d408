"""Domain operations on stories, shows, sections and pictures: admin, views, commands,
tasks and tests all call these. Each capability has one module:

- ``permissions``: who may do what
- ``stories``: writing a story and saving versions
- ``publishing``: publish, schedule, unpublish, restore, review; the publishing log
- ``sections``: the sections menu
- ``images``: the picture library
- ``renditions``: resized copies of pictures (a task)
- ``shows``: shows, their spellings and merges, the tracker
"""
from __future__ import annotations

from articles.people import display_name  # noqa: F401
from articles.services.permissions import (  # noqa: F401
    PUBLISH_PERMISSION,
    EDIT_ANY_PERMISSION,
    can_edit,
    require_permission,
)
from articles.services.stories import (  # noqa: F401
    StaleVersionError,
    article_lock,
    article_create,
    version_create,
    WORDS_FIELDS,
    CONTENT_FIELDS,
)
from articles.services.publishing import (  # noqa: F401
    Action,
    PublishReport,
    article_publish,
    version_schedule,
    version_unschedule,
    article_unpublish,
    article_republish,
    version_restore,
    article_submit_for_review,
    publish_due,
)
from articles.services.sections import (  # noqa: F401
    section_create,
    section_save,
    section_delete,
)
from articles.services.images import (  # noqa: F401
    IMAGE_FIELDS,
    ImageInUse,
    ImageUsage,
    image_usage,
    image_create,
    can_edit_image,
    image_update,
    image_delete,
    PASTED_PICTURE,
    check_image_ready,
    check_body_images,
)
from articles.services.renditions import (  # noqa: F401
    RENDITION_WAIT_SECONDS,
    renditions_make_later,
    image_renditions_ensure,
    RENDITION_FORMATS,
    delete_files,
)
from articles.services.shows import (  # noqa: F401
    SHOW_FIELDS,
    TRACKER_FIELDS,
    show_slug_for,
    tracker_report,
    tracker_for,
    tracker_report_apply,
    refuse_lookalike_name,
    check_show_name_free,
    show_reindex,
    show_create,
    show_update,
    show_alias_add,
    show_alias_remove,
    show_alias_rename,
    show_merge,
)
