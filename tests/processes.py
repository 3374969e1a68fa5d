"""What tests run beside the test process: free loopback ports, fresh interpreters."""

import json
import socket
import subprocess
import sys

from django.conf import settings


def free_loopback_port():
    """Return a loopback port that nothing listened on a moment ago."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def json_from_fresh_python(script, environ):
    """Run script in a new interpreter with only environ set; return what it printed.

    Settings are read once per process, so a case that changes the environment
    imports them in a fresh one. script prints one JSON document.
    """
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=settings.BASE_DIR,
        env=environ,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return json.loads(result.stdout)
