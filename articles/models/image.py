from __future__ import annotations

import re
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Func, IntegerField, OuterRef, Q, Subquery

# How a writer places a library picture in a story body: a paragraph of its own holding
# "[image 12]", or "[image 12: a caption for this use]" to replace the library caption.
BODY_IMAGE_TOKEN = re.compile(
    r"\[image\s+(?P<id>\d{1,10})\s*(?::\s*(?P<caption>[^\]<]*?)\s*)?\]", re.IGNORECASE)
BODY_IMAGE = re.compile(r"<p>\s*" + BODY_IMAGE_TOKEN.pattern + r"\s*</p>", re.IGNORECASE)


def body_image_ids(body: str) -> list[int]:
    """The library images a story body places, in order of first use."""
    return list(dict.fromkeys(int(match["id"]) for match in BODY_IMAGE.finditer(body)))


def body_has_stray_image_tokens(body: str) -> bool:
    """True if an [image N] sits inside other text, where it cannot become a picture."""
    return len(BODY_IMAGE_TOKEN.findall(body)) != len(BODY_IMAGE.findall(body))


class ImageQuerySet(models.QuerySet["Image"]):
    def described(self) -> ImageQuerySet:
        """Images ready to use: with alt text, or marked decorative."""
        return self.filter(Q(is_decorative=True) | ~Q(alt_text=""))

    def needing_description(self) -> ImageQuerySet:
        return self.filter(is_decorative=False, alt_text="")

    def for_library(self) -> ImageQuerySet:
        return self.select_related("uploaded_by")

    def with_usage_counts(self) -> ImageQuerySet:
        """Annotate `used_count`: the stories (any version, lead or body) and shows using
        each picture, as correlated subqueries, so a list never asks once per picture."""
        from articles.models.show import Show
        from articles.models.version import ArticleVersion

        stories = (ArticleVersion.objects
                   .filter(Q(lead_image=OuterRef("pk")) | Q(body_image_links__image=OuterRef("pk")))
                   .order_by()
                   .annotate(n=Func(F("article"), template="COUNT(DISTINCT %(expressions)s)",
                                    output_field=IntegerField()))
                   .values("n"))
        shows = (Show.objects.filter(poster=OuterRef("pk")).order_by()
                 .annotate(n=Func(F("pk"), function="COUNT", output_field=IntegerField()))
                 .values("n"))
        return self.annotate(used_count=Subquery(stories, output_field=IntegerField())
                             + Subquery(shows, output_field=IntegerField()))


def _fraction_validators() -> list[Any]:
    return [MinValueValidator(0.0), MaxValueValidator(1.0)]


class Image(models.Model):
    """A picture in the media library: lead images, pictures in story bodies, show posters.

    The original file is kept as uploaded. Renditions (sizes and crops for pages) are
    listed in `renditions`, so a page finds them without a query or a look at the file.
    """

    title = models.CharField(max_length=200, help_text="For finding the image in the library.")
    file = models.FileField(upload_to="images/%Y/%m/", max_length=255)
    width = models.PositiveIntegerField(editable=False, default=0,
                                        help_text="As displayed, after the camera's rotation.")
    height = models.PositiveIntegerField(editable=False, default=0)
    format = models.CharField(max_length=8, editable=False, blank=True)
    file_size = models.PositiveBigIntegerField(editable=False, default=0)
    alt_text = models.CharField(
        max_length=300,
        blank=True,
        help_text="What the picture shows, for readers who cannot see it. Required unless "
        "the image is decorative.",
    )
    is_decorative = models.BooleanField(
        "decorative", default=False, help_text="Tick only if the picture adds nothing a reader would miss."
    )
    caption = models.CharField(max_length=300, blank=True)
    credit = models.CharField(max_length=200, blank=True, help_text="Photographer or source.")
    focal_x = models.FloatField(
        default=0.5, validators=_fraction_validators(),
        help_text="Where the subject is, from the left edge (0) to the right (1). Crops keep it.",
    )
    focal_y = models.FloatField(
        default=0.5, validators=_fraction_validators(),
        help_text="Where the subject is, from the top (0) to the bottom (1).",
    )
    # "<crop>-<width>.<format>" -> {"name": storage name, "width": px, "height": px}
    renditions = models.JSONField(default=dict, editable=False, blank=True)
    uploaded_at = models.DateTimeField(auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ImageQuerySet.as_manager()

    class Meta:
        ordering = ["-uploaded_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(focal_x__gte=0, focal_x__lte=1, focal_y__gte=0, focal_y__lte=1),
                name="image_focal_point_inside",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def is_described(self) -> bool:
        """Mirrors ImageQuerySet.described()."""
        return self.is_decorative or bool(self.alt_text.strip())

    @property
    def alt(self) -> str:
        """The alt attribute: empty for a decorative picture, so screen readers skip it."""
        return "" if self.is_decorative else self.alt_text

    @property
    def focal_point(self) -> tuple[float, float]:
        return (self.focal_x, self.focal_y)

    def rendition(self, crop: str, width: int, fmt: str) -> dict[str, Any] | None:
        return self.renditions.get(f"{crop}-{width}.{fmt}")

    def renditions_of(self, crop: str, fmt: str) -> list[dict[str, Any]]:
        """The stored renditions of one crop in one format, narrowest first."""
        prefix, suffix = f"{crop}-", f".{fmt}"
        found = [value for key, value in self.renditions.items()
                 if key.startswith(prefix) and key.endswith(suffix)]
        return sorted(found, key=lambda rendition: rendition["width"])

    def clean(self) -> None:
        if not self.is_described():
            raise ValidationError(
                {"alt_text": "Describe the picture, or mark it as decorative."}
            )


class BodyImage(models.Model):
    """A library picture placed in a story version's body with [image N].

    Kept so the library can say where each picture is used, and so a picture that a
    saved version shows can never be deleted from under it.
    """

    version = models.ForeignKey("articles.ArticleVersion", on_delete=models.CASCADE,
                                related_name="body_image_links")
    image = models.ForeignKey(Image, on_delete=models.PROTECT, related_name="body_of")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["version", "image"], name="body_image_once_per_version"),
        ]
