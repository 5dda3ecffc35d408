"""The moderators' side of the admin: the comment queue, one comment's page, site rules and
story options.

Moderators judge what readers wrote; they never edit it. Every state change, delete, new
check and reply goes through comments.services, so the history and Akismet feedback are the
same whichever button was pressed.

Where things live:

- `queue`: `CommentAdmin`, the moderation queue (the list, its summary, its bulk actions).
- `comment_page`: one comment's page, its moderation buttons and the reply form (the base
  `CommentAdmin` builds on).
- `filters`: the queue's side filters (state, story, why).
- `operations`: what a button or an action does, and the messages saying so.
- `privacy`: the queue's export and erase actions for commenters' data.
- `stories`: how the comment pages name and link the story a comment is on.
- `options`: per-story comment settings.
- `rules`: the site's spam rules and their form.
- `outages`: the read-only log of Akismet outages.

Importing this package registers every admin above.
"""
from __future__ import annotations

from comments.admin import options, outages, queue, rules  # noqa: F401  (registers them)
