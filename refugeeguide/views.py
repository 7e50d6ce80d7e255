from django.conf import settings
from django.db import DatabaseError, connection
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.decorators import method_decorator
from django.views import defaults
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe

from .cache import public_page


class PublicPageMixin:
    """For the read-only public pages.

    They take no form posts, so a POST, PUT or DELETE is answered 405 in the site's layout
    (and not 403 for a missing CSRF token, which would tell the visitor nothing true).
    They are served from the page cache, which an editor's save clears (refugeeguide/cache.py).
    """

    http_method_names = ["get", "head", "options"]

    @method_decorator(csrf_exempt)
    @method_decorator(public_page)
    def dispatch(self, request, *args, **kwargs):
        return super().dispatch(request, *args, **kwargs)

    def http_method_not_allowed(self, request, *args, **kwargs):
        response = render(request, "405.html", status=405)
        response["Allow"] = ", ".join(m.upper() for m in self._allowed_methods())
        return response


def page_not_found(request, exception):
    """Django's 404, in the default language when the path names no language of ours."""
    if translation.get_language_from_path(request.path_info):
        return defaults.page_not_found(request, exception)
    # Only for this page: LocaleMiddleware still redirects "/" by the browser's language.
    with translation.override(settings.LANGUAGE_CODE):
        return defaults.page_not_found(request, exception)


@never_cache
@require_safe
def healthz(request):
    """For the load balancer: 200 when the app and its database answer, 503 when not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return HttpResponse("database unavailable\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")
