"""Read one YAML record safely, keeping the line and column of every key and value.

PyYAML is used only to parse and compose (the C parser where present, for speed);
the node tree is then walked here, which lets the loader refuse what plain
`yaml.safe_load` would accept silently: duplicated keys (PyYAML keeps the last,
losing data), aliases (the "billion laughs" blow-up), explicit tags, non-string
keys, and files too large or too deeply nested to be a record.

Where no positions are asked for (validating a whole catalogue), a file in the plain block style
is read by plainyaml instead, about twice as fast (1.7–2.3 s against 3.0–3.8 s for 11,000 records); it returns this path's data or declines, and
a record that fails its schema is read again here, with positions, to say where.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .files import NotReadable, read_regular
from .plainyaml import plain_tag, read_plain
from .problems import Problem

try:  # the C parser is several times faster; the constructors are the same Python code
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - libyaml not built
    _Loader = yaml.SafeLoader

MAX_FILE_BYTES = 256 * 1024
MAX_NODES = 20_000
MAX_DEPTH = 20
_TAG = "tag:yaml.org,2002:"
ALLOWED_TAGS = {_TAG + t for t in ("str", "int", "float", "bool", "null", "seq", "map", "timestamp")}

Path_ = tuple[str | int, ...]


@dataclass
class Document:
    """A record's data and where each part of it stands in the file (1-based line, column)."""

    file: str
    data: Any
    positions: dict[Path_, tuple[int, int]] = field(default_factory=dict)

    def position(self, path: Path_) -> tuple[int, int]:
        """Position of the longest prefix of `path` that exists; the document start otherwise."""
        for end in range(len(path), 0, -1):
            pos = self.positions.get(tuple(path[:end]))
            if pos:
                return pos
        return self.positions.get((), (1, 1))


class _Refused(Exception):
    def __init__(self, node: None, message: str, field: str = "", at: tuple[int, int] = (0, 0)):
        super().__init__(message)
        self.message, self.field, self.at = message, field, at


def read_document(path: Path | str, shown_as: str, positions: bool = True) -> tuple[Document | None, list[Problem]]:
    """Load `path`; return the document, or None and the problems that stopped it.

    With positions=False the document's positions stay empty (faster, for the common
    case where nothing needs locating; problems found while loading are located anyway).
    """

    def fail(message: str, line: int = 0, column: int = 0, field_: str = "") -> tuple[None, list[Problem]]:
        return None, [Problem(shown_as, line, column, field_, message)]

    try:
        raw = read_regular(path, MAX_FILE_BYTES, "a record")
    except NotReadable as exc:
        return fail(str(exc))
    if raw.startswith(b"\xef\xbb\xbf"):
        return fail("file starts with a byte-order mark (BOM); save it as UTF-8 without BOM", 1, 1)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        return fail(f"file is not valid UTF-8 (byte 0x{raw[exc.start]:02x}); save it as UTF-8", line, column)
    if not text.strip():
        return fail("file is empty; a record is a YAML mapping of fields", 1, 1)
    bad = _UNSAFE_IN_TEXT.search(text)
    if bad:
        line = text.count("\n", 0, bad.start()) + 1
        column = bad.start() - (text.rfind("\n", 0, bad.start()) + 1) + 1
        return fail(f"control or bidirectional character {_char_name(bad.group(0))} in the file; remove it", line, column)
    if "\t" in text:
        for number, line_text in enumerate(text.splitlines(), 1):
            indent = line_text[: len(line_text) - len(line_text.lstrip(" \t"))]
            if "\t" in indent:
                return fail("tab used for indentation; YAML indents with spaces", number, indent.index("\t") + 1)

    if not positions:  # most records are in the plain block style, which plainyaml reads about twice as fast
        data = read_plain(text, MAX_NODES, MAX_DEPTH)
        if data is not None:
            return Document(shown_as, data, {(): (1, 1)}), []
    loader = _Loader(text)
    try:
        doc = _Builder(loader, shown_as, positions).document()
        if doc is None:
            return fail("file is empty; a record is a YAML mapping of fields", 1, 1)
        return doc, []
    except _Refused as exc:
        return fail(exc.message, *exc.at, exc.field)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem, context = exc.problem or "", exc.context or ""
        detail = f"{context} {problem}" if problem.startswith("but ") else problem + (f" ({context})" if context else "")
        message = f"YAML syntax error: {detail.strip()}"
        return fail(message, mark.line + 1 if mark else 0, mark.column + 1 if mark else 0)
    except yaml.YAMLError as exc:
        return fail(f"YAML error: {exc}")
    finally:
        loader.dispose()


def _field(path: Path_) -> str:
    return ".".join(str(p) for p in path)


def _at(event: yaml.Event) -> tuple[int, int]:
    return event.start_mark.line + 1, event.start_mark.column + 1


_MAPPING_START, _MAPPING_END = yaml.MappingStartEvent, yaml.MappingEndEvent
_SEQUENCE_START, _SEQUENCE_END = yaml.SequenceStartEvent, yaml.SequenceEndEvent
_ALIAS = yaml.AliasEvent


def _path(stack: list[list[Any]]) -> Path_:
    """The path of the next value of the innermost open container: for each open container, the key
    or index its next (or currently open) child stands at."""
    return tuple(entry[1] if type(entry[0]) is dict else len(entry[0]) for entry in stack)


# Raw in the file: any control character but tab and line breaks, and the bidi controls (a "Trojan source"
# reordering). In a double-quoted value, where escapes can write them, a line break or tab is allowed too.
_BIDI = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
_UNSAFE_IN_TEXT = re.compile(f"[\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f-\\x9f{_BIDI}]")
_UNSAFE_IN_VALUE = re.compile(f"[\\x00-\\x08\\x0b-\\x1f\\x7f-\\x9f{_BIDI}]")


def _char_name(char: str) -> str:
    return f"U+{ord(char):04X}"


_ALIAS_MESSAGE = "anchors and aliases (&name / *name) are not allowed in records; write the value out"


class _Builder:
    """Builds plain Python data straight from the parser's events, recording positions.

    Working on events (not on a composed node tree) refuses an alias where it stands,
    before anything can expand it, and skips the resolver for every key and quoted
    value. It is one loop with an explicit stack: loading 10,000 records is mostly
    this loop, so it avoids a function call per value.
    """

    def __init__(self, loader: Any, shown_as: str, track: bool = True):
        self.loader = loader
        self.doc = Document(shown_as, None)
        self.track = track

    def document(self) -> Document | None:
        loader = self.loader
        loader.get_event()  # StreamStartEvent
        if loader.check_event(yaml.StreamEndEvent):
            return None
        loader.get_event()  # DocumentStartEvent
        first = loader.peek_event()
        if isinstance(first, yaml.ScalarEvent) and first.value == "" and not first.style:
            return None  # a stream of comments only
        if not isinstance(first, yaml.MappingStartEvent):
            kind = "list" if isinstance(first, yaml.SequenceStartEvent) else "single value"
            raise _Refused(None, f"a record must be a mapping of fields (key: value), not a {kind}", at=_at(first))
        self.doc.positions[()] = _at(first)
        self.doc.data = self._build()
        loader.get_event()  # DocumentEndEvent
        if not loader.check_event(yaml.StreamEndEvent):
            raise _Refused(None, "a record file holds one YAML document; remove the second ---", at=_at(loader.peek_event()))
        return self.doc

    def _build(self) -> Any:
        get = self.loader.get_event
        track = self.track
        positions = self.doc.positions
        # Each open container: [value, next key (mappings) or None, first lines of keys (mappings)].
        # A value's path is not built as it is read: _path(stack) derives it when a message or a position needs it.
        stack: list[list[Any]] = []
        count = 0
        while True:
            event = get()
            kind = type(event)
            if kind is _MAPPING_END or kind is _SEQUENCE_END:
                done = stack.pop()[0]
                if not stack:
                    return done
                top = stack[-1]
                if type(top[0]) is dict:
                    top[0][top[1]] = done
                    top[1] = None
                else:
                    top[0].append(done)
                continue
            count += 1
            top = stack[-1] if stack else None
            in_mapping = top is not None and type(top[0]) is dict
            # A mapping waiting for a key: this event must be the key.
            if in_mapping and top[1] is None:  # type: ignore[index]
                self._key(stack, event)
                continue
            if count > MAX_NODES:
                raise _Refused(None, f"record has more than {MAX_NODES:,} values; a record is a small mapping", at=_at(event))
            if kind is _ALIAS or event.anchor is not None:
                raise _Refused(None, _ALIAS_MESSAGE, _field(_path(stack)), at=_at(event))
            tag = event.tag
            if tag is not None and tag != "!" and tag not in ALLOWED_TAGS:
                raise _Refused(None, f"YAML tag {tag!r} is not allowed; records hold only plain strings, numbers, dates, "
                               "lists and mappings", _field(_path(stack)), at=_at(event))
            if track and top is not None and not in_mapping:
                positions[_path(stack)] = _at(event)
            if kind is _MAPPING_START or kind is _SEQUENCE_START:
                if len(stack) >= MAX_DEPTH:
                    raise _Refused(None, f"record is nested more than {MAX_DEPTH} levels deep", _field(_path(stack)), at=_at(event))
                stack.append([{} if kind is _MAPPING_START else [], None, {}])
                continue
            value = self._scalar(event, stack)
            if top is None:
                return value
            if in_mapping:
                top[0][top[1]] = value
                top[1] = None
            else:
                top[0].append(value)

    def _key(self, stack: list[list[Any]], event: yaml.Event) -> None:
        top = stack[-1]
        if type(event) is not yaml.ScalarEvent or event.anchor is not None or (
                event.tag is None and not event.style and self._resolve(event) != _TAG + "str"):
            raise _Refused(None, "keys must be plain field names" + (f", not {event.value!r}" if type(event) is yaml.ScalarEvent else ""),
                           _field(_path(stack[:-1])), at=_at(event))
        key = event.value
        if event.style == '"' and _UNSAFE_IN_VALUE.search(key):
            raise _Refused(None, f"control or bidirectional character {_char_name(_UNSAFE_IN_VALUE.search(key).group(0))} in a key; "
                           "keys are plain field names", _field(_path(stack[:-1])), at=_at(event))
        first_line = top[2]
        if key in first_line:
            raise _Refused(None, f"key {key!r} appears twice in this mapping (first on line {first_line[key]}); "
                           "YAML would silently keep only the last value", _field(_path(stack[:-1]) + (key,)), at=_at(event))
        first_line[key] = event.start_mark.line + 1
        if self.track:
            nxt = self.loader.peek_event()
            # Point at the value when it is a single value on the key's line, else at the key.
            on_line = type(nxt) is yaml.ScalarEvent and nxt.value != ""
            self.doc.positions[_path(stack[:-1]) + (key,)] = _at(nxt if on_line else event)
        top[1] = key

    def _scalar(self, event: yaml.ScalarEvent, stack: list[list[Any]]) -> Any:
        if event.style == '"' and _UNSAFE_IN_VALUE.search(event.value):  # only double quotes can write escapes
            raise _Refused(None, f"control or bidirectional character {_char_name(_UNSAFE_IN_VALUE.search(event.value).group(0))} "
                           "in the value; remove it", _field(_path(stack)), at=_at(event))
        if (event.style or event.tag == "!") and event.tag in (None, "!", _TAG + "str"):
            return event.value  # quoted, block or non-specific: a string (plain style is None or "")
        resolved = event.tag or self._resolve(event)
        if resolved == _TAG + "str":
            return event.value
        node = yaml.ScalarNode(resolved, event.value, event.start_mark, event.end_mark, event.style)
        try:
            value = self.loader.construct_object(node)
        except (ValueError, yaml.YAMLError) as exc:  # e.g. a timestamp such as 2024-13-45
            raise _Refused(None, f"cannot read value {event.value!r}: {exc}", _field(_path(stack)), at=_at(event)) from None
        if isinstance(value, dt.datetime):
            raise _Refused(None, "give a date as YYYY-MM-DD, without a time", _field(_path(stack)), at=_at(event))
        return value

    def _resolve(self, event: yaml.ScalarEvent) -> str:
        return plain_tag(event.value)  # called for plain scalars only, whose implicit flags are (True, False)
