from pathlib import Path

import pytest
from django.core.management import call_command

FIXTURES = sorted(str(path) for path in (Path(__file__).parent.parent / "fixtures").glob("*.json"))


@pytest.fixture(autouse=True)
def plain_static_files(settings):
    # The hashed-name manifest exists only after collectstatic, which CI checks on its own.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def english_by_default():
    # A request leaves its language active in the thread; each test starts in English.
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def fresh_page_cache():
    # Each test sees pages rendered from its own data. A version bump, not cache.clear(), so a
    # shared Redis keeps what other processes put there.
    from common.cache import invalidate

    invalidate()


@pytest.fixture
def editor(client):
    """A member of the Editors group, logged in with `client`."""
    from django.contrib.auth.models import Group, User

    user = User.objects.create_user("editor", password="a long editor password", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    client.force_login(user)
    return user


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Every test starts from the seed data, loaded once the way a new machine loads it."""
    with django_db_blocker.unblock():
        call_command("loaddata", *FIXTURES, verbosity=0)
    yield
    # After the browser tests, a live-server request thread can still hold an idle PostgreSQL
    # session (one per run was seen; browsers keep their HTTP connections open), which would
    # keep the test database from being dropped at the end of the run.
    from django.db import connection

    if connection.vendor == "postgresql":
        with django_db_blocker.unblock(), connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
