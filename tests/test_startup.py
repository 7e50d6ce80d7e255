"""A new gunicorn worker is ready for its first visitor.

Every worker imports `refugeeguide.wsgi` when it starts. The first visitor it serves must not
pay for what could be done once at start: importing jsonschema with its format checkers, which
compiles some forty URI grammars (about 5 s of CPU), held every new worker's first page for
seconds, and after a deploy every worker is new at once.
"""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PROBE = """
import sys
import refugeeguide.wsgi
from django.test import Client
status = Client().get("/api/hsds/openapi.json", secure=True).status_code
print(status, "jsonschema" in sys.modules)
"""


def test_a_new_worker_serves_its_first_page_without_importing_the_schema_validator():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "refugeeguide.settings",
        "DJANGO_DEBUG": "1",
        "DJANGO_PAGE_CACHE_SECONDS": "0",
    }
    output = subprocess.run(  # noqa: S603
        [sys.executable, "-c", PROBE], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    ).stdout.split()
    status, imported = output[-2:]
    assert status == "200"
    assert imported == "False", "serving the API imported jsonschema"
