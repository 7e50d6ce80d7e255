"""The public page cache, and how an editor's save clears it at once.

Every public page is stored whole in Django's cache (local memory, or Redis when `REDIS_URL`
is set), under a key made of its address with only the query parameters the page uses
(`canonical_query`). Each stored page carries the *content version* it was rendered at. Any
change to the guide's data bumps that version, so every stored page is stale at the same
moment; nothing has to know which pages show which organization.

At most one round trip to the cache per request: the version and the page are read together
(`get_many`, a Redis MGET). Each worker also keeps the pages it served last in its own memory
(`LocalPages`) with the version it last read, and trusts that version for
`PAGE_CACHE_VERSION_SECONDS` (1 s): within that time a repeated page costs no round trip at all,
which on a busy machine is most of what a cached page costs. So a save made through another
worker reaches an anonymous visitor up to that second later; through this worker (and for an
editor, who always asks the cache) at once.

A stale page is not thrown away: while one request renders the new version under a short lock
(`render_lock`), the others get the previous version, so a save under load costs one render per
page, not one per request. Only an editor (a visitor with a
session cookie) never gets a stale page: they see their own change at once.

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
The cache is an optimisation only: when it fails (down, full, or refusing writes), pages are
rendered as if it were empty, and for a few seconds the cache is not asked at all.
"""

import gzip
import hashlib
import logging
import re
import threading
import time
import uuid
from contextlib import contextmanager
from functools import lru_cache, wraps

from django.conf import settings
from django.core.cache import cache
from django.core.cache.backends.locmem import LocMemCache
from django.core.handlers.wsgi import get_bytes_from_wsgi
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse, QueryDict
from django.urls import Resolver404, get_resolver
from django.utils import translation
from django.utils.cache import (
    has_vary_header,
    patch_cache_control,
    patch_vary_headers,
    set_response_etag,
)

logger = logging.getLogger(__name__)

VERSION_KEY = "content-version"
# A render that dies without releasing its lock holds it no longer than this.
LOCK_SECONDS = 10
# How long a request with no copy at all waits for another's render before doing its own.
WAIT_SECONDS = 5
POLL_SECONDS = 0.02
# After a cache error, how long this process renders without asking the cache.
BACKOFF_SECONDS = 5

_cache_down_until = 0.0
# As Django's GZipMiddleware reads Accept-Encoding.
ACCEPTS_GZIP = re.compile(r"\bgzip\b")


class LocalPages:
    """This worker's copies of the pages it served last, and the content version it last read.

    Django's local-memory cache holds the copies (bounded by `MAX_ENTRIES`, each with the
    timeout of its shared entry); `version` is trusted until `PAGE_CACHE_VERSION_SECONDS` after
    it was read, then the next request reads it from the shared cache again.
    """

    def __init__(self):
        self.pages = LocMemCache("page-cache-local", {"OPTIONS": {"MAX_ENTRIES": 500}})
        self.version = None
        self.read_at = 0.0

    def current_version(self):
        if time.monotonic() - self.read_at < settings.PAGE_CACHE_VERSION_SECONDS:
            return self.version
        return None

    def saw_version(self, version):
        if version != self.version:
            # Copies at another version are never served again: drop them now, not one by one.
            self.pages.clear()
        self.version, self.read_at = version, time.monotonic()

    def forget_version(self):
        self.version, self.read_at = None, 0.0


local = LocalPages()


def content_version():
    """The current content version (a nanosecond time stamp), shared by every process."""
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, time.time_ns(), timeout=None)
        version = cache.get(VERSION_KEY)
    return version


_suspended = threading.local()


@contextmanager
def invalidation_suspended():
    """Saves in this thread leave the cache alone while inside: for writes that are always
    rolled back (an editor's preview of a pending change), which no visitor can ever see."""
    _suspended.on = True
    try:
        yield
    finally:
        _suspended.on = False


def invalidate():
    """Make every cached public page stale at once."""
    if getattr(_suspended, "on", False):
        return
    version = time.time_ns()
    try:
        cache.set(VERSION_KEY, version, timeout=None)
    except Exception:
        # A cache that cannot be written cannot serve stale pages either: its reads fail too.
        logger.exception("Could not bump the page cache version")
        local.forget_version()
    else:
        local.saw_version(version)


def canonical_query(query, parameters):
    """The query a page uses, in one spelling: its own parameters only, in the order the view
    names them (the directory's: the order of its form), the first non-empty value of each, free
    text with its spaces collapsed.

    `query` is a QueryDict. So `?utm_source=x`, `?stage=` and `?kind=a&kind=b&q=` are the same
    page as `/`, `/` and `?kind=a`, and `?municipality=m&stage=s` is `?stage=s&municipality=m`;
    each is stored once.
    """
    canonical = QueryDict(mutable=True)
    for name in parameters:
        for value in query.getlist(name):
            value = " ".join(value.split())
            if value:
                canonical[name] = value
                break
    return canonical


@lru_cache(maxsize=4096)
def _page_parameters(path, resolver):
    """What the view at `path` declares about its query: None when it is not a public page."""
    language = translation.get_language_from_path(path)
    try:
        with translation.override(language or settings.LANGUAGE_CODE):
            match = resolver.resolve(path)
    except Resolver404:
        return None
    view = getattr(match.func, "view_class", match.func)
    parameters = getattr(view, "query_parameters", None)
    if parameters is None:
        return None
    return tuple(parameters), tuple(getattr(view, "brief_query_parameters", ()))


def page_parameters(path):
    # The resolver is part of the key, so clear_url_caches() (a new URLconf) starts afresh.
    return _page_parameters(path, get_resolver())


@lru_cache(maxsize=4096)
def _canonical_query_string(query_string, parameters, brief):
    query = canonical_query(QueryDict(query_string), parameters)
    return query.urlencode(), any(name in query for name in brief)


def canonical_query_string(query_string, parameters, brief):
    """`canonical_query` of a raw query string (bytes), encoded, and whether it uses one of the
    `brief` parameters: remembered for the addresses asked for most, so a cached page is served
    without parsing its query at all."""
    if len(query_string) > 2000:
        # Not worth the memory: parse it each time.
        return _canonical_query_string.__wrapped__(query_string, parameters, brief)
    return _canonical_query_string(query_string, parameters, brief)


def _page_key(request):
    # The whole address: path (with its language prefix), canonical query, and scheme and host
    # too, as the pages carry absolute links to their other languages.
    address = request.build_absolute_uri()
    return "page:" + hashlib.md5(address.encode(), usedforsecurity=False).hexdigest()


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


def acquire_lock(key, timeout=LOCK_SECONDS):
    """A lock in the cache, so one request renders a page while the others need not.

    Returns a token when acquired, None when another request holds it. `cache.add` is atomic
    (SET NX in Redis); the lock expires after `timeout` should its holder die first.
    """
    token = uuid.uuid4().hex
    return token if cache.add(f"lock:{key}", token, timeout) else None


def release_lock(key, token):
    """Only the holder's own token is deleted: a lock that expired and was taken by another
    request is left to that one."""
    try:
        if cache.get(f"lock:{key}") == token:
            cache.delete(f"lock:{key}")
    except Exception:
        _warn("unlock")


@contextmanager
def render_lock(key, timeout=LOCK_SECONDS):
    """`acquire_lock` as a block: yields whether it was acquired, and releases it at the end,
    errors included."""
    token = acquire_lock(key, timeout)
    try:
        yield token is not None
    finally:
        if token is not None:
            release_lock(key, token)


_last_warning = 0.0


def _warn(what):
    # At most one warning per back-off period, not one per request while the cache is sick.
    global _last_warning  # noqa: PLW0603
    now = time.monotonic()
    if now - _last_warning >= BACKOFF_SECONDS:
        _last_warning = now
        logger.warning("Page cache %s failed", what, exc_info=True)


class CachedPage:
    """What is stored: the content version it was rendered at, and the response as plain data
    (faster to load than a pickled HttpResponse), its body compressed once with gzip.

    Most visitors' browsers take gzip: they get the stored bytes as they are, a fifth of the
    page, with nothing to compress per request; the others get it decompressed. A public page
    holds no secret (it is the same for everyone), so compressing it needs none of the
    BREACH padding Django's GZipMiddleware adds.
    """

    __slots__ = ("version", "status", "headers", "gzipped")

    def __init__(self, version, response):
        self.version = version
        self.status = response.status_code
        self.headers = tuple(
            (name, value) for name, value in response.items() if name != "Content-Length"
        )
        self.gzipped = gzip.compress(response.content, compresslevel=6, mtime=0)

    def __getstate__(self):
        return (self.version, self.status, self.headers, self.gzipped)

    def __setstate__(self, state):
        self.version, self.status, self.headers, self.gzipped = state

    def response(self, request, state):
        headers = dict(self.headers)
        if ACCEPTS_GZIP.search(request.META.get("HTTP_ACCEPT_ENCODING", "")):
            content = self.gzipped
            headers["Content-Encoding"] = "gzip"
            # RFC 9110 8.8.1: another encoding of the same page has a weak ETag.
            etag = headers.get("ETag", "")
            if etag.startswith('"'):
                headers["ETag"] = "W/" + etag
        else:
            content = gzip.decompress(self.gzipped)
        headers["Content-Length"] = str(len(content))
        headers["X-Cache"] = state
        return HttpResponse(content, status=self.status, headers=headers)


class PageCacheMiddleware:
    """Serve public pages from the cache before the rest of the stack runs.

    It sits right after WhiteNoise, so a cached page costs little more than a static file. What
    the inner middleware added (Content-Language, X-Frame-Options ...) is stored with the page;
    what the outer middleware adds (security headers, the CSP) is added to every answer.
    Only responses that a view marked with `public_page` are stored, and only on pages whose
    view names the query parameters it uses (`query_parameters`).

    Each answer says where it came from in `X-Cache`: `hit`, `stale` (the previous version,
    while another request renders the new one), or `miss` (rendered for this request).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        declared = page_parameters(request.path_info)
        if declared is None:
            return self.get_response(request)
        parameters, brief = declared
        try:
            query, uses_brief = canonical_query_string(
                get_bytes_from_wsgi(request.META, "QUERY_STRING", ""), parameters, brief
            )
        except Exception:
            # Too many fields, say: the view answers that (400) as it would without the cache.
            return self.get_response(request)
        # The page is rendered from the canonical query too (request.GET is parsed from it
        # when first read), so its links and form show exactly what every visitor to this key
        # gets.
        request.META["QUERY_STRING"] = query
        if "GET" in request.__dict__:
            del request.GET

        timeout = settings.PAGE_CACHE_SECONDS
        if uses_brief:
            timeout = min(timeout, settings.SEARCH_PAGE_CACHE_SECONDS)
        if timeout <= 0 or time.monotonic() < _cache_down_until:
            return self.get_response(request)
        try:
            key = _page_key(request)
        except Exception:
            # A disallowed Host, answered 400 further in.
            return self.get_response(request)
        editor = settings.SESSION_COOKIE_NAME in request.COOKIES
        if not editor:
            version = local.current_version()
            if version is not None:
                page = local.pages.get(key)
                if page is not None and page.version == version:
                    return page.response(request, "hit")
        try:
            version, page = self._read(key)
        except Exception:
            _cache_failed("read")
            return self.get_response(request)

        if page is not None and page.version == version:
            local.pages.set(key, page, timeout)
            return page.response(request, "hit")
        if editor:
            # An editor: never the previous version, so they see their own change at once.
            return self._render(request, key, version, timeout)
        try:
            token = acquire_lock(key)
        except Exception:
            # It cannot take a lock (full, say): render; the site answers, at the uncached cost.
            _warn("lock")
            return self._render(request, key, version, timeout)
        if token is None:
            if page is not None:
                return page.response(request, "stale")
            return self._wait_or_render(request, key, version, timeout)
        try:
            return self._render(request, key, version, timeout)
        finally:
            release_lock(key, token)

    def _read(self, key):
        found = cache.get_many([VERSION_KEY, key])
        version = found.get(VERSION_KEY)
        if version is None:
            version = content_version()
        local.saw_version(version)
        return version, found.get(key)

    def _render(self, request, key, version, timeout):
        response = self.get_response(request)
        if _cacheable(response):
            # A page that says what is open now is good only until the next opening or
            # closing time (organizations.views.OpeningHoursPageMixin).
            timeout = min(timeout, getattr(response, "cache_seconds", timeout))
            set_response_etag(response)
            # Shared caches and browsers may keep it, but must ask again before each use.
            patch_cache_control(response, public=True, no_cache=True)
            # From the cache it comes gzipped to those who take it.
            patch_vary_headers(response, ("Accept-Encoding",))
            page = CachedPage(version, response)
            try:
                cache.set(key, page, timeout)
            except Exception:
                _warn("write")
            else:
                if version == local.version:
                    local.pages.set(key, page, timeout)
        response["X-Cache"] = "miss"
        return response

    def _wait_or_render(self, request, key, version, timeout):
        """Nothing to show yet, and another request is rendering it: wait for that page while
        the lock is held, so no request waits much longer than one render."""
        lock_key = f"lock:{key}"
        deadline = time.monotonic() + WAIT_SECONDS
        while time.monotonic() < deadline:
            time.sleep(POLL_SECONDS)
            try:
                found = cache.get_many([VERSION_KEY, key, lock_key])
            except Exception:
                _cache_failed("read")
                break
            page = found.get(key)
            if page is not None and page.version == found.get(VERSION_KEY):
                return page.response(request, "hit")
            if lock_key not in found:
                # That render ended with nothing to share (a 404, an error): render our own.
                break
        return self._render(request, key, version, timeout)


def _cache_failed(what):
    """The cache does not answer: this process renders without it for a few seconds, rather
    than wait for its time-out on every request."""
    global _cache_down_until  # noqa: PLW0603
    _cache_down_until = time.monotonic() + BACKOFF_SECONDS
    _warn(what)


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
