"""The site's URLs plus uploaded media, which the live server does not serve by itself with
DEBUG off (in production a bucket or the web server does)."""
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import re_path
from django.views.static import serve

from newsdesk.urls import urlpatterns as site_urlpatterns


def media(request: HttpRequest, path: str) -> Any:
    # Each test has its own MEDIA_ROOT, so it is read per request.
    response: HttpResponse = serve(request, path, document_root=settings.MEDIA_ROOT)
    return response


urlpatterns = [
    re_path(rf"^{settings.MEDIA_URL.lstrip('/')}(?P<path>.*)$", media),
    *site_urlpatterns,
]
