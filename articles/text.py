"""Rules about plain text that several inputs and outputs share."""
from __future__ import annotations

import re

# The C0 controls (but tab, newline and carriage return) and DEL: invisible, refused by
# XML 1.0, and NUL is refused by PostgreSQL.
CONTROL_CHARACTER = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def without_control_characters(text: str, replacement: str = "") -> str:
    return CONTROL_CHARACTER.sub(replacement, text or "")
