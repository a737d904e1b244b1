"""A pydantic error, turned into a Problem a person can act on: the field, its line, and what to write.

Also the "did you mean" helpers (edit distance), which other checks use for their suggestions.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, Iterable

from pydantic import BaseModel, ValidationError

from .load import Document
from .models import Record, nested_model
from .problems import Problem


def validate_record(doc: Document, model: type[BaseModel]) -> tuple[Record | None, list[Problem]]:
    try:
        return model.model_validate(doc.data), []  # type: ignore[return-value]
    except ValidationError as exc:
        return None, [problem_from_error(doc, model, err) for err in exc.errors(include_url=False)]


def problem_from_error(doc: Document, model: type[BaseModel], err: Any) -> Problem:
    loc = tuple(err["loc"])
    kind, message, value = err["type"], err["msg"], err.get("input")
    if kind == "value_error":
        message = message.removeprefix("Value error, ")
        named = re.match(r"^([a-z_][a-z0-9_.]*): (.*)$", message, re.S)
        if named:  # a cross-field check naming its field (see models.Strict)
            loc += tuple(int(p) if p.isdigit() else p for p in named.group(1).split("."))
            message = named.group(2)
    elif kind == "missing":
        message = "required field is missing"
    elif kind == "extra_forbidden":
        known = _fields_at(model, loc[:-1])
        message = f"unknown field{did_you_mean(str(loc[-1]), known)}; known fields: {', '.join(known)}"
    elif kind in ("enum", "literal_error"):
        allowed = re.findall(r"'([^']*)'", err["ctx"]["expected"])
        message = f"{_short(value)} is not one of {', '.join(allowed)}{did_you_mean(str(value), allowed)}"
    elif kind == "string_pattern_mismatch":
        message = _pattern_message(str(loc[-1]) if loc and isinstance(loc[-1], str) else str(loc[-2]), value)
    elif kind == "string_too_long":
        message = f"is {len(value):,} characters long; at most {err['ctx']['max_length']:,} allowed"
    elif kind in ("string_type", "int_type", "int_parsing", "list_type", "model_type", "date_type", "date_from_datetime_parsing", "dict_type"):
        message = f"{message.rstrip('.')}, got {_describe(value)}"
        if kind == "string_type" and isinstance(value, bool):
            message += " (YAML reads yes/no/on/off as booleans: put the text in quotes)"
    elif kind in ("greater_than_equal", "less_than_equal"):
        message = f"{message} (got {_short(value)})"
    line, column = doc.position(loc)
    if kind == "missing":  # the key is absent: point at the mapping that should hold it
        line, column = doc.position(loc[:-1])
    return Problem(doc.file, line, column, ".".join(map(str, loc)), message)


def _fields_at(model: type[BaseModel], loc: tuple) -> list[str]:
    """Field names of the (nested) model reached by following `loc` from `model`."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        annotation = current.model_fields[part].annotation
        current = nested_model(annotation)
        if current is None:
            return []
    return list(current.model_fields)


_PATTERN_HELP = {
    "id": "must be a lowercase slug: letters a-z, digits and single hyphens, e.g. biobert-2019",
    "arxiv": "must be a bare arXiv id such as 2404.03264 (no URL, no version suffix)",
    "doi": "must be a bare DOI such as 10.1093/bioinformatics/btz682 (no https://doi.org/ prefix)",
}


def _pattern_message(field_name: str, value: Any) -> str:
    help_ = _PATTERN_HELP.get(field_name, "must be a lowercase slug id (letters a-z, digits, hyphens)")
    return f"{_short(value)} {help_}"


def _short(value: Any, limit: int = 60) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _describe(value: Any) -> str:
    names = {bool: "a boolean", int: "a number", float: "a number", list: "a list", dict: "a mapping",
             type(None): "nothing (empty value)", dt.date: "a date"}
    kind = names.get(type(value), type(value).__name__)
    return kind if value is None or isinstance(value, (list, dict)) else f"{kind} {_short(value)}"


def edit_distance(a: str, b: str) -> int:
    """Optimal string alignment distance: insertions, deletions, substitutions, adjacent swaps."""
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        row = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            row[j] = min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                row[j] = min(row[j], prev2[j - 2] + 1)
        prev2, prev = prev, row
    return prev[-1]


def closest(value: str, choices: Iterable[str]) -> str | None:
    """The choice nearest to `value` (case-insensitive first), if it is plausibly a typo of it."""
    choices = list(choices)
    for choice in choices:
        if choice.casefold() == value.casefold():
            return choice
    scored = sorted((edit_distance(value.casefold(), c.casefold()), c) for c in choices)
    if scored and scored[0][0] <= max(1, len(value) // 3):
        return scored[0][1]
    return None


def did_you_mean(value: str, choices: Iterable[str]) -> str:
    match = closest(value, choices)
    return f"; did you mean {match}?" if match else ""


