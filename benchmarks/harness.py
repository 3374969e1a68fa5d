"""Run the site and its services as production does, on loopback, for a benchmark."""

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
HOST = "127.0.0.1"
BROWSER = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"
# Set by each run itself; a developer's own values would change what is measured.
RUN_SETTINGS = ("DEBUG", "DATABASE_URL", "REDIS_URL", "VIEW_")


def production_env(*, site, database_url, redis_url, **settings):
    """Return this environment, DEBUG off and plain HTTP on loopback, plus settings."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(RUN_SETTINGS)
    }
    env.update(
        DEBUG="0",
        SITE_URL=site,
        DATABASE_URL=database_url,
        REDIS_URL=redis_url,
        SECURE_SSL_REDIRECT="0",
        SESSION_COOKIE_SECURE="0",
        CSRF_COOKIE_SECURE="0",
        SECURE_HSTS_SECONDS="0",
    )
    env.update(settings)
    return env


def manage(env, *args, **kwargs):
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, **kwargs
    )


def create_database(server, name):
    """Create the database name on server unless it exists."""
    with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
        if not connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone():
            connection.execute(f'CREATE DATABASE "{name}"')


def analyze(url):
    # Planner statistics and the visibility map, which autovacuum may never make.
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute("VACUUM ANALYZE")


@contextlib.contextmanager
def running(command, env, log_path, ready, timeout=60):
    """Run command in its own process group, once ready(), until the block ends."""
    with open(log_path, "ab") as output:
        child = subprocess.Popen(
            command,
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        deadline = time.monotonic() + timeout
        while not ready():
            if child.poll() is not None:
                sys.exit(f"{command[0]} stopped while starting; see {log_path}")
            if time.monotonic() > deadline:
                sys.exit(
                    f"{command[0]} did not start within {timeout} s; see {log_path}"
                )
            time.sleep(0.2)
        yield child
    finally:
        stop(child)


def stop(child):
    with contextlib.suppress(ProcessLookupError):
        os.killpg(child.pid, signal.SIGTERM)
    try:
        child.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(child.pid, signal.SIGKILL)
        child.wait()


def http_ok(url):
    """Return whether url answers 200."""
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


def answers(port, path=None):
    """Return whether Redis (no path) or an HTTP server (path) answers on port."""
    try:
        with socket.create_connection((HOST, port), timeout=1) as sock:
            if path is None:
                sock.sendall(b"PING\r\n")
                return sock.recv(16).startswith(b"+PONG")
            sock.sendall(f"GET {path} HTTP/1.0\r\nHost: {HOST}\r\n\r\n".encode())
            return sock.recv(16).startswith(b"HTTP/1.")
    except OSError:
        return False


def deploy_settings(name):
    """Return the variables set in deploy/<name>."""
    lines = (ROOT / "deploy" / name).read_text().splitlines()
    return dict(
        line.split("=", 1) for line in lines if line and not line.startswith("#")
    )


def granian(env, port, log_path, ready):
    """Run the app as deploy/ does: Granian with deploy/granian.env, on port."""
    command = [str(BIN / "granian"), "newsroom.wsgi:application"]
    env = {
        **env,
        **deploy_settings("granian.env"),
        "GRANIAN_HOST": HOST,
        "GRANIAN_PORT": str(port),
    }
    return running(command, env, log_path, ready)
