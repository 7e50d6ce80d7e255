"""Addresses the site builds from the request's own path, and the ones it builds again and
again."""

from functools import lru_cache

from django.urls import get_resolver, get_script_prefix, get_urlconf, reverse, translate_url
from django.utils.translation import get_language


def in_language(request, language):
    """This page's address (path and query) in another language, always on this site.

    A path that starts with two slashes reads as another host to a browser: a request for
    `//evil.example/en/organizations/` would otherwise give links to `//evil.example/nl/...`,
    since `translate_url` hands back what it cannot resolve unchanged. With one leading slash,
    what cannot be resolved stays a (missing) page of this site.
    """
    path = "/" + request.get_full_path().lstrip("/")
    return translate_url(path, language)


@lru_cache(maxsize=20_000)
def _reverse(viewname, args, language, prefix, resolver):
    return reverse(viewname, args=args)


def cached_reverse(viewname, *args):
    """`reverse()`, remembered: an entry's own address is built for every link to it, and the
    home page alone has a hundred (each reverse() took 30 to 90 microseconds, a third of the
    render). The address depends only on these arguments, the active language (the URL
    prefix), the script prefix and the URLconf, so all of them are part of the key; a new
    URLconf (clear_url_caches()) is a new resolver, and so starts afresh."""
    return _reverse(
        viewname, args, get_language(), get_script_prefix(), get_resolver(get_urlconf())
    )
