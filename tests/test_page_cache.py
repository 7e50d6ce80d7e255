"""The page cache's keys, its render lock, and what happens when the cache fails or is full.

The keys: a page is stored once, whatever unknown, repeated, empty or reordered parameters a
visitor adds. The lock: after a save, one request renders while the others get the previous
version; the lock is released on errors and expires. A cache that is down or full never stops
the site from answering.
"""

import pytest
from django.core.cache import cache
from django.core.cache.backends.base import BaseCache
from django.core.cache.backends.locmem import LocMemCache
from django.db import connection
from django.http import QueryDict
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

import common.cache
from common.cache import (
    PageCacheMiddleware,
    _page_key,
    acquire_lock,
    canonical_query,
    invalidate,
    render_lock,
)
from organizations.models import Organization
from tests.pages import served_without_the_database

pytestmark = pytest.mark.django_db

DIRECTORY = "/en/organizations/"


@pytest.fixture(autouse=True)
def cache_answers_again(monkeypatch):
    # A test that makes the cache fail must not leave the next test without one.
    monkeypatch.setattr(common.cache, "_cache_down_until", 0.0)


# Keys ---------------------------------------------------------------------------------------


def test_the_canonical_query_keeps_known_names_in_order_first_non_empty_value():
    query = QueryDict("utm_source=mail&topic=work&stage=&stage=job-market&stage=x&q=+a++b+&kind=")
    canonical = canonical_query(query, ("q", "stage", "topic", "kind", "page"))
    assert canonical.urlencode() == "q=a+b&stage=job-market&topic=work"
    assert canonical_query(QueryDict("fbclid=1&page="), ("page",)).urlencode() == ""


def test_an_unknown_parameter_shares_the_entry_and_never_reaches_the_page(client):
    first = client.get("/en/")
    assert first["X-Cache"] == "miss"
    for n in range(20):
        cached, response = served_without_the_database(client, f"/en/?utm_source=loop{n}")
        assert cached and response["X-Cache"] == "hit"
        assert response.content == first.content
    # The page's own links (the language switch) never carry the junk.
    assert "utm_source" not in first.content.decode()


def test_a_visitor_with_junk_first_renders_the_page_everyone_else_gets(client):
    junk = client.get("/en/stages/after-decision/?utm_source=x&fbclid=y").content.decode()
    assert "utm_source" not in junk and "fbclid" not in junk
    cached, plain = served_without_the_database(client, "/en/stages/after-decision/")
    assert cached and plain.content.decode() == junk


def test_the_order_of_the_filters_does_not_matter(client):
    first = client.get(f"{DIRECTORY}?topic=detention&stage=after-decision&municipality=rotterdam")
    cached, again = served_without_the_database(
        client, f"{DIRECTORY}?municipality=rotterdam&stage=after-decision&topic=detention"
    )
    assert cached and again.content == first.content
    assert "Dienst Justitiële Inrichtingen" in again.content.decode()


def test_repeated_and_empty_values_are_dropped(client):
    # What the filter form sends when only one field is chosen: every field, most empty.
    form = client.get(f"{DIRECTORY}?q=&stage=after-decision&municipality=&topic=&kind=")
    page = form.content.decode()
    assert "Dienst Terugkeer en Vertrek" in page
    # The pagination and language links carry the short form only.
    assert "municipality=&" not in page and "kind=&" not in page
    for url in (
        f"{DIRECTORY}?stage=after-decision",
        f"{DIRECTORY}?stage=after-decision&stage=job-market",
        f"{DIRECTORY}?stage=after-decision&page=",
    ):
        cached, response = served_without_the_database(client, url)
        assert cached and response.content == form.content, url


def test_different_filters_and_languages_are_still_different_pages(client):
    rotterdam = client.get(f"{DIRECTORY}?municipality=rotterdam").content
    detention = client.get(f"{DIRECTORY}?topic=detention").content
    dutch = client.get("/nl/organizations/?topic=detention").content
    assert len({rotterdam, detention, dutch}) == 3


def test_free_text_search_is_kept_briefly(client, settings, monkeypatch):
    settings.SEARCH_PAGE_CACHE_SECONDS = 60
    timeouts = []
    real_set = cache.set

    def spy(key, value, timeout=None, **kwargs):
        if key.startswith("page:"):
            timeouts.append(timeout)
        return real_set(key, value, timeout, **kwargs)

    monkeypatch.setattr(cache, "set", spy)
    assert (
        "Immigratie- en Naturalisatiedienst"
        in client.get(f"{DIRECTORY}?q=naturalisatie").content.decode()
    )
    client.get(f"{DIRECTORY}?kind=government")
    assert timeouts == [60, settings.PAGE_CACHE_SECONDS]


def test_a_view_that_does_not_name_its_parameters_is_never_cached(client, monkeypatch):
    from procedures.views import JourneyView

    monkeypatch.setattr(JourneyView, "query_parameters", None)
    common.cache._page_parameters.cache_clear()
    try:
        client.get("/en/")
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/en/")
        assert len(queries) > 0 and "X-Cache" not in response
    finally:
        common.cache._page_parameters.cache_clear()


# The render lock ----------------------------------------------------------------------------


def test_the_lock_is_held_by_one_and_released_at_the_end_of_its_block():
    with render_lock("page:test") as first:
        assert first
        with render_lock("page:test") as second:
            assert not second
    with render_lock("page:test") as again:
        assert again


def test_the_lock_is_released_when_the_render_fails():
    with pytest.raises(RuntimeError), render_lock("page:failing") as acquired:
        assert acquired
        raise RuntimeError("the render failed")
    assert acquire_lock("page:failing") is not None


def test_the_middleware_releases_the_lock_when_the_view_raises():
    request = RequestFactory().get("/en/")

    def broken_view(request):
        raise RuntimeError("template error")

    with pytest.raises(RuntimeError):
        PageCacheMiddleware(broken_view)(request)
    token = acquire_lock(_page_key(request))
    assert token is not None
    common.cache.release_lock(_page_key(request), token)


def test_the_lock_expires_if_its_holder_dies(settings, monkeypatch):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    clock = [1_000_000.0]
    monkeypatch.setattr("django.core.cache.backends.locmem.time.time", lambda: clock[0])
    assert acquire_lock("page:held", timeout=10) is not None  # and never released
    assert acquire_lock("page:held", timeout=10) is None
    clock[0] += 11
    assert acquire_lock("page:held", timeout=10) is not None


def test_while_one_request_renders_after_a_save_the_others_get_the_previous_version(client):
    old = client.get("/en/organizations/coa/").content.decode()
    coa = Organization.objects.get(slug="coa")
    coa.summary = "Now also runs the new welcome desk."
    coa.save()
    request = RequestFactory().get("/en/organizations/coa/")
    with render_lock(_page_key(request)) as acquired:  # another worker is rendering it
        assert acquired
        cached, during = served_without_the_database(client, "/en/organizations/coa/")
        assert cached and during["X-Cache"] == "stale"
        assert during.content.decode() == old
        # An editor (a session cookie) is never shown the previous version.
        client.cookies["sessionid"] = "an editor's session"
        editor = client.get("/en/organizations/coa/")
        assert editor["X-Cache"] == "miss"
        assert "Now also runs the new welcome desk." in editor.content.decode()
        del client.cookies["sessionid"]
    after = client.get("/en/organizations/coa/")
    assert "Now also runs the new welcome desk." in after.content.decode()


def test_with_nothing_cached_a_request_renders_once_the_lock_is_gone(client, monkeypatch):
    # The lock holder ended without a page to share: the waiter renders its own, at once.
    monkeypatch.setattr(common.cache, "POLL_SECONDS", 0)
    request = RequestFactory().get("/en/glossary/")
    cache.delete(_page_key(request))  # no copy at all, not even a stale one
    token = acquire_lock(_page_key(request))
    calls = []
    real_get_many = cache.get_many

    def release_after_first_poll(keys, **kwargs):
        calls.append(keys)
        if len(calls) == 2:
            common.cache.release_lock(_page_key(request), token)
        return real_get_many(keys, **kwargs)

    monkeypatch.setattr(cache, "get_many", release_after_first_poll)
    response = client.get("/en/glossary/")
    assert response.status_code == 200 and response["X-Cache"] == "miss"
    assert "Dutch words you will meet" in response.content.decode()
    assert 2 <= len(calls) <= 3


# When the cache fails -----------------------------------------------------------------------


class DownCache(BaseCache):
    """Redis stopped: every call fails."""

    def __init__(self, location, params):
        super().__init__(params)

    def _fail(self, *args, **kwargs):
        raise ConnectionError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    get = set = add = delete = get_many = set_many = clear = _fail


class FullCache(LocMemCache):
    """Redis at its memory limit with `noeviction`: reads work, every write is refused."""

    def _fail(self, *args, **kwargs):
        raise MemoryError("OOM command not allowed when used memory > 'maxmemory'.")

    set = add = set_many = _fail


@pytest.mark.parametrize("backend", ["DownCache", "FullCache"])
def test_the_site_keeps_answering_when_the_cache_is_down_or_full(client, settings, backend):
    settings.CACHES = {"default": {"BACKEND": f"tests.test_page_cache.{backend}"}}
    for attempt in range(3):
        for url, text in [
            ("/en/", "Your asylum journey in the Netherlands"),
            ("/en/organizations/coa/", "Centraal Orgaan opvang asielzoekers"),
            (f"{DIRECTORY}?stage=after-decision", "Dienst Terugkeer en Vertrek"),
        ]:
            response = client.get(url)
            assert response.status_code == 200, (backend, url, attempt)
            assert text in response.content.decode()
    # And an editor's save still shows at once.
    coa = Organization.objects.get(slug="coa")
    coa.summary = "Now also runs the new welcome desk."
    coa.save()
    invalidate()
    assert (
        "Now also runs the new welcome desk."
        in client.get("/en/organizations/coa/").content.decode()
    )


# What a cached page costs ------------------------------------------------------------------


def test_a_cached_page_comes_gzipped_to_a_browser_that_takes_it(client):
    import gzip

    fresh = client.get("/en/organizations/coa/")
    cached = client.get("/en/organizations/coa/", headers={"accept-encoding": "gzip, br"})
    assert cached["X-Cache"] == "hit" and cached["Content-Encoding"] == "gzip"
    assert gzip.decompress(cached.content) == fresh.content
    assert int(cached["Content-Length"]) == len(cached.content) < len(fresh.content) / 2
    assert "Accept-Encoding" in cached["Vary"] and cached["ETag"] == "W/" + fresh["ETag"]
    # Either spelling of the ETag gets a 304 next time.
    for etag in (cached["ETag"], fresh["ETag"]):
        again = client.get(
            "/en/organizations/coa/", headers={"accept-encoding": "gzip", "if-none-match": etag}
        )
        assert again.status_code == 304
    # A client that takes no gzip gets the page as it was rendered.
    plain = client.get("/en/organizations/coa/")
    assert plain.content == fresh.content and "Content-Encoding" not in plain


def test_a_cached_page_costs_at_most_one_round_trip_to_the_cache(client, settings, monkeypatch):
    # A window no slow machine outlasts between two requests: the test is about counting.
    settings.PAGE_CACHE_VERSION_SECONDS = 3600
    client.get("/en/")
    calls, depth = [], [0]

    def counting(name, real):
        def call(*args, **kwargs):
            # Only the outermost call: local memory's get_many calls get itself (Redis: MGET).
            if depth[0] == 0:
                calls.append(name)
            depth[0] += 1
            try:
                return real(*args, **kwargs)
            finally:
                depth[0] -= 1

        return call

    for name in ("get", "get_many", "set", "add", "delete"):
        monkeypatch.setattr(cache, name, counting(name, getattr(cache, name)))
    # Within a second of reading the content version, this worker's own copy: no round trip.
    assert client.get("/en/?utm_source=x")["X-Cache"] == "hit"
    assert calls == []
    # After that second, one (the version and the page together: Redis MGET).
    monkeypatch.setattr(common.cache.local, "read_at", -1e9)
    assert client.get("/en/?utm_source=x")["X-Cache"] == "hit"
    assert calls == ["get_many"]
    # An editor always asks the shared cache, so a save through another worker shows at once.
    client.cookies["sessionid"] = "an editor's session"
    assert client.get("/en/")["X-Cache"] == "hit"
    assert calls == ["get_many", "get_many"]


def test_a_save_through_another_worker_reaches_visitors_within_the_version_window(
    client, settings, monkeypatch
):
    settings.PAGE_CACHE_VERSION_SECONDS = 1
    clock = [1000.0]
    monkeypatch.setattr(common.cache.time, "monotonic", lambda: clock[0])
    old = client.get("/en/organizations/coa/").content.decode()
    coa = Organization.objects.get(slug="coa")
    coa.summary = "Now also runs the new welcome desk."
    # Another worker saves: the shared version changes, this worker's memory does not know yet.
    monkeypatch.setattr(common.cache, "invalidate", lambda: None)
    Organization.objects.filter(pk=coa.pk).update(summary=coa.summary)
    cache.set(common.cache.VERSION_KEY, 1, timeout=None)
    assert client.get("/en/organizations/coa/").content.decode() == old
    clock[0] += 1.01
    fresh = client.get("/en/organizations/coa/")
    assert fresh["X-Cache"] == "miss"
    assert "Now also runs the new welcome desk." in fresh.content.decode()
