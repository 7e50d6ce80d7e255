"""The documented backup (README, "Backups") restores every public page exactly.

python manage.py dumpdata organizations procedures glossary --natural-foreign -o backup.json
python manage.py loaddata backup.json        # into a migrated, empty database
"""

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command

from common.cache import invalidate

from .pages import render_all

pytestmark = pytest.mark.django_db


def content_apps():
    return sorted(
        a.label for a in apps.get_app_configs() if a.label in settings.PUBLIC_CONTENT_APPS
    )


def test_dumpdata_then_loaddata_restores_every_public_page_exactly(client, tmp_path):
    before = render_all(client)
    assert len(before) > 100

    backup = tmp_path / "backup.json"
    call_command("dumpdata", *content_apps(), "--natural-foreign", "-o", str(backup), verbosity=0)

    # Lose everything the public sees ...
    for label in content_apps():
        for model in apps.get_app_config(label).get_models():
            model.objects.all().delete()
    invalidate()
    from django.urls import reverse

    assert client.get(reverse("organizations:detail", args=["coa"])).status_code == 404

    # ... and bring it back.
    call_command("loaddata", str(backup), verbosity=0)
    invalidate()
    after = render_all(client)
    assert after.keys() == before.keys()
    changed = [url for url in before if before[url] != after[url]]
    assert not changed, changed
