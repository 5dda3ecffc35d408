"""Who may do what: every admin page, button and bulk action, and the reader pages that must
stay hidden, for each role.

`table.py` is the spec: one row per page or action, one letter per role. It follows the
README's roles and the groups the migrations make: Writers write and edit their own stories
and upload pictures; Editors do that on any story, publish, keep the publishing log, manage
shows and sections, and moderate; Moderators work the comments and nothing else; only a
superuser manages accounts, topics and the sign-in log. The list of admin pages and actions
is not typed there: `site.py` reads it from the admin's URLs and registered actions, so a new
page or action that nobody put in the table fails as "not in the matrix".

Each cell is one test (`test_matrix.py`): it sends the GET a person's browser would and,
where the page changes something, the POST its form would (`pages.py`, `reader_pages.py`),
then checks what that person would see and what the database holds (`checks.py`). The
records the rows act on (`world.py`) are made once per module and every cell runs in a
transaction rolled back after it, so each starts from the same database.
"""
