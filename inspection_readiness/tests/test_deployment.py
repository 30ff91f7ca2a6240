"""The production deployment in deploy/, checked as shipped.

nginx (Debian's package, installed by script/test) runs the very configuration in
deploy/nginx/inspection-readiness.conf, with only its ports and paths changed and a self-signed
certificate made here, in front of a real gunicorn started with deploy/gunicorn.conf.py (one
sync worker) on the test database. A slow request body then shows that the one worker stays
free for others, because nginx reads whole bodies before passing them on.
"""

import getpass
import http.client
import os
import re
import shutil
import socket
import ssl
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings

# django_db makes pytest-django set up the test database, which the gunicorn here serves from.
pytestmark = [pytest.mark.deployment, pytest.mark.django_db]

DEPLOY = Path(settings.BASE_DIR) / "deploy"
NGINX_SITE = DEPLOY / "nginx" / "inspection-readiness.conf"
UNITS = sorted((DEPLOY / "systemd").glob("*.service"))
HOST = "localhost"
# Long enough for any machine to start gunicorn or nginx; a wait, never an assertion on speed.
START_WAIT_SECONDS = 60

# What changes between production and the test: ports, the upstream, the certificate and
# paths. Each string must appear exactly once in the production file.
SUBSTITUTIONS = (
    ("listen 80;", "listen 127.0.0.1:{http_port};"),
    ("listen [::]:80;", ""),
    ("listen 443 ssl;", "listen 127.0.0.1:{https_port} ssl;"),
    ("listen [::]:443 ssl;", ""),
    ("server 127.0.0.1:8000;", "server 127.0.0.1:{app_port};"),
    ("/etc/ssl/certs/inspection-readiness.pem", "{certificate}"),
    ("/etc/ssl/private/inspection-readiness.key", "{key}"),
    ("/var/log/nginx/inspection-readiness.access.log", "{logs}/access.log"),
    ("/opt/inspection-readiness/staticfiles/", "{static_root}/"),
)


@dataclass(frozen=True)
class Proxy:
    http_port: int
    https_port: int
    tls: ssl.SSLContext
    media_root: Path
    logs: Path


def nginx_binary() -> str:
    found = shutil.which("nginx") or (
        "/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None
    )
    if found is None:
        pytest.fail("nginx is not installed: install Debian's nginx (script/test does).")
    return found


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def client_max_body_size_megabytes() -> int:
    match = re.search(r"^\s*client_max_body_size (\d+)m;", NGINX_SITE.read_text(), re.MULTILINE)
    assert match, "client_max_body_size is not set in megabytes in the nginx configuration"
    return int(match.group(1))


def render_nginx(tmp: Path, *, http_port: int, https_port: int, app_port: int) -> Path:
    """The production site file with ports and paths changed, inside a main configuration that
    keeps every file nginx writes in ``tmp``. Returns the main configuration's path."""
    certificate, key = tmp / "certificate.pem", tmp / "key.pem"
    subprocess.run(
        [
            "openssl", "req", "-x509", "-newkey", "ec",
            "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1",
            "-subj", f"/CN={HOST}", "-addext", f"subjectAltName=DNS:{HOST}",
            "-keyout", str(key), "-out", str(certificate),
        ],
        check=True,
        capture_output=True,
    )  # fmt: skip
    values = {
        "http_port": http_port,
        "https_port": https_port,
        "app_port": app_port,
        "certificate": certificate,
        "key": key,
        "logs": tmp,
        "static_root": Path(settings.BASE_DIR) / "static" / "dist",
    }
    site = NGINX_SITE.read_text()
    for production, test in SUBSTITUTIONS:
        count = site.count(production)
        assert count == 1, f"{production!r} appears {count} times in {NGINX_SITE.name}"
        site = site.replace(production, test.format(**values))
    (tmp / "site.conf").write_text(site)
    temp_paths = "\n".join(
        f"    {kind}_temp_path {tmp / kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    # As root the master would hand the workers to `nobody`, who cannot read tmp_path.
    user = f"user {getpass.getuser()};" if os.geteuid() == 0 else ""
    main = tmp / "nginx.conf"
    main.write_text(
        f"""{user}
worker_processes 1;
daemon off;
pid {tmp / "nginx.pid"};
error_log {tmp / "error.log"} info;
events {{ worker_connections 64; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
{temp_paths}
    include {tmp / "site.conf"};
}}
"""
    )
    return main


def nginx_command(main: Path, *extra: str) -> list[str]:
    return [
        nginx_binary(),
        "-c",
        str(main),
        "-p",
        str(main.parent),
        "-e",
        str(main.parent / "error.log"),
        *extra,
    ]


def wait_for_port(port: int, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + START_WAIT_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"exited with {process.returncode}:\n{log.read_text()[-3000:]}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.2)
    pytest.fail(f"nothing listened on port {port}:\n{log.read_text()[-3000:]}")


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope="module")
def proxy(django_db_setup, tmp_path_factory) -> Iterator[Proxy]:
    """nginx with the production configuration in front of gunicorn with deploy/gunicorn.conf.py,
    one sync worker, on the test database."""
    tmp = tmp_path_factory.mktemp("deployment")
    media_root = tmp / "media"
    media_root.mkdir()
    db = settings.DATABASES["default"]
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    app_port, http_port, https_port = free_port(), free_port(), free_port()
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER']}{password}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "DEBUG": "false",
        "ALLOWED_HOSTS": HOST,
        "SECURE_SSL_REDIRECT": "true",
        "SECURE_COOKIES": "true",
        "USE_X_FORWARDED_PROTO": "true",
        "TRUSTED_PROXY_COUNT": "1",
        "STATIC_MANIFEST": "false",
        "CELERY_BROKER_URL": "",
        "MEDIA_ROOT": str(media_root),
    }
    gunicorn_log = tmp / "gunicorn.log"
    main = render_nginx(tmp, http_port=http_port, https_port=https_port, app_port=app_port)
    with gunicorn_log.open("wb") as gunicorn_out:
        gunicorn = subprocess.Popen(
            [
                sys.executable, "-m", "gunicorn",
                "-c", str(DEPLOY / "gunicorn.conf.py"),
                "--workers", "1", "--worker-class", "sync",
                "--bind", f"127.0.0.1:{app_port}",
                "inspection_readiness.wsgi",
            ],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=gunicorn_out,
            stderr=subprocess.STDOUT,
        )  # fmt: skip
    nginx = None
    try:
        wait_for_port(app_port, gunicorn, gunicorn_log)
        nginx = subprocess.Popen(nginx_command(main), stderr=subprocess.DEVNULL)
        wait_for_port(https_port, nginx, tmp / "error.log")
        tls = ssl.create_default_context(cafile=str(tmp / "certificate.pem"))
        yield Proxy(http_port, https_port, tls, media_root, tmp)
    finally:
        if nginx is not None:
            stop(nginx)
        stop(gunicorn)


def https(
    proxy: Proxy, method: str, path: str, body: bytes | None = None
) -> http.client.HTTPResponse:
    connection = http.client.HTTPSConnection(
        "127.0.0.1", proxy.https_port, context=proxy.tls, timeout=START_WAIT_SECONDS
    )
    connection.sock = proxy.tls.wrap_socket(
        socket.create_connection(("127.0.0.1", proxy.https_port), timeout=START_WAIT_SECONDS),
        server_hostname=HOST,
    )
    connection.request(method, path, body=body, headers={"Host": HOST})
    response = connection.getresponse()
    response.body = response.read()
    connection.close()
    return response


def test_nginx_accepts_the_production_configuration(tmp_path):
    main = render_nginx(
        tmp_path, http_port=free_port(), https_port=free_port(), app_port=free_port()
    )

    checked = subprocess.run(nginx_command(main, "-t"), capture_output=True, text=True)

    assert checked.returncode == 0, checked.stderr
    assert "test is successful" in checked.stderr


def test_a_slow_request_body_leaves_the_one_worker_free(proxy):
    """One client dribbles a 100,000-byte body a few bytes at a time; meanwhile /healthz is
    answered by the only gunicorn worker. Without nginx's buffering the worker would be reading
    the slow body, and /healthz would wait until it ended."""
    events: list[tuple[str, int | None]] = []
    dribbling = threading.Event()
    healthz_answered = threading.Event()
    length = 100_000
    raw = socket.create_connection(("127.0.0.1", proxy.https_port), timeout=START_WAIT_SECONDS)
    slow = proxy.tls.wrap_socket(raw, server_hostname=HOST)

    def dribble() -> None:
        slow.sendall(
            f"POST /annex-a/upload/ HTTP/1.1\r\nHost: {HOST}\r\n"
            f"Content-Type: application/octet-stream\r\nContent-Length: {length}\r\n"
            "Connection: close\r\n\r\n".encode()
        )
        sent, chunks = 0, 0
        # At least ten chunks (about 5 s), and on until /healthz has answered; if it never
        # does, give up after a minute so the ordering below fails instead of the run hanging.
        while chunks < 10 or not healthz_answered.wait(timeout=0.5):
            slow.sendall(b"x" * 8)
            sent, chunks = sent + 8, chunks + 1
            dribbling.set()
            if chunks >= 120:
                break
            time.sleep(0.5)
        slow.sendall(b"x" * (length - sent))
        events.append(("slow body complete", None))

    sender = threading.Thread(target=dribble)
    sender.start()
    try:
        assert dribbling.wait(timeout=START_WAIT_SECONDS)
        healthz = https(proxy, "GET", "/healthz")
        events.append(("healthz answered", healthz.status))
        healthz_answered.set()
        sender.join()
        reply = slow.recv(4096).decode("latin-1")
    finally:
        healthz_answered.set()
        sender.join()
        slow.close()

    assert events == [("healthz answered", 200), ("slow body complete", None)]
    # nginx then passed the whole body to the app, which answered it (no timeout, no 5xx).
    status = int(reply.split(" ", 2)[1])
    assert status < 500 and status != 408, reply.splitlines()[0]


@pytest.mark.parametrize(
    "extra_bytes, refused",
    [(-(1024 * 1024), False), (1, True)],
    ids=["a body a megabyte under the limit reaches the app", "one byte over is refused"],
)
def test_nginx_refuses_a_body_over_client_max_body_size(proxy, extra_bytes, refused):
    limit = client_max_body_size_megabytes() * 1024 * 1024
    with proxy.tls.wrap_socket(
        socket.create_connection(("127.0.0.1", proxy.https_port), timeout=START_WAIT_SECONDS),
        server_hostname=HOST,
    ) as client:
        client.sendall(
            f"POST /annex-a/upload/ HTTP/1.1\r\nHost: {HOST}\r\n"
            f"Content-Type: application/octet-stream\r\nContent-Length: {limit + extra_bytes}\r\n"
            "Connection: close\r\n\r\n".encode()
        )
        if not refused:
            client.sendall(b"x" * (limit + extra_bytes))
        status_line = client.recv(4096).decode("latin-1").splitlines()[0]

    # nginx answers 413 from the Content-Length alone, before reading any of the body.
    assert (" 413 " in status_line) is refused, status_line


def test_body_size_limit_leaves_room_for_the_largest_upload():
    """client_max_body_size is UPLOAD_MAX_MEGABYTES plus room for the form around the file."""
    assert 0 < client_max_body_size_megabytes() - settings.UPLOAD_MAX_MEGABYTES <= 10


def test_plain_http_redirects_to_https(proxy):
    connection = http.client.HTTPConnection(
        "127.0.0.1", proxy.http_port, timeout=START_WAIT_SECONDS
    )
    connection.request("GET", "/account/sign-in/", headers={"Host": HOST})
    response = connection.getresponse()
    connection.close()

    assert response.status == 301
    assert response.getheader("Location") == f"https://{HOST}/account/sign-in/"


def test_django_sees_https_through_x_forwarded_proto(proxy):
    """With SECURE_SSL_REDIRECT on, a page is served rather than redirected only because nginx
    says the request came over HTTPS."""
    response = https(proxy, "GET", "/account/sign-in/")

    assert response.status == 200
    assert response.getheader("Server") == "nginx"  # server_tokens off: no version


def test_static_files_come_from_nginx(proxy):
    """The test's gunicorn has no collected static files, so only nginx can answer this."""
    response = https(proxy, "GET", "/static/app.css")

    assert response.status == 200
    assert response.getheader("Cache-Control") == "public, max-age=3600"


def test_media_is_never_served_by_nginx(proxy):
    secret = proxy.media_root / "exports" / "children.csv"
    secret.parent.mkdir()
    secret.write_text("child-id-that-must-not-leak\n")

    response = https(proxy, "GET", "/media/exports/children.csv")

    assert response.status in (302, 404)  # the app's sign-in redirect or not found
    assert b"child-id-that-must-not-leak" not in response.body


def test_sign_in_posts_are_rate_limited_per_address(proxy):
    """Bursts of sign-in posts from one address get 429 from nginx; the first ones reach the
    app (which refuses them for want of a CSRF token)."""
    statuses = [
        https(proxy, "POST", "/account/sign-in/", body=b"username=a&password=b").status
        for _ in range(60)
    ]

    assert statuses[0] != 429
    assert 429 in statuses
    # GETs are not counted: the sign-in page still opens from the same address.
    assert https(proxy, "GET", "/account/sign-in/").status == 200


HARDENING = (
    "User=inspection-readiness",
    "EnvironmentFile=/etc/inspection-readiness/env",
    "NoNewPrivileges=yes",
    "ProtectSystem=strict",
    "PrivateTmp=yes",
    "ProtectHome=yes",
)


@pytest.mark.parametrize("unit", UNITS, ids=[unit.name for unit in UNITS])
def test_every_service_runs_hardened_as_the_service_user(unit):
    lines = unit.read_text().splitlines()

    assert [directive for directive in HARDENING if directive not in lines] == []
    assert any(line.startswith("ReadWritePaths=") for line in lines)


def test_worker_backstop_time_limit_is_the_job_ceiling_and_below_the_visibility_timeout():
    """Redis gives an unacknowledged job to another worker after the visibility timeout; a
    worker's time limit past it would let one job run twice."""
    unit = (DEPLOY / "systemd" / "inspection-readiness-worker.service").read_text()
    hard = int(re.search(r"--time-limit=(\d+)", unit).group(1))
    soft = int(re.search(r"--soft-time-limit=(\d+)", unit).group(1))

    assert soft < hard == settings.JOB_TIME_LIMIT_CEILING_SECONDS
    assert hard < settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]


def test_service_units_pass_systemd_analyze_verify(tmp_path):
    if shutil.which("systemd-analyze") is None:
        pytest.skip("systemd-analyze is not installed on this machine")
    assert [unit.name for unit in UNITS] == [
        "inspection-readiness-beat.service",
        "inspection-readiness-web.service",
        "inspection-readiness-worker.service",
    ]
    # The units name the production virtualenv; point them at this one so its programs exist.
    for unit in UNITS:
        text = unit.read_text().replace(
            "/opt/inspection-readiness/.venv/bin/", f"{Path(sys.executable).parent}/"
        )
        (tmp_path / unit.name).write_text(text)

    verified = subprocess.run(
        ["systemd-analyze", "verify", *(str(tmp_path / unit.name) for unit in UNITS)],
        capture_output=True,
        text=True,
    )

    assert verified.returncode == 0, verified.stdout + verified.stderr
