"""The public page cache, and how an editor's save clears it at once.

Every public page is stored whole in Django's cache (local memory, or Redis when `REDIS_URL`
is set) under a key that holds the *content version*. Any change to the guide's data bumps that
version, so every page key changes at the same moment and old copies simply age out. Nothing
has to know which pages show which organization.

The version changes on `post_save`, `post_delete` and `m2m_changed` of any model in
`PUBLIC_CONTENT_APPS`: the admin's forms, its actions (recording a check creates a
`Verification`) and its delete action, the ORM, `loaddata`; again when the transaction
commits. What writes without any signal (the data generator's `bulk_create`) calls
`invalidate()` itself. Only a write to content does it: a request as such never does, so a
failed login, an anonymous POST or a form that does not validate leaves every cached page in
place.

Browsers revalidate with the page's ETag and get `304 Not Modified` while nothing changed:
the ETag is Django's (`set_response_etag`), and Django's `ConditionalGetMiddleware`, just
outside this one, answers the 304, for cached and fresh pages alike.
The cache is an optimisation only: when it fails, pages are rendered as if it were empty.
"""

import hashlib
import logging
import time
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.cache import has_vary_header, patch_cache_control, set_response_etag

logger = logging.getLogger(__name__)

VERSION_KEY = "content-version"


def content_version():
    """The current content version (a nanosecond time stamp), shared by every process."""
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, time.time_ns(), timeout=None)
        version = cache.get(VERSION_KEY)
    return version


def invalidate():
    """Make every cached public page stale at once."""
    try:
        cache.set(VERSION_KEY, time.time_ns(), timeout=None)
    except Exception:
        # A cache that cannot be written cannot serve stale pages either: its reads fail too.
        logger.exception("Could not bump the page cache version")


def _page_key(request, version):
    # The whole address: path (with its language prefix), query, and scheme and host too, as the
    # pages carry absolute links to their other languages.
    address = request.build_absolute_uri()
    digest = hashlib.md5(address.encode(), usedforsecurity=False).hexdigest()
    return f"page:{version}:{digest}"


def _cacheable(response):
    return (
        getattr(response, "is_public_page", False)
        and response.status_code == 200
        and not response.cookies
        and not has_vary_header(response, "Cookie")
        and not response.streaming
    )


def public_page(view):
    """Marks what a view answers as a public page, the same for every visitor, to be cached."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response.is_public_page = True
        return response

    return wrapped


class PageCacheMiddleware:
    """Serve public pages from the cache before the rest of the stack runs.

    It sits right after WhiteNoise, so a cached page costs little more than a static file. What
    the inner middleware added (Content-Language, X-Frame-Options ...) is stored with the page;
    what the outer middleware adds (security headers, the CSP) is added to every answer.
    Only responses that a view marked with `public_page` are stored.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        timeout = settings.PAGE_CACHE_SECONDS
        if request.method not in ("GET", "HEAD") or timeout <= 0:
            return self.get_response(request)
        key = response = None
        try:
            key = _page_key(request, content_version())
            response = cache.get(key)
        except Exception:
            # A disallowed Host (answered 400 further in), or a cache that is down: no cache.
            logger.debug("Page cache skipped", exc_info=True)
        if response is None:
            response = self.get_response(request)
            if _cacheable(response):
                set_response_etag(response)
                # Shared caches and browsers may keep it, but must ask again before each use.
                patch_cache_control(response, public=True, no_cache=True)
                if key is not None:
                    try:
                        cache.set(key, response, timeout)
                    except Exception:
                        logger.exception("Could not store a page in the cache")
        return response


def invalidate_with_commit():
    """`invalidate()` now, and again when the transaction this write is part of commits.

    Now, so that this process shows the change on its next page. After the commit as well,
    because until then other workers still read the old rows: a page one of them renders in
    between would be stored under the new version and stay stale. The admin saves inside a
    transaction, and may write more without a signal before it commits (recording a check
    updates `verified_on` after the check's own signal); the second bump covers that too.
    """
    invalidate()
    transaction.on_commit(invalidate)


def _on_change(sender, **kwargs):
    if sender._meta.app_label in settings.PUBLIC_CONTENT_APPS:
        invalidate_with_commit()


def _on_m2m_change(sender, action, **kwargs):
    # The sender of m2m_changed is the through model: look at the models on both sides.
    if action.startswith("post_") and (
        kwargs["instance"]._meta.app_label in settings.PUBLIC_CONTENT_APPS
        or kwargs["model"]._meta.app_label in settings.PUBLIC_CONTENT_APPS
    ):
        invalidate_with_commit()


def connect_signals():
    post_save.connect(_on_change, dispatch_uid="page-cache-save")
    post_delete.connect(_on_change, dispatch_uid="page-cache-delete")
    m2m_changed.connect(_on_m2m_change, dispatch_uid="page-cache-m2m")
