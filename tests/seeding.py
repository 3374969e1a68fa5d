"""Running seed_demo in tests, and logging in as the editor it prints."""

import io
import re

from django.core.management import call_command

ARTICLES = 20


def seed(*args):
    """Run seed_demo on a small archive; return its stdout and stderr."""
    stdout, stderr = io.StringIO(), io.StringIO()
    call_command(
        "seed_demo", "--articles", str(ARTICLES), *args, stdout=stdout, stderr=stderr
    )
    return stdout.getvalue(), stderr.getvalue()


def printed_password(output):
    return re.search(r"Password: (\S+)", output).group(1)


def logs_in(client, password):
    """Tell whether the demo editor gets in through the admin's login form.

    The form, not client.login(): the login lockout needs the request.
    """
    client.post("/admin/login/", {"username": "editor", "password": password})
    return "_auth_user_id" in client.session
