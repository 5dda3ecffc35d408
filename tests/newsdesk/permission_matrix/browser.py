"""What a browser sends: the fields of a page's forms as it would submit them."""
from __future__ import annotations

from html.parser import HTMLParser

class FormFields(HTMLParser):
    """What a browser would send for each form on a page: named inputs, checked boxes,
    selected options and textareas, without the submit buttons."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict[str, list[str]]] = []
        self._form: dict[str, list[str]] | None = None
        self._select: tuple[str, bool, list[str], list[str]] | None = None
        self._textarea: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self._form = {}
            self.forms.append(self._form)
            return
        if self._form is None or "disabled" in a or not a.get("name"):
            if tag == "option" and self._select is not None:
                self._option(a)
            return
        name = a["name"]
        if tag == "input":
            kind = a.get("type", "text").lower()
            if kind in ("submit", "button", "image", "reset", "file"):
                return
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            default = "on" if kind in ("checkbox", "radio") else ""
            self._form.setdefault(name, []).append(a.get("value", default))
        elif tag == "select":
            self._select = (name, "multiple" in a, [], [])
        elif tag == "textarea":
            self._textarea = [name, ""]

    def _option(self, a: dict[str, str]) -> None:
        assert self._select is not None
        _, _, selected, every = self._select
        every.append(a.get("value", ""))
        if "selected" in a:
            selected.append(a.get("value", ""))

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "select" and self._select is not None and self._form is not None:
            name, multiple, selected, every = self._select
            # A single select with nothing marked sends its first option, as browsers do.
            self._form[name] = selected if multiple or selected else every[:1]
            self._select = None
        elif tag == "textarea" and self._textarea is not None and self._form is not None:
            name, text = self._textarea
            self._form[name] = [text.removeprefix("\n")]
            self._textarea = None
