"""The database goes away while the production server is serving: PostgreSQL only.

The test runs the real thing: gunicorn with the production settings, on its own PostgreSQL
database, reached through a small TCP proxy the test controls. Under a steady stream of requests:

1. an editor saves through the admin and gets the acknowledgement;
2. PostgreSQL terminates every connection of the site (`pg_terminate_backend`);
3. the database becomes unreachable (the proxy resets every connection and refuses new ones,
   which is what the site sees while PostgreSQL restarts), then comes back.

While it is down /healthz and the pages answer 503 quickly; no request hangs; once it is back
the site recovers by itself within seconds, answers no 5xx, and the editor's save is there.
"""

import contextlib
import http.client
import os
import re
import secrets
import select
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import pytest
from django.urls import reverse
from django.utils import translation

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "a long editor password 7"


pytestmark = pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")),
    reason="the database fault test needs PostgreSQL (DATABASE_URL=postgres://...)",
)


class Proxy:
    """A TCP forwarder to PostgreSQL that can drop every connection and refuse new ones."""

    def __init__(self, target):
        self.target = target
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.sockets = set()
        self.lock = threading.Lock()
        self.up = True
        threading.Thread(target=self.accept, args=(self.listener,), daemon=True).start()

    def accept(self, listener):
        while True:
            try:
                client, _address = listener.accept()
            except OSError:
                return  # down() shut this listener
            try:
                server = socket.create_connection(self.target)
            except OSError:
                client.close()
                continue
            with self.lock:
                self.sockets |= {client, server}
            threading.Thread(target=self.pipe, args=(client, server), daemon=True).start()

    def pipe(self, a, b):
        try:
            while True:
                ready, _, _ = select.select([a, b], [], [], 1)
                for source in ready:
                    data = source.recv(65536)
                    if not data:
                        raise OSError
                    (b if source is a else a).sendall(data)
        except (OSError, ValueError):
            pass  # closed by down(), or by either end
        finally:
            for s in (a, b):
                s.close()
            with self.lock:
                self.sockets -= {a, b}

    def down(self):
        """Reset every connection and stop listening: the database is gone."""
        self.up = False
        # shutdown() wakes the thread blocked in accept(); close() alone would leave the
        # kernel socket accepting connections.
        with contextlib.suppress(OSError):
            self.listener.shutdown(socket.SHUT_RDWR)
        self.listener.close()
        with self.lock:
            for s in list(self.sockets):
                try:
                    s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\0\0\0\0\0\0\0")
                    s.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

    def restore(self):
        self.listener = socket.create_server(("127.0.0.1", self.port))
        self.up = True
        threading.Thread(target=self.accept, args=(self.listener,), daemon=True).start()


class Site:
    """An HTTP client for the server, as the TLS proxy in front of it would speak."""

    def __init__(self, port):
        self.port = port
        self.cookies = {}

    def request(self, method, path, body=None, timeout=10):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        headers = {"X-Forwarded-Proto": "https", "Host": "localhost"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"https://localhost{path}"
            body = urlencode(body, doseq=True)
        started = time.monotonic()
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            content = response.read()
        finally:
            conn.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name] = rest.split(";")[0]
        return response.status, content.decode(errors="replace"), time.monotonic() - started

    def csrf_token(self, path):
        _status, page, _ = self.request("GET", path)
        return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)


@pytest.fixture
def fault_database():
    """A database of its own, so the test database (and other runs) are left alone."""
    import psycopg

    url = urlsplit(os.environ["DATABASE_URL"])
    name = f"refugeeguide_faults_{os.getpid()}"
    admin = url._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as db:
        db.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        db.execute(f'CREATE DATABASE "{name}"')
    yield url, name
    with psycopg.connect(admin, autocommit=True) as db:
        db.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def manage(env, *args):
    subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True
    )


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def server(fault_database):
    url, name = fault_database
    proxy = Proxy((url.hostname or "127.0.0.1", url.port or 5432))
    credentials = url.netloc.rpartition("@")[0]
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{credentials}@127.0.0.1:{proxy.port}/{name}",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(40),
        "DJANGO_ALLOWED_HOSTS": "localhost",
        # Every page from the database: the cache must not hide the fault.
        "DJANGO_PAGE_CACHE_SECONDS": "0",
        "DJANGO_DB_CONNECT_TIMEOUT": "2",
        "GUNICORN_ACCESS_LOG": "off",
        "WEB_CONCURRENCY": "2",
    }
    env.pop("REDIS_URL", None)
    manage(env, "migrate", "--noinput")
    manage(env, "collectstatic", "--noinput")  # production pages need the hashed-name manifest
    manage(env, "loaddata", *sorted(str(p) for p in (ROOT / "fixtures").glob("*.json")))
    manage(
        env,
        "shell",
        "-c",
        (
            "from django.contrib.auth.models import User; "
            f"User.objects.create_superuser('editor', 'editor@example.org', '{PASSWORD}')"
        ),
    )
    port = free_port()
    process = subprocess.Popen(  # noqa: S603
        [
            str(Path(sys.executable).with_name("gunicorn")),
            "refugeeguide.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--timeout",
            "20",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    site = Site(port)
    deadline = time.monotonic() + 20
    while True:
        try:
            if site.request("GET", reverse("healthz"))[0] == 200:
                break
        except OSError:
            pass
        assert time.monotonic() < deadline, "gunicorn did not start"
        time.sleep(0.2)
    try:
        yield site, proxy, f"postgres://{credentials}@{url.hostname}:{url.port or 5432}/{name}"
    finally:
        process.terminate()
        process.wait(timeout=15)
        proxy.down()


class Load:
    """Visitors, all the time: each result is (time, path, status, seconds)."""

    def __init__(self, site, paths):
        self.site, self.paths = Site(site.port), paths
        self.results = []
        self.running = True
        self.threads = [threading.Thread(target=self.run, args=(n,)) for n in range(3)]
        for thread in self.threads:
            thread.start()

    def run(self, n):
        i = n
        while self.running:
            path = self.paths[i % len(self.paths)]
            i += 1
            started = time.monotonic()
            try:
                status = self.site.request("GET", path, timeout=15)[0]
            except OSError as error:
                status = repr(error)
            # From start to the end of everything, so start + duration is never early.
            self.results.append((started, path, status, time.monotonic() - started))
            time.sleep(0.02)

    def stop(self):
        self.running = False
        for thread in self.threads:
            thread.join()


def wait_for(site, path, status, limit):
    started = time.monotonic()
    while time.monotonic() - started < limit:
        try:
            if site.request("GET", path, timeout=5)[0] == status:
                return time.monotonic() - started
        except OSError:
            pass
        time.sleep(0.1)
    raise AssertionError(f"{path} did not answer {status} within {limit} s")


def test_the_site_survives_the_database_going_away_and_coming_back(server):
    import psycopg

    site, proxy, direct_url = server
    with translation.override("en"):
        pages = [
            reverse("procedures:journey"),
            reverse("procedures:stage", args=["after-decision"]),
            reverse("organizations:list"),
            reverse("organizations:detail", args=["coa"]),
        ]
    health, login, changelist = (
        reverse("healthz"),
        reverse("admin:login"),
        reverse("admin:organizations_organization_changelist"),
    )
    assert all(site.request("GET", page)[0] == 200 for page in pages)

    # 1. An editor marks COA as checked today, and the admin acknowledges it.
    token = site.csrf_token(login)
    status, _page, _ = site.request(
        "POST", login, {"csrfmiddlewaretoken": token, "username": "editor", "password": PASSWORD}
    )
    assert status == 302, "login failed"
    with psycopg.connect(direct_url) as db:
        coa_pk = db.execute(
            "SELECT id FROM organizations_organization WHERE slug='coa'"
        ).fetchone()[0]
    token = site.csrf_token(changelist)
    status, _page, _ = site.request(
        "POST",
        changelist,
        {
            "csrfmiddlewaretoken": token,
            "action": "mark_checked_today",
            "_selected_action": [coa_pk],
            # The action's own page: how it was checked.
            "apply": "1",
            "method": "website",
        },
    )
    assert status == 302, "the save was not acknowledged"
    assert "No person has checked this entry yet." not in site.request("GET", pages[3])[1]

    load = Load(site, [*pages, health])
    try:
        time.sleep(1)
        # 2. PostgreSQL kills every connection of the site.
        with psycopg.connect(direct_url, autocommit=True) as db:
            killed = db.execute(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            ).fetchone()[0]
        assert killed >= 1
        time.sleep(1.5)
        after_kill = time.monotonic()
        time.sleep(1.5)

        # 3. The database is gone ...
        # Stamped before the cut: a request that ends while down() runs is not "steady".
        going_down = time.monotonic()
        proxy.down()
        went_down = time.monotonic()
        assert wait_for(site, health, 503, limit=5) < 5
        status, page, seconds = site.request("GET", pages[2])
        assert status == 503 and seconds < 5
        assert "briefly unavailable" in page
        time.sleep(3)
        came_back = time.monotonic()
        # ... and back.
        proxy.restore()
        recovery = wait_for(site, health, 200, limit=10)
        recovered = time.monotonic()
        time.sleep(3)
    finally:
        load.stop()

    results = load.results

    def odd(window, expected):
        return [
            (round(t - went_down, 2), p, st, round(d, 2))
            for t, p, st, d in window
            if st != expected
        ]

    assert len(results) > 50
    # No request ever hung a worker: every answer came within the connect timeout and a margin.
    assert max(seconds for *_, seconds in results) < 8
    # Every failure was a clean 503, never a 500 or a dropped connection.
    assert {status for *_, status, _s in results} <= {200, 503}, results
    # Once the connections were replaced, and once the database was back: only 200s.
    steady = [r for r in results if after_kill <= r[0] and r[0] + r[3] < going_down]
    assert steady and all(status == 200 for _t, _p, status, _s in steady), odd(steady, 200)
    later = [r for r in results if r[0] >= recovered]
    assert later and all(status == 200 for _t, _p, status, _s in later), odd(later, 200)
    down = [r for r in results if went_down + 0.5 <= r[0] and r[0] + r[3] < came_back]
    assert down and all(status == 503 for _t, _p, status, _s in down), odd(down, 503)
    assert recovery < 5

    # The save acknowledged before the outage is still there.
    assert "No person has checked this entry yet." not in site.request("GET", pages[3])[1]
    with psycopg.connect(direct_url) as db:
        checked = db.execute(
            "SELECT verified_on FROM organizations_organization WHERE slug='coa'"
        ).fetchone()[0]
    assert checked is not None
