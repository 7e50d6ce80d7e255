import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "refugeeguide.settings")

application = get_wsgi_application()


def _warm_up():
    """Import every view and build each language's URL map while the worker starts, so the
    first visitor a new worker serves (after a deploy, or gunicorn's `max_requests` restart)
    does not pay for it: about half a second of CPU per worker."""
    from django.conf import settings
    from django.urls import get_resolver, reverse
    from django.utils import translation

    get_resolver().url_patterns  # noqa: B018 (imports the URLconf and its views)
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            reverse("procedures:journey")


_warm_up()
