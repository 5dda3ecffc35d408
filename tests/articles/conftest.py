"""Fixtures shared by the picture tests."""
from __future__ import annotations

import pytest

from tests import imagefiles


@pytest.fixture(scope="session")
def big_jpeg(tmp_path_factory):
    """A 24-megapixel JPEG on disk, drawn once: memory tests read it in a fresh process."""
    path = tmp_path_factory.mktemp("big") / "24-megapixels.jpg"
    path.write_bytes(imagefiles.jpeg(6000, 4000).read())
    return path
