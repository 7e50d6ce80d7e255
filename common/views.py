from django.shortcuts import render
from django.utils.decorators import method_decorator
from django.views.decorators.csrf import csrf_exempt

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
