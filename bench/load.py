"""Load from wrk, on 127.0.0.1: a timed run of one script, or an exact number of requests
going round a list of pages; and one plain GET."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import urllib.error
import urllib.request
from pathlib import Path

from bench.report import Load
from bench.stack import StackError


WRK = os.environ.get("WRK") or "wrk"
WRK_DIR = Path(__file__).resolve().parent / "wrk"
CONNECTIONS = 8
WRK_THREADS = 2
WARMUP_SECONDS = 3


def _wrk_command(url: str, seconds: float, script: str, args: tuple[str, ...],
                 connections: int) -> list[str]:
    threads = min(WRK_THREADS, connections)
    command = [WRK, f"-t{threads}", f"-c{connections}", f"-d{seconds:g}s", "--latency",
               "--timeout=10s", "-s", script, url]
    return [*command, "--", *args] if args else command


def _read_report(returncode: int, stdout: str, stderr: str, connections: int) -> Load:
    """The line bench/wrk/report.lua prints, as a Load."""
    report_line = next((line for line in stdout.splitlines() if line.startswith("BENCH ")),
                       None)
    if returncode != 0 or report_line is None:
        raise StackError(f"wrk failed (exit {returncode}):\n{stdout}\n{stderr}")
    figures = json.loads(report_line.removeprefix("BENCH "))
    return Load(
        requests=figures["requests"], seconds=figures["duration_us"] / 1e6,
        p50_ms=figures["p50_us"] / 1000, p99_ms=figures["p99_us"] / 1000,
        errors={name: figures[name] for name in ("connect_errors", "read_errors",
                                                  "write_errors", "status_errors", "timeouts")
                if figures[name]},
        connections=connections,
    )


def wrk(url: str, *, seconds: float, script: str = "get.lua", args: tuple[str, ...] = (),
        connections: int = CONNECTIONS) -> Load:
    # report.lua and its neighbours are loaded by plain names from there.
    result = subprocess.run(_wrk_command(url, seconds, script, args, connections), cwd=WRK_DIR,
                            capture_output=True, text=True, timeout=seconds * 20 + 120)
    return _read_report(result.returncode, result.stdout, result.stderr, connections)


def wrk_requests(url: str, count: int, paths: list[str]) -> Load:
    """Exactly `count` answered requests (split between wrk's threads) going round `paths`.

    bench/wrk/mix.lua stops each thread at its share and says so; wrk is then interrupted,
    as it would otherwise wait out its whole duration.
    """
    command = _wrk_command(url, 3600, "mix.lua", (str(count // WRK_THREADS), *paths),
                           CONNECTIONS)
    with subprocess.Popen(command, cwd=WRK_DIR, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          text=True) as process:
        assert process.stdout is not None and process.stderr is not None
        try:
            lines = []
            finished = 0
            for line in process.stdout:
                lines.append(line)
                if line.startswith("THREAD DONE"):
                    finished += 1
                    if finished == WRK_THREADS:
                        # wrk prints its summary when interrupted, as at the end of -d.
                        process.send_signal(signal.SIGINT)
            stderr = process.stderr.read()
            returncode = process.wait()
        except BaseException:
            process.kill()
            raise
    return _read_report(returncode, "".join(lines), stderr, CONNECTIONS)


def fetch(url: str) -> tuple[int, dict[str, str], bytes]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()
