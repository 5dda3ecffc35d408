"""`make` installs from requirements.lock with --require-hashes: the lock must pin every
dependency pyproject.toml names, at a version it allows, with hashes. A dependency added to
pyproject.toml without `make lock` fails here rather than on someone's fresh machine."""
from __future__ import annotations

import re
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

REPO = Path(__file__).resolve().parents[2]
PINNED = re.compile(r"^([A-Za-z0-9_.\-]+)==([^\s\\]+)", re.MULTILINE)


def locked() -> dict[str, tuple[str, int]]:
    """Each pinned package's version and how many hashes it carries."""
    text = (REPO / "requirements.lock").read_text()
    pins = {}
    for match in PINNED.finditer(text):
        block = text[match.end():].split("\n\n", 1)[0]
        entry = re.split(r"^\S", block, maxsplit=1, flags=re.MULTILINE)[0]
        pins[canonicalize_name(match[1])] = (match[2], entry.count("--hash=sha256:"))
    return pins


def declared() -> list[Requirement]:
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    names = [*project["dependencies"], *project["optional-dependencies"]["test"]]
    return [Requirement(name) for name in names]


def test_every_dependency_is_pinned_at_an_allowed_version_with_hashes():
    pins = locked()
    for requirement in declared():
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{requirement.name} is not in requirements.lock: run `make lock`"
        version, hashes = pins[name]
        assert requirement.specifier.contains(version, prereleases=True), (
            f"requirements.lock pins {requirement.name} {version}, outside "
            f"{requirement.specifier}: run `make lock`")
        assert hashes >= 1, f"{requirement.name} has no hash in requirements.lock"


def test_every_pin_in_the_lock_carries_a_hash():
    # pip's --require-hashes refuses the whole install if one package lacks a hash.
    assert all(hashes for _, hashes in locked().values())
    assert len(locked()) > 50
