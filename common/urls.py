"""Addresses the site builds from the request's own path, and the ones it builds again and
again."""

from functools import lru_cache

from django.urls import (
    NoReverseMatch,
    get_resolver,
    get_script_prefix,
    get_urlconf,
    reverse,
    translate_url,
)
from django.utils.translation import get_language, override


def in_language(request, language):
    """This page's address (path and query) in another language, always on this site.

    Built from the view the request already resolved to: every page links to itself in eight
    languages, and `translate_url` resolved the path again for each of them. A page that
    resolved to no view (a missing page) goes through `translate_url`, which hands back what it
    cannot resolve unchanged; a path that starts with two slashes reads as another host to a
    browser, so `//evil.example/en/organizations/` keeps one leading slash and stays a
    (missing) page of this site.
    """
    path = "/" + request.get_full_path().lstrip("/")
    match = getattr(request, "resolver_match", None)
    if match is None:
        return translate_url(path, language)
    _path, question_mark, query = path.partition("?")
    with override(language):
        try:
            url = cached_reverse(match.view_name, *match.args, **match.kwargs)
        except NoReverseMatch:
            return path
    return url + question_mark + query


@lru_cache(maxsize=20_000)
def _reverse(viewname, args, kwargs, language, prefix, resolver):
    return reverse(viewname, args=args, kwargs=dict(kwargs))


def cached_reverse(viewname, *args, **kwargs):
    """`reverse()`, remembered: an entry's own address is built for every link to it, and the
    home page alone has a hundred (each reverse() took 30 to 90 microseconds, a third of the
    render). The address depends only on these arguments, the active language (the URL
    prefix), the script prefix and the URLconf, so all of them are part of the key; a new
    URLconf (clear_url_caches()) is a new resolver, and so starts afresh."""
    return _reverse(
        viewname,
        args,
        tuple(sorted(kwargs.items())),
        get_language(),
        get_script_prefix(),
        get_resolver(get_urlconf()),
    )
