"""A real S3 API for tests: moto's standalone server on loopback, in a subprocess."""

import contextlib
import json
import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.request
from html.parser import HTMLParser
from pathlib import Path

import boto3
import pytest

from .processes import free_loopback_port, json_from_fresh_python

BUCKET = "newsroom-media"
REGION = "us-east-1"
CREDENTIALS = {"AWS_ACCESS_KEY_ID": "newsroom", "AWS_SECRET_ACCESS_KEY": "newsroom"}
STARTUP_SECONDS = 30


class S3Server:
    def __init__(self, url, recording):
        self.url = url
        self.recording = recording

    def client(self):
        return boto3.client(
            "s3",
            endpoint_url=self.url,
            region_name=REGION,
            aws_access_key_id=CREDENTIALS["AWS_ACCESS_KEY_ID"],
            aws_secret_access_key=CREDENTIALS["AWS_SECRET_ACCESS_KEY"],
        )

    def reset(self):
        """Forget every bucket and every recorded request."""
        for path in ("/moto-api/reset", "/moto-api/recorder/reset-recording"):
            urllib.request.urlopen(
                urllib.request.Request(self.url + path, method="POST"), timeout=10
            ).close()

    def requests(self):
        """Return "METHOD /path" for each S3 request the server has answered."""
        with self.recording.open() as lines:
            entries = [json.loads(line) for line in lines]
        calls = [
            f"{entry['method']} {re.sub(r'^https?://[^/]+', '', entry['url'])}"
            for entry in entries
        ]
        return [call for call in calls if " /moto-api/" not in call]

    def bucket_settings(self, **environ):
        """Return the default storage that the README's bucket variables configure."""
        script = (
            "import json\nfrom newsroom import settings\n"
            "print(json.dumps(settings.STORAGES['default']))"
        )
        readme_environ = {
            "DEBUG": "1",
            "AWS_STORAGE_BUCKET_NAME": BUCKET,
            "AWS_S3_ENDPOINT_URL": self.url,
            "AWS_S3_REGION_NAME": REGION,
        }
        return json_from_fresh_python(script, {**readme_environ, **environ})


@contextlib.contextmanager
def s3_server(folder):
    """Run moto's S3 server on a free loopback port, recording each request."""
    port = free_loopback_port()
    url = f"http://127.0.0.1:{port}"
    recording = Path(folder) / "requests.jsonl"
    recording.touch()
    log = Path(folder) / "moto.log"
    with log.open("w") as log_file:
        process = subprocess.Popen(
            [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
            env={
                **os.environ,
                "MOTO_ENABLE_RECORDING": "1",
                "MOTO_RECORDER_FILEPATH": str(recording),
            },
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        while True:
            try:
                urllib.request.urlopen(url + "/moto-api/", timeout=1).close()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"moto's S3 server did not start:\n{log.read_text()}")
                time.sleep(0.1)
        yield S3Server(url, recording)
    finally:
        process.terminate()
        process.wait(timeout=10)


def anonymous_get(url):
    """GET url as a browser with no credentials; return (status, headers, body)."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


class _MediaLinks(HTMLParser):
    def __init__(self, prefix):
        super().__init__()
        self.prefix = prefix
        self.urls = set()

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("src", "srcset"):
                candidates = value.split(",") if name == "srcset" else [value]
                for candidate in candidates:
                    url = candidate.split()[0]
                    if url.startswith(self.prefix):
                        self.urls.add(url)


def media_links(html, prefix):
    """Return every src and srcset URL in html that starts with prefix."""
    parser = _MediaLinks(prefix)
    parser.feed(html)
    return parser.urls
