"""Where the gunicorn workers spend their CPU during a row (`bench/run.py --profile`).

py-spy samples every worker while the row runs, counting only the thread that holds the
GIL (`--gil`), so waits for PostgreSQL or Redis drop out. Those samples give each function's
share; the workers' own CPU time over the row (from /proc), divided by the requests served,
gives the milliseconds. (Samples alone would overstate them: with more busy workers than
cores, a worker the kernel has set aside still holds its GIL.) So a slow page reads as
"4.7 ms rendering templates, 2.0 ms of it the comment form", inclusive of what each
function calls.
"""
from __future__ import annotations

import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from bench.stack import StackError

RATE = 250
SHOWN = 45


def py_spy() -> Path:
    found = Path(sys.executable).parent / "py-spy"
    if not found.exists():
        raise StackError("--profile needs py-spy in the venv: .venv/bin/pip install py-spy")
    return found


@contextmanager
def recording(workers: list[int], seconds: float, into: Path, name: str) -> Iterator[list[Path]]:
    """Record each worker for `seconds` (the row's length) into `into/<name>-<pid>.raw`."""
    into.mkdir(parents=True, exist_ok=True)
    outputs = [into / f"{name}-{pid}.raw" for pid in workers]
    recorders = [subprocess.Popen([str(py_spy()), "record", "--pid", str(pid), "--duration",
                                   str(max(1, int(seconds))), "--rate", str(RATE), "--gil",
                                   "--nonblocking", "--format", "raw", "--output", str(output)],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                 for pid, output in zip(workers, outputs)]
    try:
        yield outputs
    finally:
        for recorder in recorders:
            try:
                recorder.wait(timeout=seconds + 30)
            except subprocess.TimeoutExpired:
                recorder.kill()
                recorder.wait()


def _function(frame: str) -> str:
    """`name (file.py:line)` without the line, so a function's samples add up."""
    name, _, place = frame.partition(" (")
    return f"{name} ({place.rsplit(':', 1)[0]})" if place else name


def summarise(outputs: list[Path], requests: int, cpu_seconds: float) -> str:
    """Milliseconds of CPU per request, per function: py-spy's shares of the workers'
    `cpu_seconds` over `requests`."""
    inclusive: Counter[str] = Counter()
    own: Counter[str] = Counter()
    samples = 0
    for output in outputs:
        if not output.exists():
            continue
        for line in output.read_text().splitlines():
            stack, _, count = line.rpartition(" ")
            if not count.isdigit():
                continue
            frames = [_function(frame) for frame in stack.split(";")]
            samples += int(count)
            own[frames[-1]] += int(count)
            for function in set(frames):
                inclusive[function] += int(count)
    if not samples or not requests:
        return "No samples: was the row too short, or py-spy refused to attach?\n"
    per_request_ms = cpu_seconds / requests * 1000
    lines = [f"{per_request_ms:.2f} ms of worker CPU per request ({requests:,} requests, "
             f"{cpu_seconds:.1f} s of CPU; shares from {samples:,} samples holding the GIL)",
             "", "Inclusive (the function and what it calls):"]
    lines += [f"{count / samples * per_request_ms:8.2f} ms {count / samples:6.1%}  {function}"
              for function, count in inclusive.most_common(SHOWN)]
    lines += ["", "Own time:"]
    lines += [f"{count / samples * per_request_ms:8.2f} ms {count / samples:6.1%}  {function}"
              for function, count in own.most_common(25)]
    return "\n".join(lines) + "\n"
