"""The load benchmark: the production server on PostgreSQL, measured against its own ceiling.

For each size N (organizations generated on top of the seed data) it:

1. makes a fresh PostgreSQL database, migrates it, loads the seed, generates N organizations
   and collects the static files;
2. starts gunicorn with the production settings (debug off, WhiteNoise, Redis cache when
   Redis answers) and measures each public page with wrk, plus one static file served by the
   same server in the same run: the practical ceiling. Pages are measured cached (the normal
   case) and with the page cache off (the cost of rendering);
3. runs a mixed soak over every page at 64 connections and counts failed requests;
4. counts the database queries of each page (cache empty, then cached) and weighs it.

It prints a Markdown table and writes it to docs/benchmarks.md.

    .venv/bin/python bench/run.py                      # N = 100 and 10,000
    .venv/bin/python bench/run.py --sizes 100 --duration 5 --soak 10
    .venv/bin/python bench/run.py --sizes 100 --pages home --soak 0 --output /tmp/b.md
                                  # one page (names start with it) against the static file

Needs: PostgreSQL (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/
refugeeguide_bench; the database is dropped and made again), wrk (`apt-get install wrk`), and
optionally Redis (REDIS_URL, default redis://127.0.0.1:6379/0).
"""

import argparse
import datetime
import gzip
import json
import os
import platform
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
TARGET_RATIO = 0.8
TARGET_GROWTH = 1.5
HOME_BUDGET = 30 * 1024
AFTER_SAVE_MARGIN_MS = 100


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 10_000])
    parser.add_argument("--duration", type=int, default=10, help="seconds per page, cached")
    parser.add_argument("--uncached-duration", type=int, default=5, help="seconds per page")
    parser.add_argument("--soak", type=int, default=60, help="seconds of the mixed load run")
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--workers", type=int, default=None, help="gunicorn workers")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--after-save", type=int, default=5, help="seconds measured after a save")
    parser.add_argument(
        "--sqlite-repeat", type=int, default=20, help="renders per page in-process (0: skip)"
    )
    parser.add_argument(
        "--pages",
        nargs="+",
        help="measure only the pages whose names start with these (the static file always)",
    )
    parser.add_argument("--output", default=str(ROOT / "docs" / "benchmarks.md"))
    return parser.parse_args()


def redis_url():
    url = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
    parts = urlsplit(url)
    try:
        with socket.create_connection((parts.hostname, parts.port or 6379), timeout=1):
            return url
    except OSError:
        return ""


def base_env(database_url, cache_url, prefix):
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "DJANGO_CACHE_KEY_PREFIX": prefix,
        "GUNICORN_ACCESS_LOG": "off",
        "DJANGO_LOG_LEVEL": "WARNING",
    }
    env.pop("REDIS_URL", None)
    if cache_url:
        env["REDIS_URL"] = cache_url
    return env


def manage(env, *args):
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True)  # noqa: S603


def recreate_database(database_url):
    import psycopg

    parts = urlsplit(database_url)
    name = parts.path.lstrip("/")
    admin = database_url.replace(parts.path, "/postgres")
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def prepare(env, size):
    manage(env, "migrate", "--noinput", "--verbosity", "0")
    fixtures = sorted(str(p) for p in (ROOT / "fixtures").glob("*.json"))
    manage(env, "loaddata", "--verbosity", "0", *fixtures)
    manage(env, "generate_organizations", str(size))
    manage(env, "collectstatic", "--noinput", "--verbosity", "0")


class Server:
    started = 0

    def __init__(self, env, port, workers):
        # A new port each time: a server still finishing its last requests never answers for
        # the next one.
        Server.started += 1
        self.port = port + Server.started
        command = [str(Path(PYTHON).with_name("gunicorn")), "refugeeguide.wsgi"]
        command += ["--bind", f"127.0.0.1:{self.port}"]
        if workers:
            command += ["--workers", str(workers)]
        self.log = tempfile.TemporaryFile()  # noqa: SIM115 (kept open while the server runs)
        self.process = subprocess.Popen(  # noqa: S603
            command, cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT
        )
        self.wait_until_up()

    def wait_until_up(self):
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                probe = urllib.request.Request(
                    f"http://127.0.0.1:{self.port}/healthz",
                    headers={"X-Forwarded-Proto": "https"},
                )
                with urllib.request.urlopen(probe, timeout=2):  # noqa: S310
                    return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError("gunicorn did not start")

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()

    def errors_logged(self):
        self.log.seek(0)
        text = self.log.read().decode(errors="replace")
        return [line for line in text.splitlines() if "Traceback" in line or " 500 " in line]


def wrk(port, path, duration, connections, threads, script=None):
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--latency"]
    # A slow answer is slow, not failed: only after 10 s does wrk count it as a timeout.
    command += ["--timeout", "10s"]
    command += ["-H", "X-Forwarded-Proto: https", "-H", "Accept-Encoding: gzip, br"]
    if script:
        command += ["-s", script]
    command.append(f"http://127.0.0.1:{port}{path}")
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout  # noqa: S603
    return parse_wrk(output)


UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}


# Counts the page cache's answers (X-Cache: hit, stale or miss) over every wrk thread.
COUNT_CACHE_LUA = """
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) hit = 0; stale = 0; miss = 0 end
function response(status, headers, body)
  local state = headers["X-Cache"]
  if state == "hit" then hit = hit + 1
  elseif state == "stale" then stale = stale + 1
  elseif state == "miss" then miss = miss + 1 end
end
function done(summary, latency, requests)
  local h, s, m = 0, 0, 0
  for _, t in ipairs(threads) do
    h = h + t:get("hit"); s = s + t:get("stale"); m = m + t:get("miss")
  end
  io.write(string.format("X-Cache hit=%d stale=%d miss=%d\\n", h, s, m))
end
"""


def parse_wrk(output):
    result = {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))}
    counted = re.search(r"X-Cache hit=(\d+) stale=(\d+) miss=(\d+)", output)
    if counted:
        result["hit"], result["stale"], result["miss"] = (int(n) for n in counted.groups())
    for percent in ("50", "90", "99"):
        match = re.search(rf"^\s+{percent}%\s+([\d.]+)(us|ms|s|m)\s*$", output, re.MULTILINE)
        result[f"p{percent}"] = float(match.group(1)) * UNITS[match.group(2)] if match else 0.0
    result["requests"] = int(re.search(r"(\d+) requests in", output).group(1))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    sockets = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    result["failed"] = (int(non_2xx.group(1)) if non_2xx else 0) + (
        sum(int(n) for n in sockets.groups()) if sockets else 0
    )
    if result["requests"] == 0:
        # Nothing came back at all: every connection timed out.
        result["failed"] = max(result["failed"], 1)
    result["raw"] = output
    return result


def pages():
    """The public pages, by name, with their addresses as the site builds them."""
    from django.templatetags.static import static
    from django.urls import reverse
    from django.utils import translation

    from hsds.models import mint

    with translation.override("en"):
        directory = reverse("organizations:list")
        return {
            "home (journey)": reverse("procedures:journey"),
            "stage": reverse("procedures:stage", args=["after-decision"]),
            "directory": directory,
            "directory, filtered": directory
            + "?stage=job-market&topic=work-and-internships&municipality=amsterdam",
            "organization": reverse("organizations:detail", args=["coa"]),
            "search": directory + "?q=vluchtelingen",
            # The HSDS API (hsds/): lists of 50, a stage's services, one organization by id.
            "API: organizations": reverse("hsds:organizations"),
            "API: services": reverse("hsds:services"),
            "API: services at a stage": reverse("hsds:services")
            + f"?taxonomy_term_id={mint('stage:after-decision')}",
            "API: organization": reverse("hsds:organization", args=[mint("organization:coa")]),
            "static file (ceiling)": static("css/site.css"),
        }


# Search (issue 11): real queries are all different, so search is measured uncached too. Several
# kinds of query: a typo, a need in Arabic, a broad Dutch word that matches thousands of
# generated organizations, an acronym, and the directory's q with a filter.
SEARCH_QUERIES = {
    "search: typo": "imigration",
    "search: need (Arabic)": "محامي",
    "search: broad word": "werk",
    "search: acronym": "D.T.&V.",
}


def cost_growth(small, large, mode, name):
    """How much dearer a page is at the larger size, and how that was measured.

    Cost = time per request relative to the static file in the same run, so machine noise
    cancels out. A page that answered nothing within wrk's timeout at either size has no
    rate to compare; its one in-process render at each size stands in, and says so.
    """
    rates = [result[mode][name]["rps"] for result in (small, large)]
    if min(rates) > 0:
        ceilings = [result[mode]["static file (ceiling)"]["rps"] for result in (small, large)]
        return (ceilings[1] / rates[1]) / (ceilings[0] / rates[0]), ""
    renders = [result["weights"].get(name, {}).get("render_ms") for result in (small, large)]
    if all(renders):
        return renders[1] / renders[0], ", from one render each: no answer within wrk's timeout"
    return float("inf"), ": no answer within wrk's timeout, and no render to compare"


def search_pages():
    from urllib.parse import quote

    from django.urls import reverse
    from django.utils import translation

    with translation.override("en"):
        results = reverse("search:results")
        directory = reverse("organizations:list")
    urls = {name: f"{results}?q={quote(q)}" for name, q in SEARCH_QUERIES.items()}
    urls["search: directory q + filter"] = f"{directory}?q=shelter&stage=after-decision"
    return urls


def search_section(results):
    """Search uncached, per size: against the static file and the unfiltered directory."""
    lines = [
        "## Search (uncached)",
        "",
        "Cost = time per request, as a multiple of the static file's (and of the unfiltered "
        "directory's), both uncached in the same run.",
        "",
        "| N | query | req/s | x static | x directory | queries |",
        "|---:|---|---:|---:|---:|---:|",
    ]
    for result in results:
        uncached = result["uncached"]
        static = uncached["static file (ceiling)"]["rps"]
        directory = uncached.get("directory", {"rps": 0})["rps"]
        for name in [n for n in search_pages() if n in uncached]:
            rps = max(uncached[name]["rps"], 0.01)
            lines.append(
                f"| {result['size']:,} | {name} | {rps:,.0f} | {static / rps:.1f} "
                f"| {directory / rps:.2f} | {result['weights'][name]['queries']} |"
            )
    if len(results) > 1:
        small, large = results[0], results[-1]
        lines.append("")
        for name in [n for n in search_pages() if n in small["uncached"]]:
            growth, how = cost_growth(small, large, "uncached", name)
            lines.append(
                f"- {name}: cost at N = {large['size']:,} is {growth:.2f}x "
                f"the cost at N = {small['size']:,}{how} (goal: at most 1.5x)."
            )
    return lines + [""]


def measure_in_process(urls):
    """Queries per page with the cache empty and then warm, and the weight of each page."""
    from django.contrib.staticfiles import finders
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from common.cache import invalidate

    client = Client()
    css_path = Path(finders.find("css/site.css"))
    css = css_path.read_bytes()
    result = {}
    for name, url in urls.items():
        if name.startswith("static"):
            continue
        client.get(url, secure=True)  # templates loaded, connections open: a render, no more
        invalidate()
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as cold:
            response = client.get(url, secure=True)
        render_ms = (time.perf_counter() - started) * 1000
        assert response.status_code == 200, (url, response.status_code)
        with CaptureQueriesContext(connection) as warm:
            again = client.get(url, secure=True)
        assert again.status_code == 200
        html = response.content
        result[name] = {
            "queries": len(cold),
            "render_ms": render_ms,
            "queries_cached": len(warm),
            "html": len(html),
            "html_gz": len(gzip.compress(html, 6)),
            "css": len(css),
            "css_gz": len(gzip.compress(css, 6)),
        }
    return result


def soak_script(urls, directory):
    lines = ["paths = {"] + [f'  "{u}",' for n, u in urls.items() if not n.startswith("static")]
    lines += [
        "}",
        "counter = 0",
        "request = function()",
        "  counter = counter % #paths + 1",
        '  return wrk.format("GET", paths[counter])',
        "end",
    ]
    path = Path(directory) / "soak.lua"
    path.write_text("\n".join(lines) + "\n")
    return str(path)


def database_transactions(database_url):
    """Transactions the server's database has run so far: each query of a render is one."""
    import psycopg

    name = urlsplit(database_url).path.lstrip("/")
    with psycopg.connect(database_url, autocommit=True) as connection:
        row = connection.execute(
            "SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = %s", [name]
        ).fetchone()
    return row[0]


def after_save(env, args, url, database_url, queries_per_render):
    """The page cached and busy, then an editor's save: how the next seconds go.

    Renders are counted twice: the answers that say `X-Cache: miss`, and (for a version of the
    site without that header) the database's transactions over the queries of one render.
    """
    from django.db import connections

    from organizations.models import Organization

    server = Server(env, args.port, args.workers)
    try:
        wrk(server.port, url, 1, args.connections, args.threads)  # cached now
        # The save, as the admin makes it: every page is stale at once.
        Organization.objects.get(slug="coa").save()
        connections.close_all()
        time.sleep(1)  # PostgreSQL counts a session's transactions when it ends or idles
        before = database_transactions(database_url)
        with tempfile.TemporaryDirectory() as directory:
            script = Path(directory) / "count.lua"
            script.write_text(COUNT_CACHE_LUA)
            stats = wrk(
                server.port, url, args.after_save, args.connections, args.threads, str(script)
            )
    finally:
        server.stop()
    time.sleep(1)
    transactions = database_transactions(database_url) - before
    # A render's queries, plus the health check of its connection.
    stats["renders_by_database"] = transactions / (queries_per_render + 1)
    return stats


def selected(urls, names):
    if not names:
        return urls
    return {
        name: url
        for name, url in urls.items()
        if name.startswith("static") or any(name.startswith(n) for n in names)
    }


def run_size(size, args, database_url, cache_url):
    print(f"\n=== N = {size:,} ===", flush=True)
    recreate_database(database_url)
    prefix = f"bench-{os.getpid()}-{size}"
    env = base_env(database_url, cache_url, prefix)
    prepare(env, size)
    os.environ.update({k: env[k] for k in ("DATABASE_URL", "DJANGO_CACHE_KEY_PREFIX")})

    import django
    from django.db import connections

    if not getattr(run_size, "django_ready", False):
        for key in ("DJANGO_DEBUG", "DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS"):
            os.environ[key] = env[key]
        if cache_url:
            os.environ["REDIS_URL"] = cache_url
        os.environ["DJANGO_SETTINGS_MODULE"] = "refugeeguide.settings"
        sys.path.insert(0, str(ROOT))
        django.setup()
        run_size.django_ready = True
    connections.close_all()
    from django.core.cache import caches

    # Django was set up for the first size: this size's servers use their own key prefix.
    caches["default"].key_prefix = prefix

    from organizations.models import Organization

    urls = selected(pages() | search_pages(), args.pages)
    result = {
        "size": size,
        "organizations": Organization.objects.count(),
        "pages": {},
        "uncached": {},
        "after_save": {},
    }
    result["weights"] = measure_in_process(urls)
    connections.close_all()

    # A fresh server for each page, so a page that jams the workers cannot slow the next one.
    for name, url in urls.items():
        server = Server(env, args.port, args.workers)
        try:
            wrk(server.port, url, 1, args.connections, args.threads)  # warm up
            stats = wrk(server.port, url, args.duration, args.connections, args.threads)
        finally:
            server.stop()
        result["pages"][name] = stats
        print(f"  cached   {name:24} {stats['rps']:8.0f} req/s  p99 {stats['p99']:.1f} ms")
    result["soak"], result["server_errors"] = None, []
    if args.soak:
        server = Server(env, args.port, args.workers)
        try:
            with tempfile.TemporaryDirectory() as directory:
                script = soak_script(urls, directory)
                soak = wrk(server.port, "/", args.soak, args.connections, args.threads, script)
            result["soak"] = soak
            print(f"  soak {args.soak}s: {soak['requests']} requests, {soak['failed']} failed")
            result["server_errors"] = server.errors_logged()
        finally:
            server.stop()

    for name, url in urls.items():
        if name.startswith("static"):
            continue
        stats = after_save(env, args, url, database_url, result["weights"][name]["queries"])
        result["after_save"][name] = stats
        print(
            f"  after a save {name:20} p99 {stats['p99']:.1f} ms, renders "
            f"{stats.get('miss', '?')} (X-Cache), {stats['renders_by_database']:.1f} (database)"
        )

    uncached_env = {**env, "DJANGO_PAGE_CACHE_SECONDS": "0"}
    for name, url in urls.items():
        server = Server(uncached_env, args.port, args.workers)
        try:
            wrk(server.port, url, 2, args.connections, args.threads)
            stats = wrk(server.port, url, args.uncached_duration, args.connections, args.threads)
        finally:
            server.stop()
        result["uncached"][name] = stats
        print(f"  uncached {name:24} {stats['rps']:8.0f} req/s  p99 {stats['p99']:.1f} ms")
    return result


def mark(ok):
    return "yes" if ok else "**no**"


def report(results, args, cache_url):
    workers = args.workers or (os.cpu_count() or 1) * 2 + 1
    commit = subprocess.run(  # noqa: S603
        ["git", "rev-parse", "--short", "HEAD"],  # noqa: S607
        cwd=ROOT,
        capture_output=True,
        text=True,
    ).stdout.strip()
    lines = [
        "# Benchmarks",
        "",
        f"Run on {datetime.date.today().isoformat()} with `bench/run.py` (commit {commit}, "
        "plus the working tree), on "
        f"{platform.machine()} with {os.cpu_count()} CPUs, Python {platform.python_version()}.",
        f"gunicorn with {workers} sync workers, `DJANGO_DEBUG=0`, PostgreSQL, cache: "
        f"{'Redis' if cache_url else 'local memory'}. wrk with {args.threads} threads and "
        f"{args.connections} connections on the same machine (it competes with the server for "
        "the CPUs), sending `X-Forwarded-Proto: https` as the TLS proxy would and "
        "`Accept-Encoding: gzip, br` as a browser does.",
        f"Each page: {args.duration} s cached, {args.uncached_duration} s with the page cache "
        f"off, after a 1 s warm-up. Ratio = the page's requests per second / the static file's "
        f"(`site.css`, served by WhiteNoise from the same server in the same run).",
        "",
    ]
    lines += summary(results)
    for result in results:
        static = result["pages"]["static file (ceiling)"]["rps"]
        static_uncached = result["uncached"]["static file (ceiling)"]["rps"]
        lines += [
            f"## N = {result['size']:,} generated organizations "
            f"({result['organizations']:,} in all)",
            "",
            "| page | req/s cached | ratio | p50 / p90 / p99 ms | req/s uncached | ratio "
            "| p99 ms uncached | queries (cold / cached) |",
            "|---|---:|---:|---|---:|---:|---:|---|",
        ]
        for name, stats in result["pages"].items():
            uncached = result["uncached"][name]
            weights = result["weights"].get(name)
            queries = f"{weights['queries']} / {weights['queries_cached']}" if weights else "0"
            lines.append(
                f"| {name} | {stats['rps']:,.0f} | {stats['rps'] / max(static, 1):.2f} "
                f"| {stats['p50']:.1f} / {stats['p90']:.1f} / {stats['p99']:.1f} "
                f"| {uncached['rps']:,.0f} | {uncached['rps'] / max(static_uncached, 1):.2f} "
                f"| {uncached['p99']:.1f} | {queries} |"
            )
        soak = result["soak"]
        if soak:
            lines += [
                "",
                f"Mixed load over the pages, {args.soak} s at {args.connections} connections: "
                f"{soak['requests']:,} requests, {soak['rps']:,.0f} req/s, "
                f"p99 {soak['p99']:.1f} ms, **{soak['failed']} failed** (non-2xx/3xx or socket "
                f"errors); {len(result['server_errors'])} errors in the server log.",
            ]
        lines.append("")
        if result.get("after_save"):
            lines += [
                f"Right after an editor's save (every page stale at once), {args.after_save} s "
                f"at {args.connections} connections on one page: how long the answers took, and "
                "how often the page was rendered (the answers saying `X-Cache: miss`, and the "
                "database's transactions over one render's queries):",
                "",
                "| page | req/s | p50 / p99 ms | one render ms | renders (X-Cache) "
                "| previous version served | renders (database) |",
                "|---|---:|---|---:|---:|---:|---:|",
            ]
            for name, stats in result["after_save"].items():
                lines.append(
                    f"| {name} | {stats['rps']:,.0f} | {stats['p50']:.1f} / {stats['p99']:.1f} "
                    f"| {result['weights'][name]['render_ms']:.0f} "
                    f"| {stats.get('miss', 'n/a')} | {stats.get('stale', 'n/a')} "
                    f"| {stats['renders_by_database']:.1f} |"
                )
            lines.append("")

    first = results[0]
    lines += [
        "## Page weight",
        "",
        f"At N = {first['size']:,}. gzip level 6; CSS is the one stylesheet every page loads "
        "(WhiteNoise serves it pre-compressed).",
        "",
        "| page | HTML | HTML gzip | + CSS | + CSS gzip |",
        "|---|---:|---:|---:|---:|",
    ]
    for name, w in first["weights"].items():
        lines.append(
            f"| {name} | {w['html'] / 1024:.1f} KB | {w['html_gz'] / 1024:.1f} KB "
            f"| {(w['html'] + w['css']) / 1024:.1f} KB "
            f"| {(w['html_gz'] + w['css_gz']) / 1024:.1f} KB |"
        )

    if any(name in first["uncached"] for name in search_pages()):
        lines += ["", *search_section(results)]
    sqlite = getattr(args, "sqlite_results", None)
    if sqlite:
        import inprocess

        table, _worst = inprocess.table(sqlite)
        lines += [
            "",
            "## In-process on SQLite (the embedded default), page cache off",
            "",
            "What `make run` serves: each page rendered through Django's test client on a SQLite "
            "database with the seed data, and on copies with N generated organizations; median "
            f"CPU time of {args.sqlite_repeat} renders (SQLite runs in the same process, so its "
            "work is included; `bench/inprocess.py`).",
            "",
            *table,
        ]

    lines += ["", "## Targets", ""]
    if "home (journey)" in first["weights"]:
        home = first["weights"]["home (journey)"]["html"]
        lines.append(
            f"- Home page under 30 KB before compression: {home / 1024:.1f} KB, "
            f"{mark(home < HOME_BUDGET)}."
        )
    for result in results:
        static = result["pages"]["static file (ceiling)"]["rps"]
        misses = [
            f"{name} ({stats['rps'] / max(static, 1):.2f})"
            for name, stats in result["pages"].items()
            if stats["rps"] / max(static, 1) < TARGET_RATIO
        ]
        lines.append(
            f"- N = {result['size']:,}: every page at least {TARGET_RATIO} of the static file "
            f"when cached: {mark(not misses)}"
            + (f"; misses: {', '.join(misses)}." if misses else ".")
        )
        if result["soak"]:
            lines.append(
                f"- N = {result['size']:,}: zero failed requests under load: "
                f"{mark(result['soak']['failed'] == 0)}."
            )
    if len(results) > 1:
        small, large = results[0], results[-1]
        for mode, label in (("pages", "cached"), ("uncached", "uncached")):
            growth = []
            for name in small[mode]:
                if name.startswith("static") or name not in large[mode]:
                    continue
                growth.append((name, *cost_growth(small, large, mode, name)))
            misses = [f"{n} ({g:.2f}x{how})" for n, g, how in growth if g > TARGET_GROWTH]
            worst = max(g for _n, g, _how in growth)
            lines.append(
                f"- Cost at N = {large['size']:,} at most {TARGET_GROWTH}x the cost at "
                f"N = {small['size']:,}, {label}: worst {worst:.2f}x, {mark(not misses)}"
                + (f"; misses: {', '.join(misses)}." if misses else ".")
            )
    for result in results:
        workers = args.workers or (os.cpu_count() or 1) * 2 + 1
        renders = [
            stats.get("miss", stats["renders_by_database"])
            for stats in result.get("after_save", {}).values()
        ]
        if renders:
            lines.append(
                f"- N = {result['size']:,}: after a save, each page rendered at most once per "
                f"worker ({workers}): most {max(renders):.0f}, {mark(max(renders) <= workers)}."
            )
            # No request waits much longer than one render: the p99 after a save against the
            # page's cached p99 plus its slowest single render (in-process, cold) and a margin.
            slow = []
            for name, stats in result["after_save"].items():
                bound = (
                    result["pages"][name]["p99"]
                    + result["weights"][name]["render_ms"]
                    + AFTER_SAVE_MARGIN_MS
                )
                if stats["p99"] > bound:
                    slow.append(f"{name} ({stats['p99']:.0f} > {bound:.0f} ms)")
            lines.append(
                f"- N = {result['size']:,}: after a save, p99 at most the cached p99 + one render "
                f"+ {AFTER_SAVE_MARGIN_MS} ms: {mark(not slow)}"
                + (f"; misses: {', '.join(slow)}." if slow else ".")
            )
    if sqlite:
        import inprocess

        _table, worst = inprocess.table(sqlite)
        lines.append(
            f"- In-process on SQLite, cost at N = {max(sqlite):,} at most {TARGET_GROWTH}x the "
            f"cost on the seed: worst {worst:.2f}x, {mark(worst <= TARGET_GROWTH)}."
        )
    lines.append("")
    return "\n".join(lines)


def summary(results):
    """The table of the issue: cached ratio and uncached requests per second at each size."""
    sizes = [result["size"] for result in results]
    lines = [
        "## Summary",
        "",
        "| page | "
        + " | ".join(f"cached ratio N={size:,}" for size in sizes)
        + " | "
        + " | ".join(f"uncached req/s N={size:,}" for size in sizes)
        + " |",
        "|---|" + "---:|" * (2 * len(sizes)),
    ]
    for name in results[0]["pages"]:
        if name.startswith("static"):
            continue
        ratios = []
        for result in results:
            static = result["pages"]["static file (ceiling)"]["rps"]
            ratios.append(f"{result['pages'][name]['rps'] / max(static, 1):.2f}")
        uncached = [f"{result['uncached'][name]['rps']:,.0f}" for result in results]
        lines.append(f"| {name} | " + " | ".join(ratios + uncached) + " |")
    statics = ", ".join(
        f"{result['pages']['static file (ceiling)']['rps']:,.0f}" for result in results
    )
    lines += ["", f"The static file did {statics} req/s cached in the same runs.", ""]
    return lines


def main():
    args = parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk not found: apt-get install wrk")
    os.chdir(ROOT)
    database_url = os.environ.get(
        "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/refugeeguide_bench"
    )
    cache_url = redis_url()
    results = [run_size(size, args, database_url, cache_url) for size in args.sizes]
    if args.sqlite_repeat:
        sys.path.insert(0, str(ROOT / "bench"))
        import inprocess

        print("\n=== in-process on SQLite ===", flush=True)
        args.sqlite_results = inprocess.run(args.sizes, args.sqlite_repeat)
    text = report(results, args, cache_url)
    print("\n" + text)
    Path(args.output).parent.mkdir(parents=True, exist_ok=True)
    Path(args.output).write_text(text)
    (Path(args.output).with_suffix(".json")).write_text(
        json.dumps(
            [
                {k: v for k, v in r.items() if k not in ("server_errors",)}
                | {"server_errors": r["server_errors"][:20]}
                for r in results
            ],
            indent=2,
            default=str,
        )
    )
    print(f"Written to {args.output}")


if __name__ == "__main__":
    main()
