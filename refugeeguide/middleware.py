import logging

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 5


class DatabaseUnavailableMiddleware:
    """While the database is down or restarting, visitors get a 503 that says so, not a 500.

    A load balancer and a browser both understand 503 with `Retry-After` as "try again soon".
    Django closes the broken connection at the end of the request, and the next request opens a
    new one (with `CONN_HEALTH_CHECKS`), so the site recovers by itself when the database is back.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        logger.warning("Database unavailable: %s", exception)
        try:
            body = render_to_string("503.html", request=request)
        except Exception:
            body = "The site is briefly unavailable. Please try again in a minute.\n"
        response = HttpResponse(body, status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        response["Cache-Control"] = "no-store"
        return response


def client_ip(request):
    """The visitor's address, for counting failed logins (django-axes).

    The TLS proxy appends the address it saw to X-Forwarded-For, so the last entry is the one to
    trust; without a proxy, REMOTE_ADDR.
    """
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if forwarded.strip():
        return forwarded.split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "")
