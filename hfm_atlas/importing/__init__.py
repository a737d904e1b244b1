"""Importers that turn other people's lists into draft records (label_source: draft)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ..files import MAX_INPUT_BYTES, NotReadable, read_regular
from ..problems import UserError
from ..taxonomy import Subfield
from ..validate import load_catalogue
from . import awesome, bibtex, tables
from .common import Existing, Report, write_drafts


def read_text(path: Path) -> str:
    """The text of an import source: a regular file of at most files.MAX_INPUT_BYTES, in UTF-8."""
    if not path.exists() and not path.is_symlink():
        raise UserError(f"{path}: no such file", exit_code=2)
    try:
        raw = read_regular(path, MAX_INPUT_BYTES, "an import source")
    except NotReadable as exc:
        raise UserError(f"{path}: {exc}") from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UserError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None


def import_awesome(path: Path, data_dir: Path, out_dir: Path, subfield: Subfield | None,
                   dry_run: bool, added: dt.date, all_or_nothing: bool = False, include_out_of_scope: bool = False) -> tuple[Report, list[str]]:
    catalogue, _ = load_catalogue(data_dir, include_unpublished=True)
    report = Report(str(path))
    bullets, rows = awesome.parse(read_text(path))
    report.created = awesome.drafts(bullets, rows, Existing(catalogue), report, subfield, added, include_out_of_scope)
    return report, write_drafts(report, out_dir, dry_run, all_or_nothing)


def import_bibtex(path: Path, data_dir: Path, out_dir: Path, subfield: Subfield | None,
                  dry_run: bool, added: dt.date, all_or_nothing: bool = False, include_out_of_scope: bool = False) -> tuple[Report, list[str]]:
    catalogue, _ = load_catalogue(data_dir, include_unpublished=True)
    report = Report(str(path))
    entries = bibtex.parse(read_text(path), report)
    report.created = bibtex.drafts(entries, Existing(catalogue), report, subfield, added)
    return report, write_drafts(report, out_dir, dry_run, all_or_nothing)


def _tabular(kind: str):
    def run(path: Path, data_dir: Path, out_dir: Path, subfield: Subfield | None, dry_run: bool, added: dt.date,
            all_or_nothing: bool = False, include_out_of_scope: bool = False, mapping: str = "") -> tuple[Report, list[str]]:
        fields = tables.parse_mapping(mapping)
        catalogue, _ = load_catalogue(data_dir, include_unpublished=True)
        report = Report(str(path))
        text = read_text(path)
        rows = (tables.csl_rows(text, str(path)) if kind == "csljson" else tables.csv_rows(text) if kind == "csv"
                else tables.json_rows(text, str(path)))
        report.created = tables.drafts(rows, fields, Existing(catalogue), report, subfield, added, include_out_of_scope)
        return report, write_drafts(report, out_dir, dry_run, all_or_nothing)
    return run


IMPORTERS = {"awesome": import_awesome, "bibtex": import_bibtex, "csljson": _tabular("csljson"), "csv": _tabular("csv"),
             "json": _tabular("json")}
