"""Addresses the site builds from the request's own path."""

from django.urls import translate_url


def in_language(request, language):
    """This page's address (path and query) in another language, always on this site.

    A path that starts with two slashes reads as another host to a browser: a request for
    `//evil.example/en/organizations/` would otherwise give links to `//evil.example/nl/...`,
    since `translate_url` hands back what it cannot resolve unchanged. With one leading slash,
    what cannot be resolved stays a (missing) page of this site.
    """
    path = "/" + request.get_full_path().lstrip("/")
    return translate_url(path, language)
