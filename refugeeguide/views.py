from django.conf import settings
from django.db import DatabaseError, connection
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.views import defaults
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe


def page_not_found(request, exception):
    """Django's 404, in the default language when the path names no language of ours."""
    if translation.get_language_from_path(request.path_info):
        return defaults.page_not_found(request, exception)
    # Only for this page: LocaleMiddleware still redirects "/" by the browser's language.
    with translation.override(settings.LANGUAGE_CODE):
        return defaults.page_not_found(request, exception)


def csrf_failure(request, reason=""):
    """A form post without a valid CSRF token: the site's page, in the visitor's language.

    Django's reason (for example "CSRF cookie not set") is for developers and stays in the log.
    """
    response = render(request, "403_csrf.html", status=403)
    response["Cache-Control"] = "no-store"
    return response


# It takes no form posts: a POST is a 405 (from require_safe), not a 403 for a missing token.
@csrf_exempt
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
