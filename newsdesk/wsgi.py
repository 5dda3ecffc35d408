"""WSGI entry point: `gunicorn newsdesk.wsgi`."""
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsdesk.settings")

django_application = get_wsgi_application()

# Imported once Django is set up: it reads settings and the cache.
from articles.pagecache.wsgi import serve_cached_pages  # noqa: E402

application = serve_cached_pages(django_application)
