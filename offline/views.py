"""Offline reading: the web app manifest, the service worker and the page shown offline.

All three are progressive enhancement: no page needs them, and without JavaScript nothing
links to the worker. The worker and the script are small hand-written files (no framework):
templates/offline/sw.js and static/js/offline.js.
"""

import json

from django.conf import settings
from django.http import JsonResponse
from django.template.response import TemplateResponse
from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_cache_control, set_response_etag
from django.utils.translation import gettext
from django.views.decorators.http import require_safe
from django.views.generic import TemplateView, View

from common.views import PublicPageMixin
from organizations.models import Organization

# The brand blue of the stylesheet and the icons.
THEME_COLOUR = "#0b3d91"
ICONS = [("img/icon-192.png", "192x192", "image/png"), ("img/icon-512.png", "512x512", "image/png")]


class OfflineView(PublicPageMixin, TemplateView):
    """What the worker shows offline for a page never read on this phone: emergency numbers,
    and (filled in by the script) the pages that are saved."""

    template_name = "offline/offline.html"

    def get_context_data(self, **kwargs):
        # The police line from the directory (the seed has it on the police's own entry), so an
        # editor's correction reaches this page too; 112 is in the interface text.
        police = (
            Organization.objects.published()
            .filter(kind=Organization.Kind.POLICE)
            .exclude(phone="")
            .order_by("pk")
            .only("slug", "name", "phone")
            .first()
        )
        return super().get_context_data(police=police, **kwargs)


class ManifestView(PublicPageMixin, View):
    """The web app manifest, in the visitor's language (its name and where it starts)."""

    def get(self, request, *args, **kwargs):
        language = translation.get_language()
        manifest = {
            "id": reverse("procedures:journey"),
            "name": gettext("Refugee Guide NL"),
            "short_name": gettext("Refugee Guide"),
            "description": gettext(
                "Who handles each stage of the asylum procedure in the Netherlands, "
                "and how to reach them."
            ),
            "lang": language,
            "dir": "rtl" if translation.get_language_bidi() else "ltr",
            "start_url": reverse("procedures:journey"),
            "scope": "/",
            "display": "standalone",
            "theme_color": THEME_COLOUR,
            "background_color": "#ffffff",
            "icons": [
                {"src": static(path), "sizes": sizes, "type": kind, "purpose": "any"}
                for path, sizes, kind in ICONS
            ]
            + [{"src": static("img/favicon.svg"), "sizes": "any", "type": "image/svg+xml"}],
        }
        return JsonResponse(
            manifest,
            content_type="application/manifest+json",
            json_dumps_params={"ensure_ascii": False},
        )


@require_safe
def service_worker(request):
    """The service worker, at the root so that its scope covers every language prefix.

    Browsers look for a new worker at each visit; `no-cache` with an ETag makes that a 304.
    It names the current (hashed) stylesheet and script, so a new deployment makes a new
    worker, which drops the old files.
    """
    languages = [code for code, _name in settings.LANGUAGES]
    offline_pages = {}
    for code in languages:
        with translation.override(code):
            offline_pages[code] = reverse("offline:page")
    context = {
        "assets": json.dumps([static("css/site.css"), static("js/offline.js")]),
        "languages": "|".join(languages),
        "offline_pages": json.dumps(offline_pages),
    }
    response = TemplateResponse(
        request, "offline/sw.js", context, content_type="text/javascript; charset=utf-8"
    )
    response.render()
    set_response_etag(response)
    patch_cache_control(response, no_cache=True, max_age=0)
    return response
