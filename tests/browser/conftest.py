"""Browser tests: Debian's Chromium, driven by Playwright, against the site on a live server.

They need /usr/bin/chromium (`apt-get install chromium`; never a browser download) and the
`dev` extra. Without them every test here is skipped with the reason, which `-rs` prints.

The live server sees only committed data, so these tests use `transactional_db`, which empties
the database after each test. The `site` fixture loads the seed data again after that, so every
later test, in this folder or not, starts from the same data as the rest of the suite.
"""

import importlib
import os
from pathlib import Path

import pytest
from django.core.management import call_command

from tests.conftest import FIXTURES

from .support import CHROMIUM, CHROMIUM_ARGS, DESKTOP, HERE

# Playwright's sync API runs an event loop in the test's thread, and Django refuses ORM calls
# from a thread with a running loop. The tests never share a connection between threads.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def _skip_reason():
    try:
        import axe_playwright_python  # noqa: F401
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "browser tests need Playwright and axe-playwright-python: pip install -e '.[dev]'"
    if not os.access(CHROMIUM, os.X_OK):
        return f"browser tests need Chromium at {CHROMIUM}: apt-get install -y chromium"
    return None


SKIP_REASON = _skip_reason()


def pytest_collection_modifyitems(config, items):
    if not SKIP_REASON:
        return
    skip = pytest.mark.skip(reason=SKIP_REASON)
    for item in items:
        if HERE in Path(item.path).parents:
            item.add_marker(skip)


def pytest_terminal_summary(terminalreporter):
    if SKIP_REASON:
        terminalreporter.write_line(f"BROWSER TESTS SKIPPED: {SKIP_REASON}", yellow=True, bold=True)


# The seed data, again after each live-server test --------------------------------------------


def restore_seed():
    """The seed data and the Editors and Reviewers groups, as a migrated and seeded database
    has them."""
    call_command("loaddata", *FIXTURES, verbosity=0)
    from django.contrib.auth.models import Group, Permission

    # The group comes from a data migration, which a flush does not run again.
    migration = importlib.import_module("procedures.migrations.0002_editors_group")
    roles = importlib.import_module("workflow.migrations.0002_editors_and_reviewers")

    def grant(group, spec):
        for app_label, models in spec.items():
            for model, actions in models.items():
                group.permissions.add(
                    *Permission.objects.filter(
                        content_type__app_label=app_label,
                        codename__in=[f"{action}_{model}" for action in actions],
                    )
                )

    editors, _ = Group.objects.get_or_create(name="Editors")
    grant(editors, migration.EDITOR_PERMISSIONS)
    grant(editors, roles.EDITORS_ADD)
    reviewers, _ = Group.objects.get_or_create(name="Reviewers")
    reviewers.permissions.add(*editors.permissions.all())
    grant(reviewers, roles.REVIEWERS_ONLY)


@pytest.fixture
def _seed_after_flush(django_db_blocker):
    # Requested before transactional_db, so this runs after its flush.
    yield
    with django_db_blocker.unblock():
        restore_seed()


@pytest.fixture(scope="session")
def _live_server(django_db_setup, django_db_blocker):
    from pytest_django.live_server_helper import LiveServer

    with django_db_blocker.unblock():
        server = LiveServer("127.0.0.1")
    yield server
    server.stop()


@pytest.fixture
def site(_seed_after_flush, transactional_db, _live_server):
    """The site on 127.0.0.1, serving the seed data; `site.url` is its address."""
    return _live_server


# The browser ---------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def chromium():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def new_context(chromium, site):
    """Makes browser contexts (fresh profiles: no cookies, no cache); all closed after the test."""
    contexts = []

    def make(**options):
        options.setdefault("viewport", DESKTOP)
        options.setdefault("locale", "en-GB")
        options.setdefault("base_url", site.url)
        context = chromium.new_context(**options)
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_context):
    """A page in a fresh desktop context, in English."""
    return new_context().new_page()
