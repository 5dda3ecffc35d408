"""Responsive pictures from the media library: `{% picture image "lead" %}` and story bodies
whose [image N] paragraphs become figures."""
from __future__ import annotations

import html
import re

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from articles.models import Image
from articles.models.image import BODY_IMAGE
from articles.pictures import picture_context

register = template.Library()


@register.simple_tag
def picture(image: Image, use: str, css_class: str = "") -> SafeString:
    """A <picture> with WebP and JPEG srcsets for one of USES ("lead", "teaser", …)."""
    context = picture_context(image, use)
    if context is None:
        return mark_safe("")
    return render_to_string("includes/picture.html", {**context, "css_class": css_class})


@register.filter
def with_pictures(body: str, images: dict[int, Image] | None) -> SafeString:
    """Turn each [image N] paragraph of a clean story body into a figure.

    `images` maps id to Image for the pictures this body places (the view fetched them in
    one query). A picture missing from it (deleted from a test database, say) is dropped
    rather than shown as a broken token.
    """
    images = images or {}

    def figure(match: re.Match[str]) -> str:
        image = images.get(int(match["id"]))
        if image is None:
            return ""
        rendered = picture(image, "body")
        if not rendered:
            return ""
        # A caption typed in the token is text of the cleaned HTML body ("&amp;"); the
        # template escapes it again, so it goes in as the writer typed it.
        caption = (html.unescape(match["caption"]) if match["caption"] is not None
                   else image.caption)
        return render_to_string("includes/body_figure.html", {
            "picture": rendered, "caption": caption, "credit": image.credit,
        })

    # The body was cleaned by the story sanitizer on save; only the tokens change here.
    return mark_safe(BODY_IMAGE.sub(figure, body))  # noqa: S308
