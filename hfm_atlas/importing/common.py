"""What every importer shares: matching against the catalogue, choosing ids, the
report of what was created and skipped, and writing the draft files.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..catalogue import Catalogue
from ..dump import record_yaml
from ..files import write_new_files
from ..identifiers import normalize_title, slugify
from ..models import RECORD_TYPES

SCHEMA_MODELINE = "# yaml-language-server: $schema=../../schema/{kind}.schema.json\n"


@dataclass
class Draft:
    kind: str  # papers | datasets
    data: dict[str, Any]
    line: int

    @property
    def label(self) -> str:
        return str(self.data.get("title") or self.data.get("name"))


@dataclass
class Report:
    source: str
    created: list[Draft] = field(default_factory=list)
    skipped: list[tuple[int, str, str]] = field(default_factory=list)  # line, what, why
    duplicates: list[tuple[int, str, str]] = field(default_factory=list)
    notes: list[tuple[int, str]] = field(default_factory=list)

    def skip(self, line: int, what: str, why: str) -> None:
        self.skipped.append((line, what, why))

    def duplicate(self, line: int, what: str, why: str) -> None:
        self.duplicates.append((line, what, why))

    def note(self, line: int, text: str) -> None:
        self.notes.append((line, text))

    def lines(self, dry_run: bool) -> list[str]:
        verb = "would create" if dry_run else "created"
        out = [f"{self.source}:{d.line}: {verb} data/{d.kind}/{d.data['id']}.yaml ({_short(d.label)})" for d in self.created]
        out += [f"{self.source}:{line}: skipped {_short(what)!r}: {why}" for line, what, why in self.skipped]
        out += [f"{self.source}:{line}: duplicate {_short(what)!r}: {why}" for line, what, why in self.duplicates]
        out += [f"{self.source}:{line}: note: {text}" for line, text in self.notes]
        papers = sum(d.kind == "papers" for d in self.created)
        out.append(f"Summary: {verb} {len(self.created)} draft record(s) ({papers} papers, {len(self.created) - papers} datasets); "
                   f"skipped {len(self.skipped)}; duplicates {len(self.duplicates)}.")
        return out


def _short(text: str, limit: int = 70) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


class Existing:
    """The catalogue's identities: where an imported item may already be."""

    def __init__(self, catalogue: Catalogue):
        self.ids = {kind: set() for kind in RECORD_TYPES}
        self.keys: dict[tuple[str, str], str] = {}
        for p in catalogue.papers:
            self.ids["papers"].add(p.id)
            self.add_paper(f"data/papers/{p.id}.yaml", p.title, p.links.doi, p.links.arxiv)
        for d in catalogue.datasets:
            self.ids["datasets"].add(d.id)
            self.keys[("dataset", normalize_title(d.name))] = f"data/datasets/{d.id}.yaml"
        for a in catalogue.applications:
            self.ids["applications"].add(a.id)

    def add_paper(self, where: str, title: str, doi: str | None, arxiv: str | None) -> None:
        for key in self._paper_keys(title, doi, arxiv):
            self.keys.setdefault(key, where)

    @staticmethod
    def _paper_keys(title: str, doi: str | None, arxiv: str | None) -> list[tuple[str, str]]:
        keys = [("title", normalize_title(title))] if normalize_title(title) else []
        if doi:
            keys.append(("DOI", doi.lower()))
        if arxiv:
            keys.append(("arXiv id", arxiv))
        return keys

    def find_paper(self, title: str, doi: str | None, arxiv: str | None) -> tuple[str, str] | None:
        """(where, by what) if the paper is already known."""
        for key in self._paper_keys(title, doi, arxiv)[::-1]:  # the strongest key first
            if key in self.keys:
                return self.keys[key], key[0]
        return None

    def find_dataset(self, name: str) -> str | None:
        return self.keys.get(("dataset", normalize_title(name)))

    def new_id(self, kind: str, text: str, year: int | None) -> str:
        """An id from a title ("BioBERT: ..." -> biobert) or a name, made unique with the year, then a number."""
        head = text.split(":", 1)[0] if ":" in text and len(text.split(":", 1)[0].split()) <= 4 else text
        base = slugify(head, max_words=6) or "record"
        taken = self.ids[kind]
        candidate = base if base not in taken or not year else f"{base}-{year}"
        stem, n = candidate, 1
        while candidate in taken:  # ends: the set of taken ids is finite
            n += 1
            candidate = f"{stem}-{n}"
        taken.add(candidate)
        return candidate


def write_drafts(report: Report, data_dir: Path, dry_run: bool, all_or_nothing: bool = False) -> list[str]:
    """Validate every draft against its schema and write the valid ones; return the refused ones as messages.

    Each entry stands alone: a draft the schema refuses is reported (`source:line: field: reason`)
    and left out, and the others are written. With all_or_nothing, one refused draft stops all.
    """
    problems = []
    files: dict[Path, str] = {}
    kept: list[Draft] = []
    for d in report.created:
        try:
            RECORD_TYPES[d.kind].model_validate(d.data)
        except ValidationError as exc:  # input the importer could not make into a valid record
            error = exc.errors()[0]
            field = ".".join(str(part) for part in error["loc"]) or "(record)"
            problems.append(f"{report.source}:{d.line}: {field}: {error['msg']} ({_short(d.label)})")
            continue
        kept.append(d)
        files[data_dir / d.kind / f"{d.data['id']}.yaml"] = record_yaml(d.kind, d.data, SCHEMA_MODELINE.format(kind=d.kind[:-1]))
    if all_or_nothing and problems:
        report.created = []
        return problems
    report.created = kept
    if not dry_run and files:
        write_new_files(files)
    return problems


def clean_title(text: str) -> str:
    """Collapse spaces and drop one trailing period."""
    text = re.sub(r"\s+", " ", text).strip()
    return text[:-1].rstrip() if text.endswith(".") and not text.endswith("..") else text
