"""What the browser tests share: where Chromium is, window sizes, screenshots, languages."""

import os
import re
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
HERE = Path(__file__).resolve().parent
ARTIFACTS = HERE.parent.parent / "test-artifacts"
SCREENSHOTS = ARTIFACTS / "screenshots"

# The machine has no internet: nothing in the browser may try to reach it.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
    "--disable-default-apps",
    "--disable-extensions",
]

PHONE = {"width": 360, "height": 640}
DESKTOP = {"width": 1280, "height": 900}


def screenshot(page, name):
    """Saves what a visitor sees as test-artifacts/screenshots/<name>.png (not committed)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    safe = re.sub(r"[^A-Za-z0-9_.-]+", "-", name).strip("-")
    page.screenshot(path=SCREENSHOTS / f"{safe}.png", full_page=True)


def language_available(code):
    """Whether the site serves public pages under /<code>/ (the languages issue)."""
    from django.conf import settings
    from django.urls import NoReverseMatch, reverse
    from django.utils import translation

    if code not in dict(settings.LANGUAGES):
        return False
    try:
        with translation.override(code):
            return reverse("procedures:journey").startswith(f"/{code}/")
    except NoReverseMatch:
        return False


def require_language(code):
    if not language_available(code):
        pytest.skip(f"the site does not serve /{code}/ yet (waits for the languages issue)")
