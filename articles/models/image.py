from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models


class Image(models.Model):
    """A picture in the media library, referenced by story versions as their lead image."""

    title = models.CharField(max_length=200, help_text="For finding the image in the library.")
    file = models.ImageField(
        upload_to="images/%Y/%m/", width_field="width", height_field="height"
    )
    width = models.PositiveIntegerField(editable=False, default=0)
    height = models.PositiveIntegerField(editable=False, default=0)
    alt_text = models.CharField(
        max_length=300,
        blank=True,
        help_text="What the picture shows, for readers who cannot see it. Required unless "
        "the image is decorative.",
    )
    is_decorative = models.BooleanField(
        default=False, help_text="Tick only if the picture adds nothing a reader would miss."
    )
    caption = models.CharField(max_length=300, blank=True)
    credit = models.CharField(max_length=200, blank=True, help_text="Photographer or source.")
    uploaded_at = models.DateTimeField(auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-uploaded_at"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(alt_text="") | models.Q(is_decorative=True),
                name="image_alt_text_or_decorative",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if not self.alt_text.strip() and not self.is_decorative:
            raise ValidationError(
                {"alt_text": "Describe the picture, or mark it as decorative."}
            )
