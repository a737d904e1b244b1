"""A fast path for the plain block style records are written in; libyaml stays the authority.

PyYAML builds a Python object, with two position marks, for every event libyaml emits: that
alone was three quarters of loading a record (0.26 of 0.35 ms), and loading was most of
`hfm-atlas validate`. Records are small block mappings of one-line values, the style
`hfm-atlas new`, the importers and people write. This module reads exactly that style,
line by line, and returns None for anything else, which `load.read_document` then hands to
the careful libyaml path (with its messages, lines and columns):

- block mappings of plain field names, block sequences (`- value`, `- key: value`, indented
  or not under their key), comments and blank lines;
- values on one line: plain, 'single-quoted', "double-quoted" without escapes, and flow lists
  `[a, 'b']` of plain or single-quoted items.

It declines (returns None) on everything else: block scalars (| >), values continued on the
next line, flow mappings, double-quoted list items, escapes, anchors, aliases, tags, directives,
document markers, complex keys, duplicated keys, CR, tabs, Unicode line separators, characters
YAML does not accept, keys or plain values that resolve to types records do not hold, depth
or size over the loader's limits, and any line it cannot place. A plain scalar resolves with
PyYAML's own resolver and constructors, so `yes` is True and `2024-01-01` a date, exactly as
on the careful path. tests/test_plainyaml.py checks, on every record in data/, on synthetic
catalogues and on thousands of damaged documents, that whenever this path returns data it is
the careful path's data, value for value and type for type.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import yaml

_TAG = "tag:yaml.org,2002:"
_RESOLVER = yaml.resolver.Resolver()
_CONSTRUCTOR = yaml.constructor.SafeConstructor()
_SCALAR_TYPES = {_TAG + t: yaml.constructor.SafeConstructor.yaml_constructors[_TAG + t]
                 for t in ("int", "float", "bool", "null", "timestamp")}
_RESOLVABLE = frozenset(k for k in yaml.resolver.Resolver.yaml_implicit_resolvers if k)
_DECLINE = object()

# What YAML does not accept in a stream (PyYAML's reader refuses it), and what it reads as a line break.
_NOT_PLAIN_TEXT = re.compile("[^\x0a\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]|[\x85\u2028\u2029\ufeff]")
_NOT_PLAIN_ASCII = re.compile("[\x00-\x09\x0b-\x1f\x7f]")  # what _NOT_PLAIN_TEXT finds in ASCII text, three times as fast
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")  # a field name, before the colon of a key line
# A plain value may not start with an indicator (a "-" or "?" or ":" before a space included)...
_PLAIN_START = re.compile(r"[^-?:,\[\]{}#&*!|>'\"%@`\s]|[-?:][^\s]")
# ... and in a flow list, may hold no flow indicator, "?", ":", quote or "#" (PyYAML and libyaml differ there).
_FLOW_ITEM = re.compile(r"(?:[^-?:,\[\]{}#&*!|>'\"%@`\s]|-[^\s,\[\]{}?:#'\"])[^,\[\]{}?:#'\"]*")
_FLOW_ITEMS = re.compile(f" *{_FLOW_ITEM.pattern}(?:, *{_FLOW_ITEM.pattern})*")  # plain items, spaces around them

def plain_tag(value: str) -> str:
    """The tag YAML 1.1 gives a plain scalar (PyYAML's resolver), each short spelling resolved once: field names
    and vocabulary terms repeat in every record. load.py resolves its plain scalars here too."""
    if value and value[0] not in _RESOLVABLE:
        return _TAG + "str"
    tag = _RESOLVED.get(value)
    if tag is None:
        tag = _RESOLVER.resolve(yaml.ScalarNode, value, (True, False))
        if len(value) <= 40 and len(_RESOLVED) < 10_000:
            _RESOLVED[value] = tag
    return tag


def _resolve(value: str) -> Any:
    """A plain scalar as YAML 1.1 reads it (PyYAML's resolver and constructors); _DECLINE for a type no record holds."""
    if value and value[0] not in _RESOLVABLE:
        return value
    tag = plain_tag(value)
    if tag == _TAG + "str":
        return value
    construct = _SCALAR_TYPES.get(tag)
    if construct is None:
        return _DECLINE
    try:
        result = construct(_CONSTRUCTOR, yaml.ScalarNode(tag, value))
    except (ValueError, yaml.YAMLError):
        return _DECLINE
    if isinstance(result, dt.datetime):  # the careful path refuses a time; let it say so
        return _DECLINE
    return result


_RESOLVED: dict[str, str] = {}


class _Decline(Exception):
    pass


def _plain(text: str) -> Any:
    """The value of a plain scalar on one line, its comment cut; _DECLINE when the line is not that."""
    cut = text.find(" #")
    if cut >= 0:
        text = text[:cut]
    text = text.rstrip(" ")
    if not _PLAIN_START.match(text) or ": " in text or text.endswith(":"):
        return _DECLINE
    return _resolve(text)


def _after(rest: str) -> bool:
    """True when what follows a quoted value or a flow list is nothing, or a comment."""
    stripped = rest.lstrip(" ")
    return not stripped or (stripped[0] == "#" and len(stripped) < len(rest))


def _value(text: str) -> Any:
    """A value written on its key's (or its dash's) line."""
    first = text[0]
    if first == "'":
        end = _quoted_end(text, 0)
        if end < 0:
            return _DECLINE  # continues on the next line
        return text[1:end].replace("''", "'") if _after(text[end + 1:]) else _DECLINE
    if first == '"':
        end = text.find('"', 1)
        if end < 0 or "\\" in text[:end]:
            return _DECLINE
        return text[1:end] if _after(text[end + 1:]) else _DECLINE
    if first == "[":
        return _flow_list(text)
    return _plain(text)


def _quoted_end(text: str, start: int) -> int:
    """Index of the quote that closes the single-quoted scalar opening at `start` ('' is a quote), or -1."""
    end = start + 1
    while True:
        end = text.find("'", end)
        if end < 0 or not text.startswith("''", end):
            return end
        end += 2


def _flow_list(text: str) -> Any:
    """A one-line flow list of plain or single-quoted items, e.g. [NER, RE] or ['https://a', 'b']."""
    if text[-1] == "]" and "'" not in text:  # the common case, plain items only: checked by one match, then split
        inner = text[1:-1]
        if not inner.strip(" "):
            return []
        if not _FLOW_ITEMS.fullmatch(inner):
            return _DECLINE
        items: list[Any] = []
        for part in inner.split(","):
            part = part.strip(" ")
            item = _resolve(part) if part[0] in _RESOLVABLE else part
            if item is _DECLINE:
                return _DECLINE
            items.append(item)
        return items
    items = []
    at = 1
    while True:
        while text.startswith(" ", at):
            at += 1
        if text.startswith("]", at) and not items:
            return [] if _after(text[at + 1:]) else _DECLINE
        if text.startswith("'", at):
            end = _quoted_end(text, at)
            if end < 0:
                return _DECLINE
            items.append(text[at + 1:end].replace("''", "'"))
            at = end + 1
        else:
            match = _FLOW_ITEM.match(text, at)
            if match is None:
                return _DECLINE
            item = _resolve(match.group(0).rstrip(" "))
            if item is _DECLINE:
                return _DECLINE
            items.append(item)
            at = match.end()
        while text.startswith(" ", at):
            at += 1
        if text.startswith("]", at):
            return items if _after(text[at + 1:]) else _DECLINE
        if not text.startswith(",", at):
            return _DECLINE
        at += 1


# A line that holds something: its indentation and its content, trailing spaces cut (blank and comment lines never match).
_LINE = re.compile(r"^( *)([^ #\n](?:[^\n]*[^ \n])?) *$", re.M)
_MARKERS = ("---", "...", "%")  # document markers and directives, at the start of a line
_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")


def read_plain(text: str, max_nodes: int, max_depth: int) -> dict[str, Any] | None:
    """The record in `text` if it is written in the plain block style, else None (read it carefully).

    max_nodes and max_depth are the careful path's limits (load.MAX_NODES, MAX_DEPTH): this path declines
    well before either, so that the careful path reports them."""
    if "\r" in text or "\t" in text or (_NOT_PLAIN_ASCII if text.isascii() else _NOT_PLAIN_TEXT).search(text):
        return None
    if text.startswith(_MARKERS) or any("\n" + marker in text for marker in _MARKERS):
        return None
    lines = [(len(indent), content) for indent, content in _LINE.findall(text)]
    # A line holds at most a dash, a key, a value or a list and its items: stay well inside the careful
    # path's limit on values, which it reports.
    if not lines or lines[0][0] != 0 or 4 * len(lines) + text.count(",") > max_nodes:
        return None
    try:
        reader = _Reader(lines, max_depth - 2)
        data = reader.mapping(0, 0)
        if reader.at != len(lines):
            return None
    except _Decline:
        return None
    return data


def _one_line(text: str) -> Any:
    """A value on its key's or dash's line: a plain string without indicators at once, anything else by _value."""
    first = text[0]
    if first in _INDICATORS or " #" in text or ": " in text or text[-1] == ":":
        return _value(text)
    return _resolve(text) if first in _RESOLVABLE else text


_NAMES: dict[str, str | None] = {}  # each name seen before a colon: itself, or None when it is not a plain key


def _key_line(content: str) -> tuple[str, str] | None:
    """(key, value text) of a line `key:` or `key: value` (value text "" for the first), else None.

    A key YAML reads as another type (true, null, 1) is not a plain key. Field names repeat in every
    record: each is checked once, and every record gets the same string for it."""
    name, colon, rest = content.partition(":")
    if not colon or (rest and rest[0] != " "):
        return None
    key = _NAMES.get(name, _UNSEEN)
    if key is _UNSEEN:
        key = name if _NAME.fullmatch(name) and not (name[0] in _RESOLVABLE and _resolve(name) is not name) else None
        if len(_NAMES) < 10_000:
            _NAMES[name] = key
    return None if key is None else (key, rest.lstrip(" "))  # type: ignore[return-value]


_UNSEEN = object()


class _Reader:
    """Reads the lines of a block mapping or sequence at one indentation, descending into deeper blocks."""

    def __init__(self, lines: list[tuple[int, str]], max_depth: int):
        self.lines = lines
        self.at = 0
        self.max_depth = max_depth

    def _nested(self, indent: int, depth: int) -> Any:
        """The value of a key with nothing after it: a deeper block, a list at the key's indentation, or null."""
        lines = self.lines
        if self.at < len(lines):
            deeper, content = lines[self.at]
            is_list = content == "-" or content.startswith("- ")
            if deeper > indent:
                return self.sequence(deeper, depth + 1) if is_list else self.mapping(deeper, depth + 1)
            if deeper == indent and is_list:
                return self.sequence(indent, depth + 1)
        return None

    def mapping(self, indent: int, depth: int) -> dict[str, Any]:
        if depth >= self.max_depth:
            raise _Decline
        lines, at = self.lines, self.at
        count = len(lines)
        out: dict[str, Any] = {}
        while at < count:
            here, content = lines[at]
            if here != indent:
                if here < indent:
                    break
                raise _Decline
            split = _key_line(content)
            if split is None or split[0] in out:
                raise _Decline  # not a key line, or a repeated key
            key, rest = split
            at += 1
            if not rest or rest[0] == "#":  # nothing, or a comment, after the key
                self.at = at
                out[key] = self._nested(indent, depth)
                at = self.at
                continue
            value = _one_line(rest)
            if value is _DECLINE or (at < count and lines[at][0] > indent):
                raise _Decline  # not a value this path reads, or one continued on the next line
            out[key] = value
        self.at = at
        return out

    def sequence(self, indent: int, depth: int) -> list[Any]:
        if depth >= self.max_depth:
            raise _Decline
        lines, at = self.lines, self.at
        count = len(lines)
        out: list[Any] = []
        while at < count:
            here, content = lines[at]
            if here != indent or not content.startswith("- "):
                if here > indent or (here == indent and content == "-"):
                    raise _Decline
                break
            item = content[2:].lstrip(" ")
            if item[0] == "-" or item[0] == "#":
                raise _Decline  # a list in a list, or a comment for a value: the careful path
            if _key_line(item) is not None:
                inner = indent + len(content) - len(item)
                lines[at] = (inner, item)  # the item's mapping starts at its first key
                self.at = at
                out.append(self.mapping(inner, depth + 1))
                at = self.at
                continue
            at += 1
            value = _one_line(item)
            if value is _DECLINE or (at < count and lines[at][0] > indent):
                raise _Decline
            out.append(value)
        self.at = at
        return out
