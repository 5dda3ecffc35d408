"""How long the full rendition set takes, and how much memory, for the pictures a desk gets.

    .venv/bin/python bench/images.py [--repeat N] [--webp-quality Q] [--jpeg-quality Q]

Two sources are drawn into a temporary folder first: a 24-megapixel JPEG (6000x4000, a
drawn scene under photographic grain, quality 90) and a 4000x3000 PNG of the same kind.
For each, a fresh Python process checks the upload as the admin would (inspect_upload) and
another makes every size plan() lists for it, in WebP and JPEG (render). Each reports its
peak resident memory from getrusage(RUSAGE_SELF): the peak before the work (interpreter,
Pillow and the file's bytes loaded) and after it. Timings are the best of --repeat runs;
the memory peak is that of the first.

This process never decodes or draws a picture itself; a child of its own draws the sources: Linux carries a process's peak memory over into the processes it starts, so a
large parent would hide the children's figures. No Django settings are needed.
"""
from __future__ import annotations

import argparse
import json
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPOSITORY = Path(__file__).resolve().parent.parent

SOURCES = {
    "jpeg": ("24 MP JPEG", "photo-6000x4000.jpg", 6000, 4000),
    "png": ("12 MP PNG", "photo-4000x3000.png", 4000, 3000),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--webp-quality", type=int, default=80)
    parser.add_argument("--jpeg-quality", type=int, default=82)
    parser.add_argument("--draw", metavar="FOLDER", help=argparse.SUPPRESS)
    parser.add_argument("--measure", nargs=4, metavar=("STEP", "SOURCE", "WIDTH", "HEIGHT"),
                        help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    sys.path.insert(0, str(REPOSITORY))
    if arguments.draw:
        draw_sources(Path(arguments.draw))
    elif arguments.measure:
        step, source, width, height = arguments.measure
        measure(step, Path(source), int(width), int(height), arguments)
    else:
        run(arguments)


def run(arguments: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory(prefix="newsdesk-bench-") as folder:
        started = time.perf_counter()
        _child("--draw", folder)
        print(f"Drew the sources in {time.perf_counter() - started:.1f} s.")
        rows = []
        for label, name, width, height in SOURCES.values():
            path = Path(folder) / name
            for step in ("inspect", "render"):
                result = json.loads(_child("--measure", step, str(path), str(width), str(height),
                                           "--repeat", str(arguments.repeat),
                                           "--webp-quality", str(arguments.webp_quality),
                                           "--jpeg-quality", str(arguments.jpeg_quality)))
                rows.append((f"{label} {width}x{height}", path.stat().st_size, step, result))
    _print_table(rows, arguments)


def _child(*options: str) -> str:
    finished = subprocess.run([sys.executable, __file__, *options], capture_output=True,
                              text=True, check=False)
    if finished.returncode:
        sys.exit(f"bench/images.py {' '.join(options)} failed:\n{finished.stderr}")
    return finished.stdout


def draw_sources(folder: Path) -> None:
    from tests import imagefiles

    _, name, width, height = SOURCES["jpeg"]
    (folder / name).write_bytes(imagefiles.jpeg(width, height, noise=True, quality=90).read())
    _, name, width, height = SOURCES["png"]
    (folder / name).write_bytes(imagefiles.png(width, height, noise=True).read())


def measure(step: str, source: Path, width: int, height: int,
            arguments: argparse.Namespace) -> None:
    import io
    import resource

    import PIL

    from articles import images

    data = source.read_bytes()
    sizes = images.plan(width, height)
    baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    seconds = []
    peak = files = output = 0
    for _ in range(arguments.repeat):
        started = time.perf_counter()
        if step == "inspect":
            images.inspect_upload(io.BytesIO(data), max_bytes=len(data), max_pixels=40_000_000)
        else:
            made = list(images.render(io.BytesIO(data), sizes,
                                      webp_quality=arguments.webp_quality,
                                      jpeg_quality=arguments.jpeg_quality))
            files, output = len(made), sum(len(rendered.data) for rendered in made)
        seconds.append(time.perf_counter() - started)
        peak = peak or resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    # ru_maxrss is in kilobytes on Linux.
    print(json.dumps({"seconds": min(seconds), "files": files, "bytes": output,
                      "baseline_kb": baseline, "peak_kb": peak, "pillow": PIL.__version__}))


def _print_table(rows: list[tuple[str, int, str, dict[str, Any]]],
                 arguments: argparse.Namespace) -> None:
    print(f"\nPillow {rows[0][3]['pillow']}, Python {platform.python_version()}, "
          f"{platform.machine()}; WebP quality {arguments.webp_quality}, JPEG quality "
          f"{arguments.jpeg_quality}; best of {arguments.repeat} runs.\n")
    header = ("source", "file", "step", "seconds", "files", "output", "peak memory")
    lines = [header]
    for label, file_size, step, result in rows:
        baseline, peak = result["baseline_kb"] / 1024, result["peak_kb"] / 1024
        lines.append((
            label, f"{file_size / 1024 / 1024:.1f} MB", step, f"{result['seconds']:.2f}",
            str(result["files"]) if step == "render" else "",
            f"{result['bytes'] / 1024 / 1024:.2f} MB" if step == "render" else "",
            f"{baseline:.0f} → {peak:.0f} MB (+{peak - baseline:.0f})"))
    widths = [max(len(line[column]) for line in lines) for column in range(len(header))]
    for number, line in enumerate(lines):
        print("  ".join(cell.ljust(width) for cell, width in zip(line, widths)).rstrip())
        if number == 0:
            print("  ".join("-" * width for width in widths))


if __name__ == "__main__":
    main()
