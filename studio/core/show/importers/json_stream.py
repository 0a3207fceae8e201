"""Walking a JSON catalog's top-level object without building the whole document.

`json.loads` of a 50 MB catalog builds every product at once (hundreds of MB).
The scanner reads the top-level fields, remembers where the "products" array
starts, and decodes its elements one at a time with the standard decoder, so
memory holds the text and one product. Errors are the standard
`json.JSONDecodeError`, with line and column in the whole file.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

_SPACE = re.compile(r"[ \t\n\r]*")


class JsonCatalogScanner:
    def __init__(self, text: str):
        self.text = text
        self._decoder = json.JSONDecoder()

    def top_level(self, array_key: str) -> tuple[Any, int | None]:
        """(the top-level value with `array_key` left out, where that array starts or None).

        A top level that is not an object is returned whole (the caller reports it).
        """
        text = self.text
        at = self._space(0)
        if text[at : at + 1] != "{":
            return self._decode_all(), None
        fields: dict[str, Any] = {}
        array_at = None
        at = self._space(at + 1)
        if text[at : at + 1] == "}":
            return self._end(fields, array_at, at)
        while True:
            if text[at : at + 1] != '"':
                raise json.JSONDecodeError("Expecting property name enclosed in double quotes", text, at)
            key, at = self._decoder.raw_decode(text, at)
            at = self._space(at)
            if text[at : at + 1] != ":":
                raise json.JSONDecodeError("Expecting ':' delimiter", text, at)
            at = self._space(at + 1)
            if key == array_key and text[at : at + 1] == "[":
                array_at = at
                at = self._space(self._skip_array(at))
            else:
                fields[key], at = self._decoder.raw_decode(text, at)
                array_at = None if key == array_key else array_at
                at = self._space(at)
            if text[at : at + 1] == ",":
                at = self._space(at + 1)
            elif text[at : at + 1] == "}":
                return self._end(fields, array_at, at)
            else:
                raise json.JSONDecodeError("Expecting ',' delimiter", text, at)

    def elements(self, array_at: int) -> Iterator[tuple[Any, int]]:
        """(element, where the scan continues) for each element of the array at `array_at`."""
        return self._elements(array_at)

    def _elements(self, array_at: int) -> Iterator[tuple[Any, int]]:
        text = self.text
        at = self._space(array_at + 1)
        if text[at : at + 1] == "]":
            return
        while True:
            value, at = self._decoder.raw_decode(text, at)
            at = self._space(at)
            if text[at : at + 1] == ",":
                yield value, at
                at = self._space(at + 1)
            elif text[at : at + 1] == "]":
                yield value, at + 1
                return
            else:
                raise json.JSONDecodeError("Expecting ',' delimiter", text, at)

    def _skip_array(self, array_at: int) -> int:
        """The position after the array, each element decoded and dropped."""
        end = None
        for _, end in self._elements(array_at):
            pass
        return end if end is not None else self._space(array_at + 1) + 1

    def _end(self, fields: dict, array_at: int | None, closing_at: int) -> tuple[dict, int | None]:
        rest = self._space(closing_at + 1)
        if rest != len(self.text):
            raise json.JSONDecodeError("Extra data", self.text, rest)
        return fields, array_at

    def _decode_all(self) -> Any:
        return json.loads(self.text)

    def _space(self, at: int) -> int:
        return _SPACE.match(self.text, at).end()
