"""Typed reading of JSON sources (our catalog, a storefront's products.json).

JSON gives any value any type: `"variants": ["oops"]`, `"body_html": 123`,
`"images": 5`. Importers read every field through `Fields`, which returns the
expected type or records one problem naming the field's path and what was
expected, so odd input is a clear line, never a traceback.
"""

from __future__ import annotations

import json
from typing import Any

from studio.core.show.records import RowChecker, RowProblem


class JsonReadError(ValueError):
    """The text is not JSON we can read; `problem` says where and why."""

    def __init__(self, problem: RowProblem):
        super().__init__(str(problem))
        self.problem = problem


def load_json(text: str | bytes) -> Any:
    try:
        return json.loads(text)
    except (json.JSONDecodeError, RecursionError) as error:
        raise JsonReadError(json_problem(error)) from None
    except UnicodeDecodeError as error:
        raise JsonReadError(RowProblem(None, f"byte {error.start}", "", "not UTF-8 text")) from None


def json_problem(error: json.JSONDecodeError | RecursionError) -> RowProblem:
    if isinstance(error, RecursionError):
        return RowProblem(None, "document", "", "nested too deeply to be a catalog")
    return RowProblem(error.lineno, f"character {error.colno}", "", f"not valid JSON ({error.msg})")


def describe(value: object) -> str:
    names = {dict: "an object", list: "a list", str: "text", bool: "true/false", type(None): "null"}
    return names.get(type(value), "a number" if isinstance(value, (int, float)) else type(value).__name__)


class Fields:
    """One JSON object read field by field; `where` is its path, e.g. `products[2]`."""

    def __init__(self, item: dict, where: str, check: RowChecker):
        self.item = item
        self.where = where
        self.check = check

    def path(self, key: str) -> str:
        return f"{self.where}.{key}" if self.where else key

    def get(self, key: str) -> Any:
        return self.item.get(key)

    def wrong(self, key: str, expected: str) -> None:
        value = self.item.get(key)
        self.check.problem(self.path(key), _shown(value), f"expected {expected}, not {describe(value)}")

    def text(self, key: str, *, required: bool = False, numbers_ok: bool = False) -> str:
        value = self.item.get(key)
        if value is None or value == "":
            if required:
                self.check.problem(self.path(key), "", "required")
            return ""
        if numbers_ok and isinstance(value, (int, float)) and not isinstance(value, bool):
            return str(value)
        if not isinstance(value, str):
            self.wrong(key, "text")
            return ""
        return value.strip()

    def strings(self, key: str) -> list[str] | None:
        value = self.item.get(key)
        if value is None:
            return None
        if not isinstance(value, list) or not all(isinstance(entry, str) for entry in value):
            self.wrong(key, "a list of text")
            return None
        return [entry.strip() for entry in value if entry.strip()]

    def objects(self, key: str, *, required: bool = False) -> list[tuple[str, "Fields"]]:
        """(path, Fields) for each object in a list; anything else in it is a problem."""
        value = self.item.get(key)
        if value is None or value == []:
            if required:
                self.check.problem(self.path(key), "", "expected a non-empty list of objects")
            return []
        if not isinstance(value, list):
            self.wrong(key, "a list of objects")
            return []
        return objects(value, self.path(key), self.check)


def objects(value: list, where: str, check: RowChecker) -> list[tuple[str, Fields]]:
    found = []
    for index, entry in enumerate(value):
        path = f"{where}[{index}]"
        if isinstance(entry, dict):
            found.append((path, Fields(entry, path, check)))
        else:
            check.problem(path, _shown(entry), f"expected an object, not {describe(entry)}")
    return found


def _shown(value: object) -> str:
    text = json.dumps(value, ensure_ascii=False, default=str) if not isinstance(value, str) else value
    return text if len(text) <= 60 else text[:57] + "..."
