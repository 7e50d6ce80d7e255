"""What a render costs in-process, with the page cache off: per page, at the seed and at N.

The embedded default (`make run`: SQLite, one process) has no Redis and no PostgreSQL planner
to hide a bad query, so this measures it there: a fresh SQLite database with the seed data, a
copy with N generated organizations (`generate_organizations`, which runs ANALYZE), and the
median CPU time of this process (SQLite runs in it) for each page rendered through Django's
test client, after a warm-up.

    .venv/bin/python bench/inprocess.py                   # seed and 10,000, SQLite
    .venv/bin/python bench/inprocess.py --sizes 1000 10000
    .venv/bin/python bench/inprocess.py --profile home    # where a render's time goes (cProfile)
    .venv/bin/python bench/inprocess.py --database-url postgres://... --measure   # any database

bench/run.py runs it too and puts its table in docs/benchmarks.md.
"""

import argparse
import json
import os
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable

PAGES = {
    "home (journey)": "/en/",
    "stage": "/en/stages/after-decision/",
    "directory": "/en/organizations/",
    "directory, filtered": "/en/organizations/"
    "?stage=job-market&topic=work-and-internships&municipality=amsterdam",
    "organization": "/en/organizations/coa/",
    "search": "/en/organizations/?q=vluchtelingen",
    "glossary": "/en/glossary/",
}


def environment(database_url):
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "testserver",
        "DJANGO_PAGE_CACHE_SECONDS": "0",
        "DJANGO_LOG_LEVEL": "WARNING",
    }
    env.pop("REDIS_URL", None)
    return env


def manage(env, *args):
    subprocess.run(  # noqa: S603
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL
    )


def measure(repeat):
    """In this process (Django set up from the environment): median ms and queries per page."""
    import django

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "refugeeguide.settings")
    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings

    client = Client()
    result = {}
    # The plain storage: the hashed manifest exists only after collectstatic.
    storages = {"staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
    with override_settings(STORAGES=storages):
        for name, url in PAGES.items():
            for _warm_up in range(2):
                response = client.get(url, secure=True)
                assert response.status_code == 200, (url, response.status_code)
            times = []
            for _ in range(repeat):
                # CPU time of this process, which on SQLite includes the database's work:
                # unlike the wall clock, it does not count waiting for a CPU that another
                # process holds, so a busy machine moves it far less.
                start = time.process_time()
                client.get(url, secure=True)
                times.append(time.process_time() - start)
            with CaptureQueriesContext(connection) as queries:
                client.get(url, secure=True)
            result[name] = {
                "ms": statistics.median(times) * 1000,
                "queries": len(queries),
                "query_ms": sum(float(q["time"]) for q in queries.captured_queries) * 1000,
            }
    return result


def profile(page, repeat):
    import cProfile
    import pstats

    import django

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "refugeeguide.settings")
    django.setup()
    from django.test import Client
    from django.test.utils import override_settings

    storages = {"staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
    with override_settings(STORAGES=storages):
        client = Client()
        url = PAGES[page]
        client.get(url, secure=True)
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(repeat):
            client.get(url, secure=True)
        profiler.disable()
    stats = pstats.Stats(profiler).sort_stats("cumulative")
    stats.print_stats(40)
    stats.sort_stats("tottime").print_stats(25)


def run_in_child(database_url, repeat):
    output = subprocess.run(  # noqa: S603
        [PYTHON, __file__, "--measure", "--repeat", str(repeat)],
        cwd=ROOT,
        env=environment(database_url),
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def sqlite_databases(sizes, directory):
    """The seed database, and a copy with N generated organizations for each size."""
    seed = Path(directory) / "seed.sqlite3"
    env = environment(f"sqlite:///{seed}")
    manage(env, "migrate", "--noinput", "--verbosity", "0")
    fixtures = sorted(str(p) for p in (ROOT / "fixtures").glob("*.json"))
    manage(env, "loaddata", "--verbosity", "0", *fixtures)
    databases = {0: f"sqlite:///{seed}"}
    for size in sizes:
        path = Path(directory) / f"n{size}.sqlite3"
        shutil.copy(seed, path)
        manage(environment(f"sqlite:///{path}"), "generate_organizations", str(size))
        databases[size] = f"sqlite:///{path}"
    return databases


def run(sizes, repeat):
    """{size: {page: {...}}} for the seed (size 0) and each size, on SQLite."""
    with tempfile.TemporaryDirectory() as directory:
        databases = sqlite_databases(sizes, directory)
        return {size: run_in_child(url, repeat) for size, url in databases.items()}


def table(results):
    sizes = sorted(results)
    seed, largest = sizes[0], sizes[-1]
    header = "| page | " + " | ".join("seed" if size == 0 else f"N = {size:,}" for size in sizes)
    lines = [
        header + " | growth | queries |",
        "|---|" + "---:|" * len(sizes) + "---:|---:|",
    ]
    worst = 0.0
    for page in results[seed]:
        growth = results[largest][page]["ms"] / max(results[seed][page]["ms"], 0.001)
        worst = max(worst, growth)
        cells = " | ".join(f"{results[size][page]['ms']:.1f} ms" for size in sizes)
        queries = " / ".join(str(results[size][page]["queries"]) for size in sizes)
        lines.append(f"| {page} | {cells} | {growth:.2f}x | {queries} |")
    return lines, worst


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000])
    parser.add_argument("--repeat", type=int, default=20, help="renders per page")
    parser.add_argument("--measure", action="store_true", help="measure DATABASE_URL as it is")
    parser.add_argument("--database-url", help="with --measure: this database, not SQLite")
    parser.add_argument("--profile", choices=list(PAGES), help="profile one page with cProfile")
    args = parser.parse_args()
    if args.database_url:
        os.environ.update(environment(args.database_url))
    if args.profile:
        if not args.database_url and "DATABASE_URL" not in os.environ:
            sys.exit("--profile needs --database-url (or DATABASE_URL)")
        profile(args.profile, args.repeat)
    elif args.measure:
        print(json.dumps(measure(args.repeat)))
    else:
        results = run(args.sizes, args.repeat)
        lines, worst = table(results)
        print("\n".join(lines))
        print(f"\nworst growth {worst:.2f}x")


if __name__ == "__main__":
    main()
