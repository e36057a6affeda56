"""WSGI entry point for `fudao serve` and any WSGI server."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fudao.settings")
application = get_wsgi_application()
