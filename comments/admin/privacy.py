"""The queue's two privacy actions: export, or erase, everything about the selected
comments' authors (matched by email address, whatever its case)."""
from __future__ import annotations

import json

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Count, QuerySet
from django.db.models.functions import Lower
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone

from comments.admin.operations import n_comments
from comments.models import Comment
from comments.services.privacy import commenter_erase, commenter_export


def commenter_emails(queryset: QuerySet[Comment]) -> list[str]:
    """The selected comments' authors' emails, once each whatever their case."""
    emails: dict[str, str] = {}
    for email in queryset.order_by().values_list("author_email", flat=True):
        emails.setdefault(email.strip().lower(), email.strip())
    return sorted(emails.values(), key=str.lower)


@admin.action(description="Export everything about these commenters (JSON)",
              permissions=["moderate"])
def export_commenters(model_admin: admin.ModelAdmin, request: HttpRequest,
                      queryset: QuerySet[Comment]) -> HttpResponse:
    now = timezone.now()
    data = {
        "exported_at": now.isoformat(),
        "commenters": [commenter_export(email) for email in commenter_emails(queryset)],
    }
    response = HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="commenters-{timezone.localtime(now):%Y%m%d-%H%M}.json"')
    return response


@admin.action(description="Erase everything about these commenters…",
              permissions=["moderate"])
def erase_commenters(model_admin: admin.ModelAdmin, request: HttpRequest,
                     queryset: QuerySet[Comment]) -> HttpResponse | None:
    """Asks first (a page listing each address and its comments), erases once confirmed."""
    emails = commenter_emails(queryset)
    if request.POST.get("confirm") == "yes":
        erased = sum(commenter_erase(email, by=request.user) for email in emails)
        people = f"{len(emails)} commenter{'s' if len(emails) != 1 else ''}"
        model_admin.message_user(request, f"Erased {n_comments(erased)} by {people}, with "
                                          f"their IP addresses and history. Replies by other "
                                          f"people were kept.", messages.SUCCESS)
        return None
    counts = dict(Comment.objects.annotate(email=Lower("author_email"))
                  .filter(email__in=[e.lower() for e in emails]).order_by()
                  .values_list("email").annotate(n=Count("pk")))
    context = {
        **model_admin.admin_site.each_context(request),
        "title": "Erase everything about these commenters?",
        "opts": model_admin.opts,
        "commenters": [{"email": e, "count": counts.get(e.lower(), 0)} for e in emails],
        "total": sum(counts.values()),
        "selected": list(queryset.order_by().values_list("pk", flat=True)),
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
    }
    return TemplateResponse(request, "admin/comments/comment/erase_commenters.html", context)
