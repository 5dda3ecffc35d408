"""The spec: who may use each admin page, button and bulk action, and which reader pages
nobody may see. One row per page or action, one letter per role (the legend is above the
table). A test checks that the rows name exactly the pages and actions the site has
(`site.py` reads those from the admin), so a new one fails until someone decides its row.
"""
from __future__ import annotations

ROLES = ["anonymous", "writer", "other_writer", "editor", "moderator", "superuser"]

# Y  may: the page answers and, where it changes something, the change happens.
# R  may look, not change: the page answers; its POST is refused and changes nothing.
# N  refused: 403, "not found", or the action is not offered; a POST changes nothing.
#    On reader pages: nobody, staff included, sees it (staff preview in the admin).
# L  sent to the admin's sign-in page; a POST changes nothing.
#
# "writer" is the author of the story and the uploader of the picture the row acts on;
# "other" is another writer. Comments' admin rows act on a comment on the writer's story.
MATRIX_TABLE = """
                                        anon  writer other editor moder super
# the admin's own pages
index                                     L     Y     Y     Y     Y     Y
login                                     Y     Y     Y     Y     Y     Y
logout                                    L     Y     Y     Y     Y     Y
password-change                           L     Y     Y     Y     Y     Y
password-change-done                      L     Y     Y     Y     Y     Y
jsi18n                                    L     Y     Y     Y     Y     Y
view-on-site                              L     Y     Y     Y     Y     Y
app-list-auth                             L     N     N     N     N     Y
app-list-taggit                           L     N     N     N     N     Y
app-list-axes                             L     N     N     N     N     Y
app-list-articles                         L     Y     Y     Y     N     Y
app-list-comments                         L     N     N     Y     Y     Y
# pickers in forms (the autocomplete searches one kind of record)
autocomplete-auth.user                    L     N     N     N     N     Y
autocomplete-auth.group                   L     N     N     N     N     Y
autocomplete-taggit.tag                   L     N     N     N     N     Y
autocomplete-axes.accessattempt           L     N     N     N     N     Y
autocomplete-articles.article             L     Y     Y     Y     N     Y
autocomplete-articles.section             L     Y     Y     Y     N     Y
autocomplete-articles.image               L     Y     Y     Y     N     Y
autocomplete-articles.show                L     Y     Y     Y     N     Y
autocomplete-comments.comment             L     N     N     Y     Y     Y
# stories
article-changelist                        L     Y     Y     Y     N     Y
article-add                               L     Y     Y     Y     N     Y
article-change                            L     Y     R     Y     N     Y
article-history                           L     Y     Y     Y     N     Y
article-delete                            L     N     N     N     N     N
article-compare                           L     Y     Y     Y     N     Y
article-preview                           L     Y     Y     Y     N     Y
article-restore                           L     Y     N     Y     N     Y
article-publish                           L     N     N     Y     N     Y
article-unschedule                        L     N     N     Y     N     Y
article-unpublish                         L     N     N     Y     N     Y
article-republish                         L     N     N     Y     N     Y
article-action-delete_selected            L     N     N     N     N     N
story-button-review                       L     Y     N     Y     N     Y
story-button-publish                      L     N     N     Y     N     Y
story-button-schedule                     L     N     N     Y     N     Y
# the publishing log and the writers' queue
publicationevent-changelist               L     N     N     Y     N     Y
publicationevent-add                      L     N     N     N     N     N
publicationevent-change                   L     N     N     R     N     R
publicationevent-history                  L     N     N     Y     N     Y
publicationevent-delete                   L     N     N     N     N     N
publicationevent-action-delete_selected   L     N     N     N     N     N
storytoupdate-changelist                  L     Y     Y     Y     N     Y
storytoupdate-add                         L     N     N     N     N     N
storytoupdate-change                      L     R     N     R     N     R
storytoupdate-history                     L     Y     N     Y     N     Y
storytoupdate-delete                      L     N     N     N     N     N
storytoupdate-action-delete_selected      L     N     N     N     N     N
# sections
section-changelist                        L     R     R     Y     N     Y
section-add                               L     N     N     Y     N     Y
section-change                            L     R     R     Y     N     Y
section-history                           L     Y     Y     Y     N     Y
section-delete                            L     N     N     N     N     Y
section-action-delete_selected            L     N     N     N     N     Y
# the media library
image-changelist                          L     Y     Y     Y     N     Y
image-add                                 L     Y     Y     Y     N     Y
image-upload                              L     Y     Y     Y     N     Y
image-describe                            L     Y     R     Y     N     Y
image-change                              L     Y     R     Y     N     Y
image-history                             L     Y     Y     Y     N     Y
image-delete                              L     N     N     Y     N     Y
image-action-delete_selected              L     N     N     N     N     N
image-action-delete_pictures              L     N     N     Y     N     Y
# shows
show-changelist                           L     Y     Y     Y     N     Y
show-add                                  L     N     N     Y     N     Y
show-change                               L     R     R     Y     N     Y
show-history                              L     Y     Y     Y     N     Y
show-delete                               L     N     N     Y     N     Y
show-action-delete_selected               L     N     N     N     N     N
show-action-merge_shows                   L     N     N     Y     N     Y
# comments
comment-changelist                        L     N     N     Y     Y     Y
comment-add                               L     N     N     N     N     N
comment-change                            L     N     N     R     R     R
comment-history                           L     N     N     Y     Y     Y
comment-delete                            L     N     N     N     N     N
comment-moderate                          L     N     N     Y     Y     Y
comment-reply                             L     N     N     Y     Y     Y
comment-action-delete_selected            L     N     N     N     N     N
comment-action-approve                    L     N     N     Y     Y     Y
comment-action-unapprove                  L     N     N     Y     Y     Y
comment-action-mark_spam                  L     N     N     Y     Y     Y
comment-action-mark_not_spam              L     N     N     Y     Y     Y
comment-action-trash                      L     N     N     Y     Y     Y
comment-action-restore                    L     N     N     Y     Y     Y
comment-action-check_again                L     N     N     Y     Y     Y
comment-action-delete_permanently         L     N     N     Y     Y     Y
comment-action-export_commenters          L     N     N     Y     Y     Y
comment-action-erase_commenters           L     N     N     Y     Y     Y
spamrule-changelist                       L     N     N     Y     Y     Y
spamrule-add                              L     N     N     Y     Y     Y
spamrule-change                           L     N     N     Y     Y     Y
spamrule-history                          L     N     N     Y     Y     Y
spamrule-delete                           L     N     N     Y     Y     Y
spamrule-action-delete_selected           L     N     N     Y     Y     Y
storycommentoptions-changelist            L     N     N     Y     Y     Y
storycommentoptions-add                   L     N     N     Y     Y     Y
storycommentoptions-change                L     N     N     Y     Y     Y
storycommentoptions-history               L     N     N     Y     Y     Y
storycommentoptions-delete                L     N     N     N     N     Y
storycommentoptions-action-delete_selected L    N     N     N     N     Y
akismetoutage-changelist                  L     N     N     Y     Y     Y
akismetoutage-add                         L     N     N     N     N     N
akismetoutage-change                      L     N     N     R     R     R
akismetoutage-history                     L     N     N     Y     Y     Y
akismetoutage-delete                      L     N     N     N     N     N
akismetoutage-action-delete_selected      L     N     N     N     N     N
# accounts, topics and the sign-in log: the superuser's
group-changelist                          L     N     N     N     N     Y
group-add                                 L     N     N     N     N     Y
group-change                              L     N     N     N     N     Y
group-history                             L     N     N     N     N     Y
group-delete                              L     N     N     N     N     Y
group-action-delete_selected              L     N     N     N     N     Y
user-changelist                           L     N     N     N     N     Y
user-add                                  L     N     N     N     N     Y
user-change                               L     N     N     N     N     Y
user-password-change                      L     N     N     N     N     Y
user-history                              L     N     N     N     N     Y
user-delete                               L     N     N     N     N     Y
user-action-delete_selected               L     N     N     N     N     Y
tag-changelist                            L     N     N     N     N     Y
tag-add                                   L     N     N     N     N     Y
tag-change                                L     N     N     N     N     Y
tag-history                               L     N     N     N     N     Y
tag-delete                                L     N     N     N     N     Y
tag-merge-tags                            L     N     N     N     N     Y
tag-action-delete_selected                L     N     N     N     N     Y
tag-action-render_tag_form                L     N     N     N     N     Y
accessattempt-changelist                  L     N     N     N     N     Y
accessattempt-add                         L     N     N     N     N     N
accessattempt-change                      L     N     N     N     N     Y
accessattempt-history                     L     N     N     N     N     Y
accessattempt-delete                      L     N     N     N     N     Y
accessattempt-action-delete_selected      L     N     N     N     N     Y
accessattempt-action-cleanup_expired_attempts L N     N     N     N     Y
accesslog-changelist                      L     N     N     N     N     Y
accesslog-add                             L     N     N     N     N     N
accesslog-change                          L     N     N     N     N     Y
accesslog-history                         L     N     N     N     N     Y
accesslog-delete                          L     N     N     N     N     Y
accesslog-action-delete_selected          L     N     N     N     N     Y
accessfailurelog-changelist               L     N     N     N     N     Y
accessfailurelog-add                      L     N     N     N     N     N
accessfailurelog-change                   L     N     N     N     N     Y
accessfailurelog-history                  L     N     N     N     N     Y
accessfailurelog-delete                   L     N     N     N     N     Y
accessfailurelog-action-delete_selected   L     N     N     N     N     Y
# reader pages that only exist once a story is live
reader-draft-story                        N     N     N     N     N     N
reader-draft-story-updates                N     N     N     N     N     N
reader-draft-story-version                N     N     N     N     N     N
reader-draft-story-changes                N     N     N     N     N     N
reader-unpublished-version                N     N     N     N     N     N
reader-scheduled-story                    N     N     N     N     N     N
reader-taken-down-story                   N     N     N     N     N     N
reader-author-without-live-stories        N     N     N     N     N     N
reader-held-comment                       N     N     N     N     N     N
reader-draft-in-search                    N     N     N     N     N     N
reader-draft-in-feed                      N     N     N     N     N     N
"""

# Reader pages anyone may see: their content is live stories only, which the reader-page
# tests cover. Every other reader address must have a row above.
PUBLIC_READER_PAGES = {
    "articles:home", "articles:favicon", "articles:healthz", "articles:robots",
    "articles:sitemap", "articles:sitemap_section", "articles:news_sitemap", "articles:feed_atom",
    "articles:section",
    "articles:section_feed", "articles:section_feed_atom", "articles:shows", "articles:show",
    "articles:show_feed", "articles:show_feed_atom", "articles:topic", "articles:archive",
    "articles:archive_month", "comments:privacy",
    # Posting a comment is open to everyone; its own tests cover who sees what it makes.
    "comments:post",
}


def parse_table(text: str) -> dict[str, dict[str, str]]:
    """Each row's letters by role: {"index": {"anonymous": "L", "writer": "Y", ...}}."""
    rows: dict[str, dict[str, str]] = {}
    for line in text.strip().splitlines()[1:]:
        if not line.strip() or line.startswith("#"):
            continue
        key, *letters = line.split()
        assert len(letters) == len(ROLES) and set(letters) <= set("YRNL"), line
        assert key not in rows, f"{key} is in the matrix twice"
        rows[key] = dict(zip(ROLES, letters))
    return rows


MATRIX = parse_table(MATRIX_TABLE)

