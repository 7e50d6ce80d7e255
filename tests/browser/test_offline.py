"""Offline reading in Chromium: pages read before open without a network, with a line that says
so; a page never read shows the offline page with the emergency numbers; "Save for offline use"
keeps a stage's organizations; without JavaScript nothing of this exists.

The live server is on 127.0.0.1, which browsers treat as a secure origin, so service workers
run; Playwright's contexts allow them by default (`service_workers="allow"`).
"""

import json
import re
import time

import pytest
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import expect

from organizations.models import Organization
from procedures.models import Stage

from .support import ARTIFACTS, PHONE, require_language, screenshot
from .test_accessibility import describe, run_axe

STAGE = "after-decision"


def path(name, language, **kwargs):
    with translation.override(language):
        return reverse(name, kwargs=kwargs or None)


def words(language, message, **values):
    with translation.override(language):
        return translation.gettext(message) % values if values else translation.gettext(message)


def offline_line(language):
    """What comes before the date in "You are offline. This page was saved on <date>."."""
    return words(language, "You are offline. This page was saved on %(date)s.", date="|").split(
        "|"
    )[0]


def wait_until_saved(page, *urls, timeout=10):
    """Until the worker has put each page in the phone's storage (it does so after showing it)."""
    deadline = time.monotonic() + timeout
    missing = list(urls)
    while missing and time.monotonic() < deadline:
        missing = [
            url
            for url in missing
            if not page.evaluate("(u) => caches.match(u).then((r) => !!r)", page_url(page, url))
        ]
        if missing:
            time.sleep(0.1)
    assert not missing, f"not saved: {missing}"


def page_url(page, url):
    return re.match(r"https?://[^/]+", page.url).group(0) + url


def open_with_worker(context, url):
    page = context.new_page()
    page.goto(url)
    # The first page registers the worker, which then takes control of it.
    page.wait_for_function("() => !!navigator.serviceWorker.controller")
    return page


def stage_organizations(language):
    with translation.override(language):
        stage = Stage.objects.get(slug=STAGE)
        slugs = (
            Organization.objects.published()
            .filter(roles__stage=stage)
            .values_list("slug", flat=True)
            .distinct()
        )
        return [reverse("organizations:detail", args=[slug]) for slug in slugs]


# Pages read before ------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["en", "ar"])
def test_pages_read_before_open_offline_with_the_offline_line(new_context, site, language):
    require_language(language)
    context = new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    home = path("procedures:journey", language)
    stage = path("procedures:stage", language, slug=STAGE)
    organization = path("organizations:detail", language, slug="coa")
    page = open_with_worker(context, home)
    for url in (stage, organization):
        page.goto(url)
    wait_until_saved(page, home, stage, organization, path("offline:page", language))
    with translation.override(language):
        want = {
            home: words(language, "Your asylum journey in the Netherlands, step by step"),
            stage: Stage.objects.get(slug=STAGE).title,
            organization: Organization.objects.get(slug="coa").name,
        }

    context.set_offline(True)
    for url, heading in want.items():
        page.goto(url)
        expect(page.locator("html")).to_have_attribute("lang", language)
        expect(page.get_by_role("heading", level=1)).to_contain_text(heading)
        note = page.locator("main > .offline-note")
        expect(note).to_be_visible()
        expect(note).to_contain_text(offline_line(language))
        # With the date of saving, written the way the page's language writes dates.
        assert note.inner_text() != offline_line(language)
        # The stylesheet came from the phone too.
        assert page.evaluate("getComputedStyle(document.body).fontFamily").startswith("system-ui")
    page.goto(stage)
    screenshot(page, f"offline-stage-{language}")


@pytest.mark.parametrize("language", ["en", "ar"])
def test_a_page_never_read_shows_the_offline_page_with_the_emergency_numbers(
    new_context, site, language
):
    require_language(language)
    context = new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    home = path("procedures:journey", language)
    stage = path("procedures:stage", language, slug=STAGE)
    page = open_with_worker(context, home)
    page.goto(stage)
    wait_until_saved(page, home, stage, path("offline:page", language))

    context.set_offline(True)
    page.goto(path("organizations:detail", language, slug="ind"))
    main = page.get_by_role("main")
    expect(page.get_by_role("heading", level=1)).to_have_text(words(language, "You are offline"))
    expect(main.locator("a[href='tel:112']")).to_have_text("112")
    police = Organization.objects.get(kind=Organization.Kind.POLICE)
    assert police.phone == "0900-8844"
    expect(main.locator(f"a[href='{police.phone_uri}']")).to_have_text("0900-8844")
    # The pages that are saved, by their titles, as links.
    saved = page.get_by_role("region", name=words(language, "Pages saved on this phone"))
    with translation.override(language):
        title = Stage.objects.get(slug=STAGE).title
    expect(saved.get_by_role("link", name=title)).to_have_attribute("href", re.compile(stage))
    expect(saved.get_by_role("link")).to_have_count(2)
    screenshot(page, f"offline-page-{language}")
    violations = run_axe(page)["violations"]
    assert not violations, describe(violations)


# "Save for offline use" -------------------------------------------------------------------------


def test_saving_a_stage_keeps_its_organizations_until_the_pack_is_removed(new_context, site):
    context = new_context()
    stage = path("procedures:stage", "en", slug=STAGE)
    page = open_with_worker(context, stage)
    organizations = stage_organizations("en")
    assert len(organizations) >= 5
    # Linked from the page, never opened.
    for url in organizations:
        assert page.locator(f"main a[href='{url}']").count(), url

    save = page.get_by_role("button", name="Save for offline use")
    expect(save).to_be_visible()
    save.click()
    status = page.get_by_role("status").filter(has_text="Saved on this phone on")
    expect(status).to_be_visible()
    size = int(re.search(r"\((\d+) KB\)", status.inner_text()).group(1))
    assert 20 < size < 2000, status.inner_text()
    (ARTIFACTS / "offline").mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "offline" / "pack-size.txt").write_text(f"{stage}: {size} KB\n")
    violations = run_axe(page)["violations"]
    assert not violations, describe(violations)
    remove = page.get_by_role("button", name="Remove the saved pages")
    expect(remove).to_be_visible()

    context.set_offline(True)
    for url in [*organizations, path("glossary:index", "en")]:
        page.goto(url)
        expect(page.locator("main > .offline-note")).to_contain_text(offline_line("en"))
        expect(page.get_by_role("heading", level=1)).not_to_have_text("You are offline")
    # The saved state survives a visit: the stage page says what it keeps.
    page.goto(stage)
    expect(page.get_by_role("status").filter(has_text="Saved on this phone on")).to_be_visible()
    screenshot(page, "offline-stage-saved-en")

    page.get_by_role("button", name="Remove the saved pages").click()
    expect(page.get_by_text("The saved pages were removed from this phone.")).to_be_visible()
    expect(page.get_by_role("button", name="Remove the saved pages")).to_be_hidden()
    for url in organizations[:3]:
        page.goto(url)
        expect(page.get_by_role("heading", level=1)).to_have_text("You are offline")


def test_the_directory_filtered_by_a_municipality_can_be_saved(new_context, site):
    context = new_context()
    directory = path("organizations:list", "en") + "?municipality=rotterdam"
    page = open_with_worker(context, directory)
    page.get_by_role("button", name="Save for offline use").click()
    expect(page.get_by_role("status").filter(has_text="Saved on this phone on")).to_be_visible()
    first = page.locator("main .cards h2 a").first.get_attribute("href")
    context.set_offline(True)
    page.goto(first)
    expect(page.locator("main > .offline-note")).to_be_visible()
    # Only the visitor's language is kept: in Dutch it is a page never read (and with no Dutch
    # page read either, the offline page comes in the language the visitor did read).
    page.goto(first.replace("/en/", "/nl/", 1))
    expect(page.get_by_role("heading", level=1)).to_have_text("You are offline")
    assert page.locator(".offline-note").count() == 0


# Without JavaScript -----------------------------------------------------------------------------


def test_without_javascript_nothing_changes(new_context, site):
    stage = path("procedures:stage", "en", slug=STAGE)
    with_js = open_with_worker(new_context(), stage)
    expect(with_js.get_by_role("button", name="Save for offline use")).to_be_visible()

    context = new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(stage)
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        Stage.objects.get(slug=STAGE).title
    )
    expect(page.get_by_role("button", name="Save for offline use")).to_have_count(0)
    assert page.locator(".offline-pack").count() == 0
    assert not page.get_by_text("Save for offline use").is_visible()
    assert not context.service_workers
    # The same words as the page the server sent, and no offline copy.
    assert page.locator(".offline-note").count() == 0
    context.set_offline(True)
    with pytest.raises(Exception, match="ERR_INTERNET_DISCONNECTED"):
        page.goto(path("organizations:detail", "en", slug="coa"))


# Installable ------------------------------------------------------------------------------------


def test_the_manifest_is_valid_and_chromium_finds_the_site_installable(new_context, site):
    page = open_with_worker(new_context(), path("procedures:journey", "ar"))
    href = page.locator("link[rel=manifest]").get_attribute("href")
    assert href == "/ar/manifest.webmanifest"
    response = page.request.get(href)
    assert response.ok
    manifest = json.loads(response.text())
    assert manifest["start_url"] == "/ar/" and manifest["display"] == "standalone"
    assert manifest["name"] == words("ar", "Refugee Guide NL")
    assert manifest["short_name"] == words("ar", "Refugee Guide")
    assert manifest["theme_color"] == page.locator("meta[name=theme-color]").get_attribute(
        "content"
    )
    for icon in manifest["icons"]:
        image = page.request.get(icon["src"])
        assert image.ok and image.headers["content-type"] == icon["type"], icon
    # Chromium's own check, as before it offers "Add to home screen".
    cdp = page.context.new_cdp_session(page)
    errors = cdp.send("Page.getInstallabilityErrors")["installabilityErrors"]
    # Playwright's contexts are private windows, where Chromium never offers to install.
    assert [e for e in errors if e["errorId"] != "in-incognito"] == [], errors
    parsed = cdp.send("Page.getAppManifest")
    assert not parsed.get("errors"), parsed["errors"]


def test_every_stage_pack_stays_small(new_context, site):
    """The size of each stage's pack, in English and Arabic, for the README and the notes."""
    sizes = []
    context = new_context()
    page = open_with_worker(context, path("procedures:journey", "en"))
    for language in ("en", "ar"):
        for slug in Stage.objects.values_list("slug", flat=True):
            page.goto(path("procedures:stage", language, slug=slug))
            page.get_by_role("button", name=words(language, "Save for offline use")).click()
            saved = words(
                language, "Saved on this phone on %(date)s (%(size)s KB).", date="|", size=""
            )
            status = page.locator(".offline-pack [role=status]")
            expect(status).to_contain_text(saved.split("|")[0])
            kilobytes = int(re.search(r"(\d+)\s*(KB|КБ|كيلوبايت)", status.inner_text()).group(1))
            pages = page.evaluate(
                "(u) => caches.open('rg-pack ' + u).then((c) => c.keys()).then((k) => k.length)",
                page.url,
            )
            sizes.append(f"{language} {slug}: {kilobytes} KB, {pages} pages")
            assert kilobytes < 400, sizes[-1]
    # Five packs at most: the oldest of the eight went first.
    packs = page.evaluate("caches.keys().then((k) => k.filter((n) => n.startsWith('rg-pack ')))")
    assert len(packs) == 5 and all("/ar/" in name for name in packs[1:]), packs
    (ARTIFACTS / "offline").mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "offline" / "pack-sizes.txt").write_text("\n".join(sizes) + "\n")
