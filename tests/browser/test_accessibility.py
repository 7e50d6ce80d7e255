"""axe-core finds no WCAG 2.2 A or AA violation on any page a visitor or an editor uses.

Each public page type is checked at phone and desktop width, in English and (once the site
speaks them) in Arabic and Dutch, and saved as a screenshot in test-artifacts/screenshots/.
Beyond axe: one h1 and headings in order, the four landmarks, and the current step marked.
"""

import json

import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse
from django.utils import translation

from organizations.models import Organization

from .support import ARTIFACTS, DESKTOP, PHONE, require_language, screenshot

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

# Every kind of public page, as a path built in the page's language.
PUBLIC_PAGES = {
    "home": lambda: reverse("procedures:journey"),
    "stage": lambda: reverse("procedures:stage", kwargs={"slug": "after-decision"}),
    "directory": lambda: reverse("organizations:list"),
    "directory-filtered": lambda: (
        reverse("organizations:list") + "?stage=after-decision&municipality=rotterdam"
    ),
    "directory-no-results": lambda: reverse("organizations:list") + "?q=zzqxv&topic=detention",
    "directory-invalid-filter": lambda: reverse("organizations:list") + "?stage=no-such-stage",
    "organization": lambda: reverse("organizations:detail", kwargs={"slug": "coa"}),
    "search": lambda: reverse("organizations:list") + "?q=vreemdelingenpolitie",
    "glossary": lambda: reverse("glossary:index"),
    "404": lambda: reverse("organizations:detail", kwargs={"slug": "no-such-organization"}),
    # Issue 12: a page with an hours table, and the referral sheet in two languages.
    "organization-hours": lambda: reverse("organizations:detail", kwargs={"slug": "ind"}),
    "sheet": lambda: reverse("organizations:detail_sheet", kwargs={"slug": "ind"}),
}
LANGUAGES = ["en", "ar", "nl"]


def run_axe(page):
    from axe_playwright_python.sync_playwright import Axe

    # Only the violations in detail: the passes would cost more time to send than to find.
    options = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
    return Axe().run(page, options=options).response


def describe(violations):
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"][:5]:
            lines.append(f"    {', '.join(map(str, node['target']))}: {node['failureSummary']}")
    return "\n".join(lines)


def check_page(page, name, phone_axe=True):
    """axe at desktop and phone width, and a screenshot at each."""
    results = {}
    for width_name, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        page.set_viewport_size(viewport)
        screenshot(page, f"{name}-{width_name}")
        if width_name == "phone" and not phone_axe:
            continue
        response = run_axe(page)
        results[width_name] = {
            "violations": [v["id"] for v in response["violations"]],
            "incomplete": [v["id"] for v in response["incomplete"]],
            "passes": len(response["passes"]),
        }
        assert not response["violations"], (
            f"{name} at {width_name} width:\n{describe(response['violations'])}"
        )
    (ARTIFACTS / "axe").mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "axe" / f"{name}.json").write_text(json.dumps(results, indent=2))
    return results


def check_structure(page):
    # One h1, and no heading skips a level on the way down.
    levels = page.eval_on_selector_all(
        "h1, h2, h3, h4, h5, h6", "els => els.map(e => Number(e.tagName[1]))"
    )
    assert levels.count(1) == 1, f"expected one h1, got headings {levels}"
    assert levels[0] == 1, f"the first heading is not the h1: {levels}"
    for before, after in zip(levels, levels[1:], strict=False):
        assert after <= before + 1, f"a heading skips a level: {levels}"
    # The landmarks, each once at the top level.
    for role, selector in (
        ("banner", "body > header"),
        ("main", "body > main"),
        ("contentinfo", "body > footer"),
    ):
        assert page.locator(selector).count() == 1, f"no single {selector}"
        assert page.get_by_role(role).count() == 1, f"no single {role} landmark"
    assert page.get_by_role("navigation").count() >= 1
    # Every image has a text alternative (empty for decoration).
    assert page.locator("img:not([alt])").count() == 0
    # Every element an aria-describedby or aria-labelledby names exists (an error message).
    missing = page.evaluate(
        """() => [...document.querySelectorAll('[aria-describedby], [aria-labelledby]')]
            .flatMap(e => ((e.getAttribute('aria-describedby') || '') + ' '
                + (e.getAttribute('aria-labelledby') || '')).split(/\\s+/))
            .filter(id => id && !document.getElementById(id))"""
    )
    assert not missing, f"aria references to no element: {missing}"


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("page_type", list(PUBLIC_PAGES))
def test_public_page_has_no_wcag_violations(page, site, language, page_type):
    if language != "en":
        require_language(language)
    with translation.override(language):
        path = PUBLIC_PAGES[page_type]()
    response = page.goto(path)
    assert response.status == (404 if page_type == "404" else 200)
    if language != "en":
        assert page.locator("html").get_attribute("lang") == language
        assert page.locator("html").get_attribute("dir") == ("rtl" if language == "ar" else "ltr")
    check_structure(page)
    if page_type == "stage":
        current = page.locator("[aria-current='step']")
        assert current.count() == 1
        assert current.get_attribute("href") == path
    # The layout is the same in every language: axe at phone width once, in English.
    check_page(page, f"{page_type}-{language}", phone_axe=language == "en")


@pytest.fixture
def editor_page(page, site):
    """A page in which an editor has logged in to the admin, through its login form."""
    user = User.objects.create_user("editor", password="a long editor password", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    page.goto("/admin/login/")
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill("a long editor password")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/admin/")
    return page


def test_admin_login_page_has_no_wcag_violations(page, site):
    page.goto("/admin/login/")
    check_page(page, "admin-login")


ADMIN_PAGES = {
    "admin-index": lambda: "/admin/",
    "admin-organizations": lambda: "/admin/organizations/organization/",
    "admin-organizations-search": lambda: "/admin/organizations/organization/?q=Ziest",
    "admin-organization-change": lambda: (
        f"/admin/organizations/organization/{Organization.objects.get(slug='coa').pk}/change/"
    ),
    "admin-organization-add": lambda: "/admin/organizations/organization/add/",
    "admin-stages": lambda: "/admin/procedures/stage/",
    "admin-pending-changes": lambda: "/admin/workflow/pendingchange/",
    "admin-due-for-review": lambda: "/admin/workflow/verification/due/",
    "admin-pending-change": lambda: proposed_change(),
}


def proposed_change():
    """The review page of a change the logged-in editor proposes to COA's phone number."""
    from django.test import Client

    from workflow.models import PendingChange

    from ..workflow.admin_form import form_data

    editor = Client()
    editor.force_login(User.objects.get(username="editor"))
    url = f"/admin/organizations/organization/{Organization.objects.get(slug='coa').pk}/change/"
    data = form_data(editor.get(url), "organization_form")
    data["phone"] = "088 715 7001"
    editor.post(url, data)
    return f"/admin/workflow/pendingchange/{PendingChange.objects.latest('pk').pk}/change/"


def test_admin_pages_an_editor_uses_have_no_wcag_violations(editor_page):
    failures = []
    for name, path in ADMIN_PAGES.items():
        editor_page.goto(path())
        try:
            check_page(editor_page, name)
        except AssertionError as error:
            failures.append(str(error))
    assert not failures, "\n\n".join(failures)
