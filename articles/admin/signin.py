"""The sign-in log (django-axes' attempts) in the admin, put right for the newsroom: newest
first, and its clean-up action working outside the sign-in pages."""
from __future__ import annotations

from axes.admin import AccessAttemptAdmin
from axes.handlers.proxy import AxesProxyHandler
from axes.models import AccessAttempt
from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest


# django-axes registers its own admin unless AXES_ENABLE_ADMIN is off; then there is
# nothing to put right.
if admin.site.is_registered(AccessAttempt):
    admin.site.unregister(AccessAttempt)

    @admin.register(AccessAttempt)
    class SignInAttemptAdmin(AccessAttemptAdmin):
        ordering = ["-attempt_time"]  # newest first, and a stable order to page through

        @admin.action(description="Clean up expired attempts")
        def cleanup_expired_attempts(self, request: HttpRequest,
                                     queryset: QuerySet[AccessAttempt]) -> None:
            # django-axes reads the time of "now" from the request, which its middleware sets
            # only on sign-in pages: its own action fails with AttributeError here.
            AxesProxyHandler.update_request(request)
            super().cleanup_expired_attempts(request, queryset)
