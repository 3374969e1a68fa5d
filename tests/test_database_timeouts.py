"""A slow or locked PostgreSQL must not hold a web worker for long."""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.db import connection

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL's own timeouts"
)

SHOW_TIMEOUT = (
    "from django.db import connection\n"
    "with connection.cursor() as cursor:\n"
    "    cursor.execute('SHOW statement_timeout')\n"
    "    print(cursor.fetchone()[0])\n"
)


def test_web_requests_give_up_on_a_slow_statement(db):
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        assert cursor.fetchone()[0] == "3s"
        cursor.execute("SHOW lock_timeout")
        assert cursor.fetchone()[0] == "1s"
    assert settings.DATABASES["default"]["OPTIONS"]["connect_timeout"] == 2


def test_management_commands_get_a_longer_statement_timeout():
    database = settings.DATABASES["default"]
    url = (
        f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/postgres"
    )
    output = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", SHOW_TIMEOUT],
        env={**os.environ, "DEBUG": "1", "DATABASE_URL": url},
        capture_output=True,
        text=True,
        check=True,
    ).stdout

    assert output.split()[-1] == "10min"
