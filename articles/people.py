"""How people are named to readers, in the admin and in logs."""
from __future__ import annotations

from typing import Any



def display_name(user: Any) -> str:
    """How a person is named on pages, in the admin and in logs."""
    return (user.get_full_name() or user.get_username()) if user else "the system"
