"""The public pages, built with reverse() so they follow the URL configuration (and its language
prefix, when there is one). Shared by the security, fuzzing, cache and backup tests."""

import contextlib

from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse
from django.utils import translation

from organizations.models import Organization
from procedures.models import Stage


def public_urls(language=None, organizations=None):
    """Every page type: the journey, each stage, the directory (plain, filtered, searched), each
    published organization (or the given slugs) and the glossary when it exists."""
    with translation.override(language or settings.LANGUAGE_CODE):
        directory = reverse("organizations:list")
        urls = [reverse("procedures:journey"), directory]
        urls += [reverse("procedures:stage", args=[slug]) for slug in stage_slugs()]
        urls += [
            directory + "?stage=after-decision&topic=detention&municipality=rotterdam",
            directory + "?q=raad",
            directory + "?kind=non-profit&page=2",
        ]
        slugs = organizations or Organization.objects.published().values_list("slug", flat=True)
        urls += [reverse("organizations:detail", args=[slug]) for slug in slugs]
        # The referral sheets: of one organization, one stage and a filtered directory.
        if slugs:
            urls.append(reverse("organizations:detail_sheet", args=[list(slugs)[0]]))
        urls.append(reverse("procedures:stage_sheet", args=["after-decision"]))
        urls.append(reverse("organizations:sheet") + "?kind=government")
        with contextlib.suppress(NoReverseMatch):
            urls.append(reverse("glossary:index"))
        with contextlib.suppress(NoReverseMatch):
            urls.append(reverse("offline:page"))
    return urls


def stage_slugs():
    return list(Stage.objects.values_list("slug", flat=True))


def languages():
    return [code for code, _name in settings.LANGUAGES]


def render_all(client):
    """Every public page in every language, by URL: to compare the site before and after."""
    pages = {}
    for language in languages():
        for url in public_urls(language):
            response = client.get(url)
            assert response.status_code == 200, url
            pages[url] = response.content
    return pages


def served_without_the_database(client, url):
    """Whether the page came without one query (from the page cache), and the response."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries) == 0, response
