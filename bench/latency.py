"""Page latency under concurrent users on a 100,000-row Annex A version (prints, never asserts).

Serves the app with gunicorn (deploy/gunicorn.conf.py, sync workers, DEBUG off, as in
production but without nginx), signs in as a manager once per simulated user, and has 1, 5 and
20 users at once each load a fixed round of pages several times: the dashboard, the Annex A
version page, the import's findings page, the children list, one child's journey and the Day 1
data pack. It prints p50 and p95 of every request per concurrency level, and per page.

The version (generated, stored with annex_a.synthetic.store_version), its children and its data
pack are made on the first run and reused after, so later runs time only the pages.

Run:  DATABASE_URL=postgres://postgres@127.0.0.1:5432/ir_latency_bench \\
      .venv/bin/python bench/latency.py [--rows 100000] [--workers 3] [--rounds 3]
(the database is created and migrated if needed).
"""

from __future__ import annotations

import argparse
import http.cookiejar
import os
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from datetime import date

from _setup import ROOT, ensure_database, setup_django

AS_AT = date(2026, 11, 20)
USERNAME = "bench-latency-manager"
PASSWORD = "bench-latency-password-not-a-secret"
CONCURRENCY = (1, 5, 20)


def _prepare(rows: int) -> list[tuple[str, str]]:
    """The version, children and pack the pages show (made once), and the pages to load."""
    from django.contrib.auth import get_user_model

    from annex_a.models import AnnexAVersion
    from annex_a.synthetic import generate_rows, store_version
    from casework.models import Child
    from casework.services import refresh_children
    from datapack.models import DataPack
    from datapack.services import build_data_pack
    from inspection_readiness.roles import Role

    user, _ = get_user_model().objects.get_or_create(username=USERNAME)
    user.set_password(PASSWORD)
    user.save()
    user.groups.add(Role.MANAGER.group())

    version = AnnexAVersion.objects.filter(row_count=rows).order_by("-pk").first()
    if version is None:
        started = time.perf_counter()
        _spec, generated = generate_rows(rows=rows, as_at=AS_AT, seed=1)
        version = store_version(generated, as_at=AS_AT, created_by=user)
        print(
            f"setup    {version.row_count:,} rows stored in {time.perf_counter() - started:.0f} s"
        )
    if not Child.objects.filter(version=version).exists():
        started = time.perf_counter()
        build = refresh_children(version=version, built_by=user)
        seconds = time.perf_counter() - started
        print(f"setup    {build.child_count:,} children built in {seconds:.0f} s")
    pack = DataPack.objects.filter(version=version).order_by("-pk").first()
    if pack is None:
        started = time.perf_counter()
        pack = build_data_pack(version=version, built_by=user)
        print(f"setup    data pack built in {time.perf_counter() - started:.0f} s")
    child = Child.objects.filter(version=version).order_by("child_id").first()
    print(
        f"data     version {version.number}: {version.row_count:,} rows, "
        f"{Child.objects.filter(version=version).count():,} children"
    )
    return [
        ("dashboard", "/"),
        ("version", f"/annex-a/versions/{version.pk}/"),
        ("findings", f"/annex-a/imports/{version.annex_a_import_id}/"),
        ("children", "/casework/children/"),
        ("child", f"/casework/children/{urllib.parse.quote(child.child_id)}/"),
        ("data pack", f"/data-pack/packs/{pack.pk}/"),
    ]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _serve(workers: int) -> tuple[subprocess.Popen, str]:
    from django.conf import settings
    from django.db import connection

    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    port = _free_port()
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER']}{password}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "DEBUG": "false",
        "SECRET_KEY": "bench-throwaway-key-not-a-secret",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_COOKIES": "false",
        "STATIC_MANIFEST": "false",
        "CELERY_BROKER_URL": "",
        "CONN_MAX_AGE": "60",
        "LOG_LEVEL": "WARNING",
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        # Static files are not collected here (nginx serves them in production).
        "PYTHONWARNINGS": "ignore:No directory at",
    }
    server = subprocess.Popen(
        [
            sys.executable, "-m", "gunicorn", "-c", str(ROOT / "deploy" / "gunicorn.conf.py"),
            "--workers", str(workers), "--bind", f"127.0.0.1:{port}", "inspection_readiness.wsgi",
        ],
        cwd=ROOT,
        env=env,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            urllib.request.urlopen(f"{base}/healthz", timeout=5).read()
            return server, base
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("gunicorn did not start")


def _signed_in(base: str) -> urllib.request.OpenerDirector:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(f"{base}/account/sign-in/", timeout=60).read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    form = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": token, "username": USERNAME, "password": PASSWORD}
    ).encode()
    request = urllib.request.Request(
        f"{base}/account/sign-in/", data=form, headers={"Referer": f"{base}/account/sign-in/"}
    )
    landed = opener.open(request, timeout=60)
    if landed.geturl().rstrip("/").endswith("sign-in"):
        raise SystemExit("signing in failed")
    return opener


def _run_users(base: str, pages, users: int, rounds: int) -> dict[str, list[float]]:
    openers = [_signed_in(base) for _ in range(users)]
    timings: dict[str, list[float]] = {name: [] for name, _ in pages}
    errors: list[str] = []
    start = threading.Barrier(users)
    lock = threading.Lock()

    def user(opener: urllib.request.OpenerDirector, offset: int) -> None:
        start.wait()
        for step in range(rounds * len(pages)):
            # Each user starts the round at a different page, as real people would.
            name, path = pages[(step + offset) % len(pages)]
            began = time.perf_counter()
            try:
                with opener.open(f"{base}{path}", timeout=120) as response:
                    response.read()
                    status = response.status
            except OSError as error:
                status = getattr(error, "code", str(error))
            took = time.perf_counter() - began
            with lock:
                timings[name].append(took)
                if status != 200:
                    errors.append(f"{name} {status}")

    threads = [threading.Thread(target=user, args=(opener, n)) for n, opener in enumerate(openers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        print(f"         {len(errors)} requests did not answer 200, e.g. {errors[:3]}")
    return timings


def _percentiles(values: list[float]) -> str:
    ordered = sorted(values)
    cuts = (
        statistics.quantiles(ordered, n=100, method="inclusive")
        if len(ordered) > 1
        else ordered * 99
    )
    return f"p50 {cuts[49] * 1000:6.0f} ms  p95 {cuts[94] * 1000:6.0f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--workers", type=int, default=3, help="gunicorn sync workers (2 to 4)")
    parser.add_argument("--rounds", type=int, default=3, help="rounds of every page per user")
    args = parser.parse_args()
    # One folder across runs, shared with the gunicorn below: the pack is built once.
    os.environ.setdefault("MEDIA_ROOT", "/tmp/bench-latency-media")
    os.environ.setdefault("LOG_LEVEL", "WARNING")  # the pack's PDF logs every font subset
    setup_django()
    ensure_database()
    pages = _prepare(args.rows)
    server, base = _serve(args.workers)
    try:
        for path in (path for _, path in pages):  # warm each worker's imports and caches
            _signed_in(base).open(f"{base}{path}", timeout=120).read()
        # Other work on the machine slows every figure: say how busy it was.
        load = ", ".join(f"{figure:.1f}" for figure in os.getloadavg())
        print(
            f"gunicorn {args.workers} sync workers on {os.cpu_count()} CPUs (load average "
            f"{load}); {args.rounds} rounds of {len(pages)} pages per user"
        )
        for users in CONCURRENCY:
            began = time.perf_counter()
            timings = _run_users(base, pages, users, args.rounds)
            seconds = time.perf_counter() - began
            everything = [took for values in timings.values() for took in values]
            print(
                f"{users:2} users  {len(everything):4} requests  {_percentiles(everything)}  "
                f"({len(everything) / seconds:.1f} requests/s)"
            )
            for name, values in timings.items():
                print(f"         {name:10} {_percentiles(values)}")
    finally:
        server.terminate()
        server.wait(timeout=60)


if __name__ == "__main__":
    main()
