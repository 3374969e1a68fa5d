"""Drive the site with wrk: a Lua script for each scenario, and wrk's report read."""

import re
import subprocess

from benchmarks.harness import BROWSER

# No scenario sends more than this many requests, whatever its duration.
MAX_REQUESTS = 2_000_000


def lua(workdir, name, body):
    """Write a wrk script that stops its thread after MAX_REQUESTS answers."""
    path = workdir / f"{name}.lua"
    path.write_text(
        body
        + f"""
local answered = 0
response = function(status, headers, body)
  answered = answered + 1
  if answered >= {MAX_REQUESTS} then wrk.thread:stop() end
end
"""
    )
    return path


def gzip_get(workdir, name):
    return lua(workdir, name, 'wrk.headers["Accept-Encoding"] = "gzip"\n')


def numbered(workdir, name, request, setup=""):
    """Write a wrk script sending request, a Lua expression of n and run, each time.

    n counts the thread's requests and run is the second the script started, so that
    what is built from them is new to the site on every request of every run.
    """
    return lua(
        workdir,
        name,
        f"""{setup}
local n = 0
local run = tostring(os.time())
request = function()
  n = n + 1
  return {request}
end
""",
    )


def unique_get(workdir, name, path):
    """Ask for path with a new value of a parameter pages don't read: a miss each time.

    The page cache keys on ?q= on every page, so each request renders the page.
    """
    separator = "&" if "?" in path else "?"
    return numbered(
        workdir,
        name,
        f'''wrk.format("GET", "{path}{separator}q=miss-" .. run .. "-" .. n,
    {{["Accept-Encoding"] = "gzip"}})''',
    )


def searches(workdir, name, words):
    """Search for a new pair of common headline words each time: a miss each time."""
    listed = ", ".join(f'"{word}"' for word in words)
    return numbered(
        workdir,
        name,
        """wrk.format("GET", "/search/?q="
    .. words[(n % #words) + 1] .. "+" .. words[(math.floor(n / #words) % #words) + 1],
    {["Accept-Encoding"] = "gzip"})""",
        setup=f"local words = {{{listed}}}",
    )


def beacon(workdir, name, slug, origin):
    """Send view beacons from a new reader (User-Agent) each time."""
    return numbered(
        workdir,
        name,
        f'''wrk.format("POST", "/articles/{slug}/view/", {{
    ["Origin"] = "{origin}",
    ["Sec-Fetch-Site"] = "same-origin",
    ["User-Agent"] = "{BROWSER} r" .. run .. "." .. n,
  }}, "")''',
    )


def signup(workdir, name, origin):
    return numbered(
        workdir,
        name,
        f'''wrk.format("POST", "/newsletter/subscribe/", {{
    ["Origin"] = "{origin}",
    ["Content-Type"] = "application/x-www-form-urlencoded",
  }}, "consent=on&email=reader-" .. run .. "-" .. n .. "%40example.com")''',
    )


def wrk(url, script, duration, connections):
    """Drive url with wrk; return req/s, p50 and p99 in ms, requests and errors."""
    command = [
        "wrk",
        "-t1",
        f"-c{connections}",
        f"-d{duration}s",
        "--timeout",
        "10s",
        "--latency",
        "-s",
        str(script),
        url,
    ]
    output = subprocess.run(
        command, capture_output=True, text=True, check=True, timeout=duration + 60
    ).stdout

    def latency(percentile):
        match = re.search(rf"^\s+{percentile}%\s+([\d.]+)(us|ms|s)\b", output, re.M)
        value, unit = float(match[1]), match[2]
        return value * {"us": 0.001, "ms": 1, "s": 1000}[unit]

    bad_status = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    sockets = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output)[1]),
        "p50": latency(50),
        "p99": latency(99),
        "requests": int(re.search(r"(\d+) requests in", output)[1]),
        "non_2xx_3xx": int(bad_status[1]) if bad_status else 0,
        "socket_errors": sum(int(n) for n in sockets.groups()) if sockets else 0,
    }
