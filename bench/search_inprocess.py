"""Search cost in-process, without a server: a quick check of how search grows with N.

For each size it makes the same database as bench/run.py (seed + N generated organizations),
then times uncached requests through Django's test client (page cache off) for each search
of bench/run.py and for the static file and the unfiltered directory, and prints the cost of
each as a multiple of theirs, and the growth from the first size to the last.

    .venv/bin/python bench/search_inprocess.py --sizes 100 10000
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import run  # noqa: E402 (bench/run.py, beside this file)


def timed(client, url, repeats):
    client.get(url, secure=True)  # warm: templates compiled, connection open
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        response = client.get(url, secure=True)
        times.append(time.perf_counter() - start)
        assert response.status_code == 200, (url, response.status_code)
    return statistics.median(times) * 1000


def measure(size, database_url, repeats):
    run.recreate_database(database_url)
    env = run.base_env(database_url, "", f"bench-search-{os.getpid()}-{size}")
    env["DJANGO_PAGE_CACHE_SECONDS"] = "0"
    run.prepare(env, size)
    for key in ("DATABASE_URL", "DJANGO_DEBUG", "DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS"):
        os.environ[key] = env[key]
    os.environ["DJANGO_PAGE_CACHE_SECONDS"] = "0"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "refugeeguide.settings")
    import django
    from django.db import connections
    from django.test import Client

    if not getattr(measure, "ready", False):
        sys.path.insert(0, str(run.ROOT))
        django.setup()
        measure.ready = True
    connections.close_all()
    client = Client()
    urls = {name: url for name, url in run.pages().items() if name in ("directory",)}
    urls["static file"] = run.pages()["static file (ceiling)"]
    urls |= run.search_pages()
    result = {}
    for name, url in urls.items():
        # Queries per page are locked by tests/test_queries.py, at 10 and 500 organizations.
        result[name] = timed(client, url, repeats)
    connections.close_all()
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 10_000])
    parser.add_argument("--repeats", type=int, default=30)
    args = parser.parse_args()
    os.chdir(run.ROOT)
    database_url = os.environ.get(
        "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/refugeeguide_bench_search"
    )
    results = {size: measure(size, database_url, args.repeats) for size in args.sizes}
    print("\n| N | page | ms (median) | x static | x directory |")
    print("|---:|---|---:|---:|---:|")
    for size, result in results.items():
        static, directory = result["static file"], result["directory"]
        for name, ms in result.items():
            print(f"| {size:,} | {name} | {ms:.1f} | {ms / static:.1f} | {ms / directory:.2f} |")
    if len(results) > 1:
        small, large = results[args.sizes[0]], results[args.sizes[-1]]
        print()
        for name in small:
            growth = (large[name] / large["static file"]) / (small[name] / small["static file"])
            print(f"- {name}: {growth:.2f}x from N = {args.sizes[0]:,} to N = {args.sizes[-1]:,}")


if __name__ == "__main__":
    main()
