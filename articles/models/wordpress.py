"""What came over from a WordPress site, keyed by the site and WordPress's own ids."""
from __future__ import annotations

from django.db import models
from django.utils import timezone

from articles.models.article import Article


class WordPressPost(models.Model):
    """A post (or page) imported from WordPress: a second import finds it here instead of
    making it again, and its old address answers with a redirect to the story."""

    site = models.CharField(max_length=200, help_text="The WordPress site's address.")
    wp_id = models.PositiveBigIntegerField(help_text="The post's id on that site.")
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="wordpress_posts")
    old_path = models.CharField(
        max_length=1000, blank=True, db_index=True,
        help_text="The path of the post's old address (its permalink), without the host.")
    imported_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "post imported from WordPress"
        verbose_name_plural = "posts imported from WordPress"
        constraints = [models.UniqueConstraint(fields=["site", "wp_id"],
                                               name="wordpress_post_once_per_site")]

    def __str__(self) -> str:
        return f"{self.site} post {self.wp_id}"


class WordPressMedia(models.Model):
    """A file from the site's uploads folder, brought into the media library once."""

    site = models.CharField(max_length=200, help_text="The WordPress site's address.")
    path = models.CharField(max_length=500, help_text="Its path under wp-content/uploads/.")
    image = models.ForeignKey("articles.Image", on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = "picture imported from WordPress"
        verbose_name_plural = "pictures imported from WordPress"
        constraints = [models.UniqueConstraint(fields=["site", "path"],
                                               name="wordpress_media_once_per_site")]

    def __str__(self) -> str:
        return f"{self.site} {self.path}"
