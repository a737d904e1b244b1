"""`hfm-atlas new`: a new record file with every field present, each with a comment
on what it takes (from the schema's descriptions), valid except for what only a
person can supply, which is marked TODO.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from pydantic_core import PydanticUndefined

from .catalogue import Catalogue
from .problems import UserError
from .identifiers import normalize_title, slugify
from .importing.common import SCHEMA_MODELINE
from .models import RECORD_TYPES, nested_model
from .schema import record_schema, type_text

TODO = "TODO"
# Fields a person must decide: they start as TODO, which validation refuses until replaced.
PERSON_ONLY = {"papers": {"pretraining.paradigm", "adaptation.0.paradigm"}, "datasets": {"subfield"}}


def _scalar(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value)
    return json.dumps(text, ensure_ascii=False) if (not text or any(c in text for c in ":#{}[]&*!|>'\"%@`,") or text[0] in "-?"
                                                     or text.lower() in ("yes", "no", "on", "off", "true", "false", "null")
                                                     or text.replace(".", "").isdigit()) else text


def _comment(model: type[BaseModel], name: str, defs: dict, schema_node: dict) -> str:
    info = model.model_fields[name]
    description = (info.description or "").rstrip(".")
    _, allowed = type_text(schema_node, defs)
    if allowed:
        description += f" ({' | '.join(allowed)})"
    return description


def template(kind: str, values: dict[str, Any]) -> str:
    """The commented YAML of a new record of `kind` with `values` filled in."""
    model = RECORD_TYPES[kind]
    schema = record_schema(kind)
    defs = schema.get("$defs", {})
    lines = [SCHEMA_MODELINE.format(kind=kind[:-1]).rstrip("\n"),
             f"# A new {kind[:-1]} record. Replace every TODO; leave a field empty rather than guess (see Record fields)."]
    _emit(model, schema, defs, values, lines, indent="", prefix="", kind=kind)
    return "\n".join(lines) + "\n"


def _emit(model, schema, defs, values, lines, indent, prefix, kind) -> None:
    for name, info in model.model_fields.items():
        node = schema["properties"][name]
        key = prefix + name
        comment = _comment(model, name, defs, node)
        value = values.get(name)
        inner = nested_model(info.annotation)
        is_list = str(info.annotation).startswith("list") or "list[" in str(info.annotation)
        if value is None and info.default not in (None, PydanticUndefined) and not isinstance(info.default, (list, dict)):
            value = getattr(info.default, "value", info.default)  # e.g. kind: method, access: unknown
        needed = any(path.startswith(key + ".") for path in PERSON_ONLY.get(kind, ()))
        optional = "None" in str(info.annotation) and not needed
        if inner is not None and not is_list and optional and not value:
            # An optional mapping stays empty (null); its fields are shown as comments.
            lines.append(f"{indent}{name}:  # {comment}")
            sub: list[str] = []
            _emit(inner, defs[inner.__name__], defs, {}, sub, indent + "  ", key + ".", kind)
            lines.extend(f"{indent}#{line[len(indent):]}" for line in sub)
        elif inner is not None and not is_list:
            lines.append(f"{indent}{name}:  # {comment}")
            inner_schema = defs[inner.__name__]
            _emit(inner, inner_schema, defs, value or {}, lines, indent + "  ", key + ".", kind)
        elif inner is not None:  # a list of mappings (adaptation, notes): one item to show the shape
            if key in {p.split(".")[0] for p in PERSON_ONLY.get(kind, ())} or value:
                lines.append(f"{indent}{name}:  # {comment}")
                items = value or [{}]
                for index, item in enumerate(items):
                    inner_schema = defs[inner.__name__]
                    sub: list[str] = []
                    _emit(inner, inner_schema, defs, item, sub, indent + "    ", f"{key}.{index}.", kind)
                    sub[0] = indent + "  - " + sub[0].lstrip()
                    lines.extend(sub)
            else:
                lines.append(f"{indent}{name}: []  # {comment}")
        elif is_list:
            items = value or []
            lines.append(f"{indent}{name}: [{', '.join(_scalar(v) for v in items)}]  # {comment}")
        else:
            if value is None and key in PERSON_ONLY.get(kind, ()):
                value = TODO
            text = _scalar(value)
            lines.append(f"{indent}{name}:{' ' + text if text else ''}  # {comment}")


def new_id(title: str, year: int | None, taken: set[str]) -> str:
    """An id from the title's name or first words and the year, unique among `taken`."""
    head = title.split(":", 1)[0] if ":" in title and len(title.split(":", 1)[0].split()) <= 4 else title
    base = "-".join(filter(None, [slugify(head, max_words=6), str(year) if year else ""])) or "record"
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


def similar_papers(catalogue: Catalogue, title: str, doi: str | None, arxiv: str | None, cutoff: float = 0.9) -> list[str]:
    """Records that look like the same paper: same DOI or arXiv id, or a near-identical title."""
    found = []
    key = normalize_title(title)
    for p in catalogue.papers:
        if (doi and p.links.doi and p.links.doi.lower() == doi.lower()) or (arxiv and p.links.arxiv == arxiv):
            found.append(f"{p.id} (same {'DOI' if doi and p.links.doi and p.links.doi.lower() == doi.lower() else 'arXiv id'})")
        elif key and difflib.SequenceMatcher(None, key, normalize_title(p.title)).ratio() >= cutoff:
            found.append(f"{p.id} (title {p.title!r})")
    return found


# The command-line flag that gave each field, for messages about a value the schema refuses.
FLAG_OF = {"id": "--id", "title": "--title", "name": "--title", "year": "--year", "venue": "--venue", "subfield": "--subfield",
           "links.paper": "--paper", "links.code": "--code", "links.download": "--code", "links.arxiv": "--arxiv",
           "links.doi": "--doi"}


def refused_values(kind: str, text: str) -> list[str]:
    """What the schema refuses in a new record, apart from the TODO placeholders a person fills in."""
    import yaml

    from .load import Document
    from .errors import validate_record

    data = yaml.safe_load(text)
    _, problems = validate_record(Document("new record", data), RECORD_TYPES[kind])
    found = []
    for problem in problems:
        if _value_at(data, problem.field) == "TODO":
            continue
        flag = FLAG_OF.get(problem.field)
        found.append(f"{flag + ': ' if flag else ''}{problem.field}: {problem.message}")
    return found


def _value_at(data: Any, dotted: str) -> Any:
    for part in dotted.split(".") if dotted else []:
        if isinstance(data, dict):
            data = data.get(part)
        elif isinstance(data, list) and part.isdigit() and int(part) < len(data):
            data = data[int(part)]
        else:
            return None
    return data


def write_new(kind: str, data_dir: Path, values: dict[str, Any], catalogue: Catalogue) -> tuple[Path, list[str]]:
    """Write the new record file; return its path and warnings about records it may duplicate.

    A value the schema refuses (a year of 3000, a DOI that is not one) is an error and nothing is written.
    """
    from .files import write_new_files

    text = template(kind, values)
    refused = refused_values(kind, text)
    if refused:
        raise UserError("not written, a value is not valid:\n  " + "\n  ".join(refused))
    warnings: list[str] = []
    if kind == "papers":
        warnings = similar_papers(catalogue, values.get("title") or "", (values.get("links") or {}).get("doi"),
                                  (values.get("links") or {}).get("arxiv"))
    path = data_dir / kind / f"{values['id']}.yaml"
    write_new_files({path: text})
    return path, warnings
