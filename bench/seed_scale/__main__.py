"""`python -m bench.seed_scale [--stories N] [--comments N] [--shows N] [--seed N]`."""
from __future__ import annotations

import os
import sys
from pathlib import Path

# The repository root, for `python bench/seed_scale` as well as `python -m` from the root.
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsdesk.settings")


def main(argv: list[str]) -> None:
    import django

    django.setup()
    from bench.seed_scale.command import Command

    # As manage.py runs a command: usage errors and CommandError end in a message and exit
    # status 1, not a traceback. The two names make the usage line read as the command line.
    Command().run_from_argv(["python -m", "bench.seed_scale", *argv])


if __name__ == "__main__":
    main(sys.argv[1:])
