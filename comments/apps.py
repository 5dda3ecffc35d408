from django.apps import AppConfig


class CommentsConfig(AppConfig):
    name = "comments"
    verbose_name = "Reader comments"

    def ready(self) -> None:
        from articles import pagecache
        from comments.readers import AUTHOR_COOKIE, HELD_COOKIE

        # A reader with held comments or remembered details sees their own page.
        pagecache.register_private_cookies(HELD_COOKIE, AUTHOR_COOKIE)
