"""Everything that writes comments, by capability:

- ``submitting``: what happens when a comment is posted, step by step (start there);
- ``pipeline``: judging a saved comment (site rules, Akismet and its outages, the
  moderation policy, the periodic recheck), and the `judge_comment` task;
- ``moderation``: moderators' verdicts, Akismet feedback, checking again, deleting,
  replying as staff, and the `send_akismet_feedback` task;
- ``upkeep``: the periodic work (the `process_comments` task): retries, the moderators'
  digest, the purge; and the moderation queue's figures;
- ``options``: whether a story takes comments, and its comment settings;
- ``privacy``: a commenter's data, exported or erased;
- ``rules``: the site's own spam rules;
- ``history``: a comment's history lines and its one way of changing state.

A comment is saved before it is judged and every stage writes its verdict to the comment's
history, so whatever fails later (Akismet, mail, a bug) never loses what a reader wrote.

Callers import each function from its module; this package re-exports nothing.
"""
