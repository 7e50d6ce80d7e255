"""The journeys of a refugee, a caseworker and an editor, in a real browser.

Each test fails where a person would be stuck. The tests follow links by their text, as a
person does, so they hold in every language the site speaks.
"""

import re
import time
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.auth.models import Group, User
from django.utils import translation
from playwright.sync_api import expect

from organizations.models import Organization
from procedures.models import Stage, Step

from .support import ARTIFACTS, DESKTOP, PHONE, require_language, screenshot

# Each language's link in the language switcher, in its own name and script.
NATIVE_NAMES = {"en": "English", "nl": "Nederlands", "ar": "العربية"}

# Lighthouse's "slow 3G": 400 ms round trip, 400 kbit/s each way.
SLOW_3G = {
    "offline": False,
    "latency": 400,
    "downloadThroughput": 400 * 1024 / 8,
    "uploadThroughput": 400 * 1024 / 8,
}
# The phone journey: four pages. What a visitor on a prepaid data bundle pays for it.
# Five of the requests are offline reading's, once, on a first visit: the service worker, its
# script, its copies of the stylesheet and the script (from the browser's cache), and the
# offline page of the language read (the worker's own fetches are counted below).
JOURNEY_MAX_REQUESTS = 20
# 120 KB until the organization pages gained their opening hours and the referral-sheet link.
JOURNEY_MAX_BYTES = 125 * 1024
JOURNEY_MAX_SECONDS = 20


def texts(language, **slugs):
    """What a visitor reads, in their language: titles and names as the pages show them."""
    with translation.override(language):
        stage = Stage.objects.get(slug=slugs["stage"])
        found = {"stage": stage.title}
        if "step" in slugs:
            found["step"] = Step.objects.get(stage=stage, slug=slugs["step"]).title
        if "organization" in slugs:
            organization = Organization.objects.get(slug=slugs["organization"])
            found["organization"] = organization.name
            found["phone"] = organization.phone
            found["phone_uri"] = organization.phone_uri
        return found


class Traffic:
    """Every request a page makes, with what it cost in bytes over the network."""

    def __init__(self, page, origin):
        self.origin = origin
        self.requests = []
        page.on("requestfinished", self.finished)
        page.on("requestfailed", self.failed)
        # Offline reading: what the service worker fetches over the network costs the visitor
        # too; what it answers from the phone's own copy costs nothing.
        page.context.on("requestfinished", self.fetched_by_worker)

    def failed(self, request):
        # A request the browser dropped because the visitor went on to the next page (the
        # favicon, late on slow 3G while the worker keeps the page) is not a failure they see.
        kind = "aborted" if "ERR_ABORTED" in (request.failure or "") else "failed"
        self.requests.append((request.url, 0, kind))

    def fetched_by_worker(self, request):
        if request.service_worker:
            self.finished(request)

    def finished(self, request):
        response = request.response()
        if response is not None and response.from_service_worker:
            return
        sizes = request.sizes()
        size = sizes["responseHeadersSize"] + sizes["responseBodySize"]
        self.requests.append((request.url, size, request.resource_type))

    @property
    def bytes(self):
        return sum(size for _, size, _ in self.requests)

    def elsewhere(self):
        return [url for url, _, _ in self.requests if not url.startswith(self.origin)]

    def __str__(self):
        return "\n".join(f"{size:>8} {kind:<10} {url}" for url, size, kind in self.requests)


def choose_language(page, language):
    if language == "en":
        return
    # The switcher in the header, where each language is written in its own script.
    header = page.get_by_role("banner")
    header.get_by_role("link", name=NATIVE_NAMES[language], exact=True).click()
    expect(page.locator("html")).to_have_attribute("lang", language)


# 1. A refugee on a phone ---------------------------------------------------------------------


@pytest.mark.parametrize("language", ["en", "ar"])
def test_refugee_on_a_phone_finds_the_departure_service_and_its_phone(new_context, site, language):
    if language != "en":
        require_language(language)
    want = texts(
        language, stage="after-decision", step="return", organization="dienst-terugkeer-en-vertrek"
    )
    context = new_context(
        viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2, locale="en-GB"
    )
    page = context.new_page()
    network = context.new_cdp_session(page)
    network.send("Network.enable")
    network.send("Network.emulateNetworkConditions", SLOW_3G)
    traffic = Traffic(page, site.url)
    started = time.monotonic()

    page.goto("/")
    choose_language(page, language)
    # The step-by-step list: the stage, by its title.
    page.get_by_role("main").get_by_role("link", name=want["stage"], exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(want["stage"])
    expect(page.locator("[aria-current='step']")).to_have_text(want["stage"])
    # The step about return, and the organization that handles it.
    step = page.get_by_role("region", name=want["step"])
    card = step.get_by_role("heading", name=re.compile(re.escape(want["organization"])))
    card.get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(want["organization"])
    page.wait_for_load_state()  # the stylesheet too, before measuring
    phone = page.get_by_role("main").locator(f"a[href='{want['phone_uri']}']").first
    expect(phone).to_be_visible()
    expect(phone).to_have_text(want["phone"])
    box = phone.bounding_box()
    assert box["height"] >= 24 and box["width"] >= 24, f"the phone link is too small to tap: {box}"
    screenshot(page, f"journey-refugee-phone-{language}")

    elapsed = time.monotonic() - started
    assert not traffic.elsewhere(), f"requests to another host:\n{traffic}"
    assert not [r for r in traffic.requests if r[2] == "failed"], f"failed requests:\n{traffic}"
    assert len(traffic.requests) <= JOURNEY_MAX_REQUESTS, f"too many requests:\n{traffic}"
    assert traffic.bytes <= JOURNEY_MAX_BYTES, f"{traffic.bytes} bytes:\n{traffic}"
    assert elapsed <= JOURNEY_MAX_SECONDS, f"{elapsed:.1f} s on slow 3G:\n{traffic}"
    (ARTIFACTS / "budget").mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "budget" / f"refugee-phone-{language}.txt").write_text(
        f"{len(traffic.requests)} requests, {traffic.bytes} bytes, {elapsed:.1f} s\n{traffic}\n"
    )


# 2. Without JavaScript -----------------------------------------------------------------------


def test_without_javascript_every_step_works(new_context, site):
    # Enough organizations for a second and third page of the directory.
    Organization.objects.bulk_create(
        Organization(
            slug=f"test-organization-{number:02}",
            name=f"Test organization {number:02}",
            kind=Organization.Kind.NON_PROFIT,
            is_published=True,
        )
        for number in range(30)
    )
    want = texts("en", stage="after-decision", step="return", organization="avim")
    page = new_context(java_script_enabled=False).new_page()

    # Search from the home page.
    page.goto("/")
    page.get_by_label("Search for an organization").fill("vreemdelingenpolitie")
    page.locator("#main").get_by_role("button", name="Search", exact=True).click()
    assert parse_qs(urlsplit(page.url).query)["q"] == ["vreemdelingenpolitie"]
    page.get_by_role("link", name=re.compile(re.escape(want["organization"]))).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(want["organization"])

    # The step-by-step: into a stage, then along to the next one.
    page.get_by_role("link", name="your asylum journey, step by step").click()
    page.get_by_role("main").get_by_role("link", name=want["stage"], exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(want["stage"])
    page.get_by_role("link", name=re.compile("^Next stage")).click()
    expect(page.locator("[aria-current='step']")).to_have_text(
        texts("en", stage="job-market")["stage"]
    )

    # The directory's filters are a plain form.
    page.get_by_role("link", name="Find an organization").first.click()
    page.get_by_label("Stage").select_option(label=want["stage"])
    page.get_by_label("Municipality").select_option(label="Rotterdam")
    page.get_by_role("button", name="Show organizations").click()
    query = parse_qs(urlsplit(page.url).query)
    assert query["stage"] == ["after-decision"] and query["municipality"] == ["rotterdam"]
    expect(page.get_by_role("status")).to_contain_text("organizations found")
    expect(page.get_by_role("main").get_by_role("link", name=want["organization"])).to_be_visible()

    # Pagination is links.
    page.get_by_role("link", name="Clear all filters").click()
    expect(page.get_by_text("Page 1 of 3")).to_be_visible()
    page.get_by_role("link", name="Next page").click()
    expect(page.get_by_text("Page 2 of 3")).to_be_visible()
    page.get_by_role("link", name="Next page").click()
    expect(page.get_by_text("Page 3 of 3")).to_be_visible()
    page.get_by_role("link", name="Previous page").click()
    assert parse_qs(urlsplit(page.url).query)["page"] == ["2"]


@pytest.mark.parametrize("language", ["ar", "nl"])
def test_without_javascript_the_language_switch_is_a_link(new_context, site, language):
    require_language(language)
    page = new_context(java_script_enabled=False).new_page()
    page.goto("/")
    choose_language(page, language)
    want = texts(language, stage="after-decision")
    page.get_by_role("main").get_by_role("link", name=want["stage"], exact=True).click()
    expect(page.locator("html")).to_have_attribute("lang", language)
    expect(page.get_by_role("heading", level=1)).to_contain_text(want["stage"])
    # Back to English from any page, in one step.
    page.get_by_role("banner").get_by_role("link", name=NATIVE_NAMES["en"], exact=True).click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        texts("en", stage="after-decision")["stage"]
    )


# 3. Keyboard only ----------------------------------------------------------------------------

TABBABLE = (
    "a[href], button:not([disabled]), input:not([disabled]):not([type=hidden]), "
    "select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex='-1'])"
)
FOCUS_STYLE = """(el) => {
    const s = getComputedStyle(el);
    const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0
        && !/rgba\\(.*, 0\\)|transparent/.test(s.outlineColor);
    return [outline, s.boxShadow, s.backgroundColor, s.borderColor, s.textDecorationLine];
}"""


def focused(page):
    """Where focus is: the index among the page's tabbable elements, its name and its look."""
    return page.evaluate(
        """([selector, styleOf]) => {
            const el = document.activeElement;
            const all = [...document.querySelectorAll(selector)]
                .filter(e => e.getClientRects().length);
            const r = el.getBoundingClientRect();
            return {
                index: all.indexOf(el),
                name: (el.innerText || el.value || el.id || el.tagName).trim().slice(0, 60),
                style: eval(styleOf)(el),
                inView: r.bottom > 0 && r.top < innerHeight && r.right > 0 && r.left < innerWidth,
            };
        }""",
        [TABBABLE, FOCUS_STYLE],
    )


def walk_with_tab(page):
    """Presses Tab until focus leaves the page's last control; returns each stop."""
    count = page.evaluate(
        "sel => [...document.querySelectorAll(sel)].filter(e => e.getClientRects().length).length",
        TABBABLE,
    )
    stops = []
    for _ in range(count + 2):
        page.keyboard.press("Tab")
        stop = focused(page)
        if stop["index"] == -1 or (stops and stop["index"] <= stops[-1]["index"]):
            break
        stops.append(stop)
    return count, stops


@pytest.mark.parametrize(
    "path_name",
    ["home", "stage", "directory", "organization"],
)
def test_keyboard_reaches_every_control_in_order_with_a_visible_focus(page, site, path_name):
    from django.urls import reverse

    path = {
        "home": reverse("procedures:journey"),
        "stage": reverse("procedures:stage", kwargs={"slug": "after-decision"}),
        "directory": reverse("organizations:list"),
        "organization": reverse("organizations:detail", kwargs={"slug": "coa"}),
    }[path_name]
    page.goto(path)
    count, stops = walk_with_tab(page)

    # The skip link comes first, and is visible when focused.
    assert stops[0]["index"] == 0 and stops[0]["name"] == "Skip to main content", stops[0]
    # Every control, once, in the order of the page; then focus leaves the page (no trap).
    assert [stop["index"] for stop in stops] == list(range(count)), [s["name"] for s in stops]
    unreachable = [stop["name"] for stop in stops if not stop["inView"]]
    assert not unreachable, f"focused but out of view: {unreachable}"
    # Each control looks different when it has focus.
    page.evaluate("document.activeElement && document.activeElement.blur()")
    resting = page.evaluate(
        "([sel, styleOf]) => [...document.querySelectorAll(sel)]"
        ".filter(e => e.getClientRects().length).map(e => eval(styleOf)(e))",
        [TABBABLE, FOCUS_STYLE],
    )
    invisible = [
        stop["name"]
        for stop in stops
        if not stop["style"][0] and stop["style"][1:] == resting[stop["index"]][1:]
    ]
    assert not invisible, f"no visible focus indicator on: {invisible}"


def test_keyboard_skip_link_and_filters(page, site):
    from django.urls import reverse

    page.goto(reverse("organizations:list"))
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to main content")).to_be_focused()
    expect(page.get_by_role("link", name="Skip to main content")).to_be_in_viewport()
    screenshot(page, "keyboard-skip-link")
    page.keyboard.press("Enter")
    expect(page.get_by_role("main")).to_be_focused()
    # The next Tab lands inside main, past the header.
    page.keyboard.press("Tab")
    assert page.evaluate("document.querySelector('main').contains(document.activeElement)")

    # Type a word in the search field and press Enter.
    search = page.get_by_label("Search", exact=True)
    while page.evaluate("document.activeElement.id") != search.get_attribute("id"):
        page.keyboard.press("Tab")
    page.keyboard.type("COA")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"q=COA"))
    expect(
        page.get_by_role("main").get_by_role("link", name="Centraal Orgaan opvang asielzoekers")
    ).to_be_visible()

    # Choose a stage with the keyboard, then Enter on the button.
    page.get_by_label("Search", exact=True).fill("")
    page.get_by_label("Stage").focus()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    assert page.get_by_label("Stage").input_value() == "after-decision"
    while page.evaluate("document.activeElement.type") != "submit":
        page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"stage=after-decision"))
    assert page.get_by_label("Stage").input_value() == "after-decision"
    # Shift+Tab goes back the way it came.
    page.get_by_role("button", name="Show organizations").focus()
    page.keyboard.press("Shift+Tab")
    expect(page.get_by_label("Open now")).to_be_focused()
    page.keyboard.press("Shift+Tab")
    expect(page.get_by_label("Language spoken")).to_be_focused()
    page.keyboard.press("Shift+Tab")
    expect(page.get_by_label("Kind of organization")).to_be_focused()


# 4. A caseworker -----------------------------------------------------------------------------


def result_names(page):
    return page.get_by_role("main").locator(".cards h2").all_inner_texts()


def test_caseworker_shares_a_filtered_directory_and_prints_a_contact_sheet(new_context, site):
    want = texts("en", stage="municipal-support")
    page = new_context().new_page()
    page.goto("/")
    page.get_by_role("link", name="Find an organization").first.click()
    page.get_by_label("Stage").select_option(label=want["stage"])
    page.get_by_label("Municipality").select_option(label="Rotterdam")
    page.get_by_role("button", name="Show organizations").click()
    shared_url = page.url
    names = result_names(page)
    assert "Stichting Nieuw Thuis Rotterdam" in names
    assert "Makers Unite" not in names  # Amsterdam only

    # The colleague opens the link in a browser of their own.
    colleague = new_context().new_page()
    colleague.goto(shared_url)
    assert result_names(colleague) == names
    assert colleague.get_by_label("Stage").input_value() == "municipal-support"
    assert colleague.get_by_label("Municipality").input_value() == "rotterdam"

    # A contact sheet on paper: name, phone, address; no navigation.
    page.get_by_role("link", name="Find an organization").first.click()
    page.get_by_label("Search", exact=True).fill("COA")
    page.get_by_role("button", name="Show organizations").click()
    page.get_by_role("main").get_by_role("link", name="Centraal Orgaan opvang asielzoekers").click()
    page.emulate_media(media="print")
    expect(page.get_by_role("banner")).to_be_hidden()
    expect(page.get_by_role("contentinfo")).to_be_hidden()
    printed = page.get_by_role("main").inner_text()
    for fact in ("Centraal Orgaan opvang asielzoekers", "088 715 7000", "Postbus 30203"):
        assert fact in printed
    pdf = page.pdf(format="A4", print_background=False)
    (ARTIFACTS / "print").mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "print" / "organization-coa.pdf").write_bytes(pdf)
    text = pdf_text(pdf)
    for fact in (
        "Centraal Orgaan opvang asielzoekers",
        "088 715 7000",
        "Postbus 30203",
        "Den Haag",
    ):
        assert fact in text, f"{fact!r} is not in the printed page:\n{text}"
    assert "Skip to main content" not in text


def pdf_text(pdf):
    import io

    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return re.sub(r"[ \u00a0]+", " ", text)


# 5. An editor --------------------------------------------------------------------------------


def log_in(page, name, group):
    user = User.objects.create_user(name, password=f"a long {name} password", is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    page.goto("/admin/")
    page.get_by_label("Username").fill(name)
    page.get_by_label("Password").fill(f"a long {name} password")
    page.get_by_role("button", name="Log in").click()


def test_an_editors_new_phone_number_waits_for_a_reviewer_then_visitors_see_it(new_context, site):
    from django.urls import reverse

    public = reverse("organizations:detail", kwargs={"slug": "coa"})
    page = new_context().new_page()
    log_in(page, "editor", "Editors")
    page.get_by_role("link", name="Organizations", exact=True).click()
    page.get_by_role("searchbox").fill("COA")
    page.keyboard.press("Enter")
    page.get_by_role("link", name="Centraal Orgaan opvang asielzoekers").click()
    page.locator("#id_phone").fill("088 715 7001")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist .success")).to_contain_text("waits for a Reviewer")

    visitor = new_context(viewport=PHONE).new_page()
    visitor.goto(public)
    expect(visitor.get_by_role("main")).to_contain_text("088 715 7000")
    expect(visitor.get_by_role("main")).not_to_contain_text("088 715 7001")

    desk = new_context().new_page()
    log_in(desk, "reviewer", "Reviewers")
    desk.get_by_role("link", name="1 change waiting for a Reviewer").click()
    desk.get_by_role("link", name="Centraal Orgaan opvang asielzoekers").click()
    expect(desk.locator("#differences")).to_contain_text("088 715 7001")
    expect(desk.locator("#differences")).to_contain_text("088 715 7000")
    desk.get_by_role("button", name="Approve and publish").click()
    expect(desk.locator(".messagelist .success")).to_contain_text("is live")

    visitor.goto(public)
    expect(visitor.get_by_role("main").locator("a[href='tel:+31887157001']")).to_be_visible()
    expect(visitor.get_by_role("main")).not_to_contain_text("088 715 7000")


# 6. Zoom and reflow --------------------------------------------------------------------------

REFLOW_PROBLEMS = """() => {
    const width = document.documentElement.clientWidth;
    const problems = [];
    const name = el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
        + (el.className && typeof el.className === 'string' ? '.' + el.className.split(' ')[0] : '')
        + ' "' + (el.innerText || '').trim().slice(0, 40) + '"';
    if (document.documentElement.scrollWidth > width + 1) {
        const scrolled = document.documentElement.scrollWidth;
        problems.push(`the page scrolls sideways: ${scrolled} > ${width}`);
    }
    for (const el of document.body.querySelectorAll('*')) {
        const r = el.getBoundingClientRect();
        if (r.width <= 1 || r.height <= 1 || el.closest('.skip-link')) continue;
        if (r.right > width + 1 || r.left < -1) {
            const span = `${Math.round(r.left)} to ${Math.round(r.right)}`;
            problems.push(`${name(el)} runs off the screen (${span})`);
        }
        const s = getComputedStyle(el);
        if (['hidden', 'clip'].includes(s.overflowX) && el.scrollWidth > el.clientWidth + 1
            && !['INPUT', 'SELECT', 'TEXTAREA'].includes(el.tagName)) {
            problems.push(`${name(el)} is cut off`);
        }
    }
    return problems.slice(0, 15);
}"""


@pytest.mark.parametrize("language", ["en", "ar"])
@pytest.mark.parametrize("mode", ["320px", "200%-text"])
def test_pages_reflow_without_sideways_scrolling(new_context, site, language, mode):
    from django.urls import reverse

    if language != "en":
        require_language(language)
    with translation.override(language):
        paths = {
            "home": reverse("procedures:journey"),
            "stage": reverse("procedures:stage", kwargs={"slug": "after-decision"}),
            "directory": reverse("organizations:list") + "?stage=after-decision&q=x",
            "directory-all": reverse("organizations:list"),
            "organization": reverse("organizations:detail", kwargs={"slug": "avim"}),
            "organization-long-urls": reverse(
                "organizations:detail", kwargs={"slug": "dienst-terugkeer-en-vertrek"}
            ),
            "404": reverse("organizations:detail", kwargs={"slug": "nope"}),
        }
    viewport = {"width": 320, "height": 640} if mode == "320px" else DESKTOP
    page = new_context(viewport=viewport).new_page()
    failures = {}
    for name, path in paths.items():
        page.goto(path)
        if mode == "200%-text":
            page.evaluate("document.documentElement.style.fontSize = '200%'")
        problems = page.evaluate(REFLOW_PROBLEMS)
        if problems:
            failures[name] = problems
            screenshot(page, f"reflow-{mode}-{language}-{name}")
    assert not failures, failures
