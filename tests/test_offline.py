"""Offline reading, without a browser: the manifest, the service worker's own answer, the page
shown offline, and the "Save for offline use" box, which exists only for the script to show.

What a visitor sees offline is tested in Chromium (tests/browser/test_offline.py).
"""

import json
import re
import struct
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse
from django.utils import translation

from organizations.models import Organization

from .pages import languages

pytestmark = pytest.mark.django_db


def url(name, language="en", **kwargs):
    with translation.override(language):
        return reverse(name, kwargs=kwargs or None)


# The manifest -----------------------------------------------------------------------------------


@pytest.mark.parametrize("language", languages())
def test_the_manifest_is_in_the_visitors_language_and_starts_there(client, language):
    response = client.get(url("offline:manifest", language))
    assert response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    with translation.override(language):
        assert manifest["name"] == translation.gettext("Refugee Guide NL")
        assert manifest["short_name"] == translation.gettext("Refugee Guide")
    assert manifest["start_url"] == f"/{language}/" == manifest["id"]
    assert manifest["lang"] == language
    assert manifest["dir"] == ("rtl" if language in ("ar", "fa") else "ltr")
    assert manifest["display"] == "standalone"
    assert re.fullmatch(r"#[0-9a-f]{6}", manifest["theme_color"])
    # Every page of that language links to it.
    assert f'rel="manifest" href="{url("offline:manifest", language)}"' in (
        client.get(f"/{language}/").content.decode()
    )


def test_the_arabic_manifest_has_the_arabic_name(client):
    manifest = json.loads(client.get(url("offline:manifest", "ar")).content)
    assert manifest["name"] != "Refugee Guide NL" and re.search("[\u0600-\u06ff]", manifest["name"])


def test_the_manifest_icons_exist_at_their_sizes(client):
    manifest = json.loads(client.get(url("offline:manifest")).content)
    sizes = set()
    for icon in manifest["icons"]:
        path = finders.find(icon["src"].removeprefix("/static/"))
        assert path, icon
        if icon["type"] == "image/png":
            head = Path(path).read_bytes()[:24]
            # A PNG's signature, then its IHDR chunk: width and height, big-endian.
            assert head[:8] == b"\x89PNG\r\n\x1a\n" and head[12:16] == b"IHDR"
            width, height = struct.unpack(">II", head[16:24])
            assert f"{width}x{height}" == icon["sizes"]
            sizes.add(width)
    # What Chromium asks for before it offers "Add to home screen".
    assert {192, 512} <= sizes


# The service worker -----------------------------------------------------------------------------


def test_the_worker_is_served_at_the_root_as_javascript_and_always_revalidated(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert (
        "no-cache" in response["Cache-Control"]
        and "max-age=31536000" not in (response["Cache-Control"])
    )
    assert "default-src 'none'" in response["Content-Security-Policy"]
    again = client.get("/sw.js", headers={"if-none-match": response["ETag"]})
    assert again.status_code == 304
    body = response.content.decode()
    # It names this deployment's stylesheet and every language's offline page.
    assert '"/static/css/site.css"' in body
    for language in languages():
        assert f'"/{language}/offline/"' in body


def test_the_worker_refuses_writes(client):
    assert client.post("/sw.js").status_code == 405


def test_script_and_worker_stay_under_10_kb_together(client):
    script = Path(finders.find("js/offline.js")).read_bytes()
    worker = client.get("/sw.js").content
    assert len(script) + len(worker) < 10 * 1024, (len(script), len(worker))


def test_the_script_sends_nothing_elsewhere_and_sets_no_cookie(client):
    script = Path(finders.find("js/offline.js")).read_text()
    worker = client.get("/sw.js").content.decode()
    for code in (script, worker):
        assert "http://" not in code and "https://" not in code and "//" + "cdn" not in code
        assert "document.cookie" not in code and "sendBeacon" not in code
        assert "localStorage" not in code and "indexedDB" not in code
        assert "eval(" not in code and "innerHTML" not in code


def test_the_policy_allows_only_this_sites_worker_and_manifest(client):
    policy = client.get("/en/")["Content-Security-Policy"]
    directives = {p.split()[0]: p.split()[1:] for p in policy.split(";") if p.strip()}
    assert directives["worker-src"] == ["'self'"]
    assert directives["manifest-src"] == ["'self'"]
    assert "unsafe-inline" not in policy


# The page shown offline -------------------------------------------------------------------------


@pytest.mark.parametrize("language", languages())
def test_the_offline_page_gives_the_emergency_numbers_in_each_language(client, language):
    response = client.get(url("offline:page", language))
    assert response.status_code == 200
    page = response.content.decode()
    assert 'href="tel:112"' in page
    assert 'href="tel:+31900' in page and ">0900-8844</a>" in page
    with translation.override(language):
        assert translation.gettext("You are offline") in page
        assert translation.gettext("The police, when it is not an emergency.") in page
    # The list of saved pages is for the script to fill: hidden without it.
    assert re.search(r'<section id="saved"[^>]* hidden>', page)


def test_the_police_line_comes_from_the_directory(client):
    police = Organization.objects.get(kind=Organization.Kind.POLICE)
    assert police.phone == "0900-8844"
    police.phone = "0900-1234"
    police.save()
    assert ">0900-1234</a>" in client.get(url("offline:page")).content.decode()


# "Save for offline use" -------------------------------------------------------------------------


def pack_box(page):
    found = re.search(r'<template id="offline-pack">(.*?)</template>', page, re.S)
    return found and found.group(1)


@pytest.mark.parametrize("language", ["en", "ar"])
def test_a_stage_page_offers_to_save_it_in_its_language(client, language):
    page = client.get(url("procedures:stage", language, slug="after-decision")).content.decode()
    box = pack_box(page)
    assert box
    with translation.override(language):
        assert translation.gettext("Save for offline use") in box
    assert f'data-glossary="/{language}/glossary/"' in box
    assert f'data-organizations="/{language}/organizations/"' in box
    assert "{date}" in box and "{size}" in box


def test_the_directory_offers_it_only_when_filtered_by_a_municipality(client):
    directory = url("organizations:list")
    assert pack_box(client.get(directory + "?municipality=rotterdam").content.decode())
    assert not pack_box(client.get(directory).content.decode())
    assert not pack_box(client.get(directory + "?municipality=no-such-place").content.decode())
    assert not pack_box(client.get(directory + "?stage=after-decision").content.decode())


def test_every_page_loads_the_script_with_its_words_in_its_language(client):
    page = client.get("/ar/organizations/coa/").content.decode()
    script = re.search(r"<script ([^>]*)></script>", page).group(1)
    assert 'src="/static/js/offline.js"' in script
    assert 'data-worker="/sw.js"' in script and 'data-offline="/ar/offline/"' in script
    with translation.override("ar"):
        line = translation.gettext("You are offline. This page was saved on %(date)s.")
    assert line != "You are offline. This page was saved on %(date)s."
    assert f'data-line="{line % {"date": "{date}"}}"' in script
    # The only script that runs: nothing inline (beside it only the schema.org data block,
    # which browsers never run).
    assert page.count("<script") - page.count('<script type="application/ld+json">') == 1
