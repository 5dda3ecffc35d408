"""The site's spam rules: blocked words, IP addresses and email addresses, and held words."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.core.validators import validate_email, validate_ipv46_address
from django.db.models import QuerySet
from django.http import HttpRequest

from comments.models import SpamRule
from comments.services.rules import spam_rule_save, spam_rules_delete


class SpamRuleForm(forms.ModelForm):
    """Checks that an IP or email rule names an IP address, an email address or an @domain."""

    class Meta:
        model = SpamRule
        fields = ["kind", "value", "note"]
        help_texts = {
            "value": "A word or phrase (matched anywhere in the name, website and text, "
                     "ignoring case), an IP address, or an email address or @domain.",
        }

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        kind, value = cleaned.get("kind"), (cleaned.get("value") or "").strip()
        checks: dict[str, tuple[Callable[[str], None], str]] = {
            SpamRule.Kind.BLOCK_IP: (validate_ipv46_address,
                                     "Enter an IP address such as 203.0.113.7."),
            SpamRule.Kind.BLOCK_EMAIL: (
                lambda v: validate_email(f"someone{v}" if v.startswith("@") else v),
                "Enter an email address (rosa@example.org) or a domain starting with @ "
                "(@example.org)."),
        }
        if kind in checks and value:
            check, message = checks[kind]
            try:
                check(value)
            except ValidationError:
                self.add_error("value", message)
        return cleaned


@admin.register(SpamRule)
class SpamRuleAdmin(admin.ModelAdmin):
    form = SpamRuleForm
    list_display = ["value", "kind", "note", "created_at"]
    list_filter = ["kind"]
    search_fields = ["value", "note"]

    def save_model(self, request: HttpRequest, obj: SpamRule, form: Any, change: bool) -> None:
        spam_rule_save(obj, by=request.user)

    def delete_model(self, request: HttpRequest, obj: SpamRule) -> None:
        spam_rules_delete(SpamRule.objects.filter(pk=obj.pk), by=request.user)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[SpamRule]) -> None:
        spam_rules_delete(queryset, by=request.user)
