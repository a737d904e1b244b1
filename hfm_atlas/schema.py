"""JSON Schema of the records, generated from the pydantic models, and the field
reference derived from that schema (the site's reference page and the CLI help).
"""

from __future__ import annotations

import json
from typing import Any

from .models import DATA_FILES, RECORD_TYPES, SCHEMA_VERSION

SCHEMA_BASE = "https://hfm-atlas.github.io/schema"


def record_schema(kind: str) -> dict[str, Any]:
    """The JSON Schema of one record type (papers, datasets, applications) or data file (survey)."""
    model = RECORD_TYPES.get(kind) or DATA_FILES[kind]
    schema = model.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = f"{SCHEMA_BASE}/{_singular(kind)}-{SCHEMA_VERSION}.json"
    return schema


def _singular(kind: str) -> str:
    return kind[:-1] if kind in RECORD_TYPES else kind


def schema_files() -> dict[str, str]:
    """File name -> JSON text, for every record type (deterministic: sorted keys)."""
    return {f"{_singular(kind)}.schema.json": json.dumps(record_schema(kind), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
            for kind in [*RECORD_TYPES, *DATA_FILES]}


def _resolve(node: dict, defs: dict) -> dict:
    if "$ref" in node:
        return defs[node["$ref"].rsplit("/", 1)[-1]]
    return node


def type_text(node: dict, defs: dict) -> tuple[str, list[str]]:
    """A readable type of a schema node, and its allowed values when it is an enumeration."""
    node = _resolve(node, defs)
    if "anyOf" in node:
        parts = [p for p in node["anyOf"] if p.get("type") != "null"]
        text, values = type_text(parts[0], defs) if len(parts) == 1 else (" or ".join(type_text(p, defs)[0] for p in parts), [])
        return text, values
    if "enum" in node:
        return "one of the values below", [str(v) for v in node["enum"]]
    if "const" in node:
        return "the value below", [str(node["const"])]
    kind = node.get("type")
    if kind == "array":
        inner, values = type_text(node.get("items", {}), defs)
        return f"list of {inner}", values
    if kind == "object" and "properties" in node:
        return f"mapping ({node.get('title', 'object')})", []
    if kind == "string":
        fmt = node.get("format")
        if fmt == "date":
            return "date (YYYY-MM-DD)", []
        if node.get("pattern") == r"^[a-z0-9]+(?:-[a-z0-9]+)*$":
            return "slug (a-z, 0-9, hyphens)", []
        return "text", []
    if kind == "integer":
        lo, hi = node.get("minimum"), node.get("maximum")
        return ("integer" + (f" {lo}–{hi}" if lo is not None and hi is not None else "")), []
    return str(kind or "value"), []


def field_reference() -> list[dict[str, Any]]:
    """Per record type and nested mapping: each field's name, type, required flag, description, allowed values."""
    sections = []
    for kind in RECORD_TYPES:
        schema = record_schema(kind)
        defs = schema.get("$defs", {})
        todo = [(schema["title"], schema, kind)]
        seen = set()
        while todo:
            title, node, where = todo.pop(0)
            if title in seen:
                continue
            seen.add(title)
            rows = []
            required = set(node.get("required", []))
            for name, prop in node.get("properties", {}).items():
                text, values = type_text(prop, defs)
                target = _resolve(prop, defs)
                for option in target.get("anyOf", []) + [target.get("items", {})]:
                    option = _resolve(option, defs)
                    if option.get("type") == "object" and "properties" in option:
                        todo.append((option["title"], option, f"{where} › {name}"))
                if target.get("type") == "object" and "properties" in target:
                    todo.append((target["title"], target, f"{where} › {name}"))
                rows.append({"name": name, "type": text, "required": name in required,
                             "description": prop.get("description") or target.get("description", ""),
                             "allowed": values})
            sections.append({"title": title, "where": where, "rows": rows})
    return sections
