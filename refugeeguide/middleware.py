import ipaddress
import logging
import re
from urllib.parse import urlencode

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, QueryDict
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


# Bidirectional controls: embeddings and overrides (U+202A-U+202E), isolates (U+2066-U+2069)
# and the invisible direction marks (U+200E, U+200F, U+061C). Typed into a search they find
# nothing, and shown back they can make the text around them read backwards. The zero-width
# non-joiner (U+200C), which Persian spelling needs, is not one of them.
BIDI_CONTROLS = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def without_bidi_controls(text):
    return BIDI_CONTROLS.sub("", text)


class QueryTextMiddleware:
    """Takes bidirectional controls out of the query string before any view or template sees it.

    The query is what a page reflects (the search box, the filter fields, their messages), and
    what a crafted link can carry; one place covers every page. Form posts are left alone: they
    come back only to the person who sent them.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        pairs = [(key, value) for key, values in request.GET.lists() for value in values]
        if any(BIDI_CONTROLS.search(key + value) for key, value in pairs):
            request.GET = QueryDict(
                urlencode([(without_bidi_controls(k), without_bidi_controls(v)) for k, v in pairs])
            )
        return self.get_response(request)


def client_ip(request):
    """The visitor's address, for counting failed logins (django-axes).

    Each proxy appends the address it saw to X-Forwarded-For, so behind `TRUSTED_PROXIES`
    proxies of ours the visitor is that many entries from the end; what stands before it was
    written by the client and proves nothing. Without proxies (the default), or when the header
    is shorter than the chain or holds no address there, the connection's address
    (REMOTE_ADDR) counts: a client never chooses its own address by sending the header.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = settings.TRUSTED_PROXIES
    if proxies <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    if len(forwarded) < proxies:
        return remote
    try:
        return str(ipaddress.ip_address(forwarded[-proxies]))
    except ValueError:
        return remote
