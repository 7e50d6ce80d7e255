from django.shortcuts import render
from django.utils.decorators import method_decorator
from django.views.decorators.csrf import csrf_exempt

from .cache import public_page


class PublicPageMixin:
    """For the read-only public pages.

    They take no form posts, so a POST, PUT or DELETE is answered 405 in the site's layout
    (and not 403 for a missing CSRF token, which would tell the visitor nothing true).
    They are served from the page cache, which an editor's save clears (common/cache.py).
    """

    http_method_names = ["get", "head", "options"]
    # The query parameters the page reads, e.g. () for none. The page cache keeps only these
    # (common/cache.py): any other parameter neither makes a new cache entry nor reaches the
    # view. None: the view has not said, so its pages are rendered every time, never cached.
    query_parameters = None
    # Of those, the ones that make a page short-lived in the cache (free-text search).
    brief_query_parameters = ()

    @method_decorator(csrf_exempt)
    @method_decorator(public_page)
    def dispatch(self, request, *args, **kwargs):
        return super().dispatch(request, *args, **kwargs)

    def http_method_not_allowed(self, request, *args, **kwargs):
        response = render(request, "405.html", status=405)
        response["Allow"] = ", ".join(m.upper() for m in self._allowed_methods())
        return response
