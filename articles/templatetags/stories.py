from __future__ import annotations

import json
from typing import Any

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

# The same escapes as Django's json_script, so no value can close the <script> element.
_JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.filter
def jsonld(data: Any) -> SafeString:
    """Render `data` as the body of a `<script type="application/ld+json">` element."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    return mark_safe(text.translate(_JSON_ESCAPES))


@register.simple_tag
def story_part(story: Any, name: str) -> SafeString:
    """One part ("head", "main" or "aside") of a `StoryPage`: ``{% story_part story "main" %}``."""
    return story.part(name)
