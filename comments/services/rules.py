"""The site's own spam rules (blocked words, addresses, held words), which the pipeline
reads before it asks Akismet. A rule applies to comments judged after it is saved."""
from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import QuerySet

from comments.models import SpamRule


@transaction.atomic
def spam_rule_save(rule: SpamRule, *, by: Any) -> SpamRule:
    """Save a new or changed rule (the admin's form checked its value)."""
    rule.save()
    return rule


@transaction.atomic
def spam_rules_delete(rules: QuerySet[SpamRule], *, by: Any) -> int:
    """Delete `rules`; returns how many went."""
    deleted, _ = rules.delete()
    return deleted
