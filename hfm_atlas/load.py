"""Read one YAML record safely, keeping the line and column of every key and value.

PyYAML is used only to parse and compose (the C parser where present, for speed);
the node tree is then walked here, which lets the loader refuse what plain
`yaml.safe_load` would accept silently: duplicated keys (PyYAML keeps the last,
losing data), aliases (the "billion laughs" blow-up), explicit tags, non-string
keys, and files too large or too deeply nested to be a record.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

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
    def __init__(self, node: yaml.Node | None, message: str, field: str = "", at: tuple[int, int] | None = None):
        super().__init__(message)
        self.node, self.message, self.field = node, message, field
        mark = node.start_mark if node is not None else None
        self.at = at or ((mark.line + 1, mark.column + 1) if mark else (0, 0))


def read_document(path: Path, shown_as: str) -> tuple[Document | None, list[Problem]]:
    """Load `path`; return the document, or None and the problems that stopped it."""

    def fail(message: str, line: int = 0, column: int = 0, field_: str = "") -> tuple[None, list[Problem]]:
        return None, [Problem(shown_as, line, column, field_, message)]

    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            return fail(f"file is {size:,} bytes; a record may be at most {MAX_FILE_BYTES:,} bytes")
        raw = path.read_bytes()
    except OSError as exc:
        return fail(f"cannot read file: {exc.strerror or exc}")
    if raw.startswith(b"\xef\xbb\xbf"):
        return fail("file starts with a byte-order mark (BOM); save it as UTF-8 without BOM", 1, 1)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        return fail(f"file is not valid UTF-8 (byte 0x{raw[exc.start]:02x}); save it as UTF-8", line, column)
    if not text.strip() or all(not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()):
        return fail("file is empty; a record is a YAML mapping of fields", 1, 1)
    for number, line_text in enumerate(text.splitlines(), 1):
        indent = line_text[: len(line_text) - len(line_text.lstrip(" \t"))]
        if "\t" in indent:
            return fail("tab used for indentation; YAML indents with spaces", number, indent.index("\t") + 1)

    loader = _Loader(text)
    try:
        root = loader.get_single_node()
        if root is None:
            return fail("file is empty; a record is a YAML mapping of fields", 1, 1)
        if not isinstance(root, yaml.MappingNode):
            return fail(f"a record must be a mapping of fields (key: value), not a {_kind(root)}",
                        root.start_mark.line + 1, root.start_mark.column + 1)
        doc = Document(shown_as, None, {(): (root.start_mark.line + 1, root.start_mark.column + 1)})
        doc.data = _Builder(loader, doc).build(root, ())
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


def _kind(node: yaml.Node) -> str:
    return {yaml.ScalarNode: "single value", yaml.SequenceNode: "list"}.get(type(node), "mapping")


def _field(path: Path_) -> str:
    return ".".join(str(p) for p in path)


class _Builder:
    """Turns a composed node tree into plain Python data, recording positions."""

    def __init__(self, loader: Any, doc: Document):
        self.loader, self.doc = loader, doc
        self.seen: set[int] = set()

    def build(self, node: yaml.Node, path: Path_) -> Any:
        # A node met twice is an alias: refuse it before anything can expand it.
        if id(node) in self.seen:
            # The node's own mark is the anchor's; the alias sits in the parent being built.
            raise _Refused(node, "anchors and aliases (&name / *name) are not allowed in records; write the value out",
                           _field(path), at=self.doc.position(path[:-1]))
        self.seen.add(id(node))
        if len(self.seen) > MAX_NODES:
            raise _Refused(node, f"record has more than {MAX_NODES:,} values; a record is a small mapping")
        if len(path) > MAX_DEPTH:
            raise _Refused(node, f"record is nested more than {MAX_DEPTH} levels deep", _field(path))
        if node.tag not in ALLOWED_TAGS:
            raise _Refused(node, f"YAML tag {node.tag!r} is not allowed; records hold only plain strings, numbers, dates, lists and mappings", _field(path))
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            items = []
            for index, item in enumerate(node.value):
                self.doc.positions[path + (index,)] = (item.start_mark.line + 1, item.start_mark.column + 1)
                items.append(self.build(item, path + (index,)))
            return items
        try:
            value = self.loader.construct_object(node)
        except (ValueError, yaml.YAMLError) as exc:  # e.g. a timestamp such as 2024-13-45
            raise _Refused(node, f"cannot read value {node.value!r}: {exc}", _field(path)) from None
        if isinstance(value, dt.datetime):
            raise _Refused(node, "give a date as YYYY-MM-DD, without a time", _field(path))
        return value

    def _mapping(self, node: yaml.MappingNode, path: Path_) -> dict[str, Any]:
        result: dict[str, Any] = {}
        first_line: dict[str, int] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag != _TAG + "str":
                raise _Refused(key_node, f"keys must be plain field names, not {key_node.tag.rsplit(':', 1)[-1]} values", _field(path))
            key = key_node.value
            if key in first_line:
                raise _Refused(key_node, f"key {key!r} appears twice in this mapping (first on line {first_line[key]}); "
                               "YAML would silently keep only the last value", _field(path + (key,)))
            first_line[key] = key_node.start_mark.line + 1
            # Point at the value when it is a single value on the key's line, else at the key.
            anchor = value_node if isinstance(value_node, yaml.ScalarNode) and value_node.value != "" else key_node
            self.doc.positions[path + (key,)] = (anchor.start_mark.line + 1, anchor.start_mark.column + 1)
            result[key] = self.build(value_node, path + (key,))
        return result


RECORD_DIRS = ("papers", "datasets", "applications")


@dataclass(frozen=True)
class RecordFile:
    kind: str  # one of RECORD_DIRS
    path: Path
    shown_as: str  # the path as messages print it

    @property
    def stem(self) -> str:
        return self.path.name[: -len(".yaml")]


def scan(data_dir: Path, shown_as: str) -> tuple[list[RecordFile], list[Problem]]:
    """The record files under data_dir/{papers,datasets,applications}, sorted by name.

    Only `<id>.yaml` files are records. A `.yml` file is an error (it would vanish
    silently otherwise); hidden files, other extensions and folders are ignored with
    a warning; a symlink that leads outside the data folder is an error.
    """
    files: list[RecordFile] = []
    problems: list[Problem] = []
    root = data_dir.resolve()
    for kind in RECORD_DIRS:
        folder = data_dir / kind
        if not folder.is_dir():
            continue
        for entry in sorted(folder.iterdir(), key=lambda p: p.name):
            shown = f"{shown_as}/{kind}/{entry.name}"
            if entry.name in (".gitkeep", "README.md"):
                continue
            if entry.is_symlink():
                target = entry.resolve()
                if not target.is_relative_to(root):
                    problems.append(Problem(shown, 0, 0, "", f"symlink points outside the data folder (to {target}); records must live in data/"))
                    continue
            if entry.name.startswith("."):
                problems.append(Problem(shown, 0, 0, "", "hidden file ignored; records are <id>.yaml", "warning"))
            elif entry.is_dir():
                problems.append(Problem(shown, 0, 0, "", f"folder ignored; records lie directly in data/{kind}/", "warning"))
            elif entry.suffix == ".yml":
                problems.append(Problem(shown, 0, 0, "", f"record files end in .yaml; rename it to {entry.stem}.yaml"))
            elif entry.suffix != ".yaml":
                problems.append(Problem(shown, 0, 0, "", "file ignored; records are <id>.yaml files", "warning"))
            else:
                files.append(RecordFile(kind, entry, shown))
    return files, problems
