"""Import a table of papers: CSL-JSON (Zotero, Mendeley, pandoc), a CSV with a header row, or a JSON list.

Each row becomes one entry. Which column holds what is given by a mapping (`--map title=Title,doi=DOI`);
a field the mapping leaves out is looked for under its usual names. Every entry ends in exactly one
category of the report: created, already in the atlas, refused or out of scope.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from typing import Any

from ..identifiers import arxiv_from_url, doi_from_url, normalize_title
from ..models import ARXIV_PATTERN, DOI_PATTERN
from ..paperfacts import arxiv_url, arxiv_year
from ..problems import UserError
from ..taxonomy import Kind, Subfield
from ..venues import canonical_venue
from .common import Draft, Existing, Report, clean_title, not_a_paper

FIELDS = ("title", "year", "venue", "doi", "arxiv", "url", "code", "authors", "subfield", "kind")
# The usual names of each field in exported tables, compared case-blind and ignoring spaces, dashes and underscores.
USUAL = {
    "title": ("title", "papertitle", "paper", "name"),
    "year": ("year", "publicationyear", "pubyear", "date", "issued", "published"),
    "venue": ("venue", "journal", "publicationtitle", "conference", "booktitle", "containertitle", "source"),
    "doi": ("doi",),
    "arxiv": ("arxiv", "arxivid", "eprint", "arxivnumber"),
    "url": ("url", "link", "paperurl", "paperlink", "pdf", "href"),
    "code": ("code", "codeurl", "github", "repo", "repository", "codelink"),
    "authors": ("authors", "author", "creators", "authorlist"),
    "subfield": ("subfield",),
    "kind": ("kind", "type"),
}
CSL_PAPER_TYPES = {"article-journal", "paper-conference", "article", "chapter", "report", "thesis", "manuscript", "preprint",
                   "article-magazine", "article-newspaper", "speech", "entry-encyclopedia"}
CSL_NOT_PAPERS = {"webpage": "a web page", "post-weblog": "a blog post", "book": "a book", "software": "software",
                  "dataset": "a dataset", "motion_picture": "a video", "broadcast": "a broadcast", "post": "a post",
                  "entry-dictionary": "a dictionary entry", "entry-encyclopedia": "an encyclopedia entry"}


def parse_mapping(text: str) -> dict[str, str]:
    """`title=Title,doi=DOI` -> {"title": "Title", "doi": "DOI"}; unknown fields are a usage error."""
    mapping: dict[str, str] = {}
    for part in filter(None, (p.strip() for p in text.split(","))):
        field, sep, column = part.partition("=")
        field = field.strip().lower()
        if not sep or not column.strip():
            raise UserError(f"--map: {part!r} is not FIELD=COLUMN", exit_code=2)
        if field not in FIELDS:
            raise UserError(f"--map: {field!r} is not a field; use {', '.join(FIELDS)}", exit_code=2)
        mapping[field] = column.strip()
    return mapping


def _key(name: str) -> str:
    return re.sub(r"[\s_\-.:]+", "", name.lower())


def _columns(names: list[str], mapping: dict[str, str]) -> dict[str, str]:
    """field -> the column that holds it."""
    by_key = {_key(n): n for n in names}
    out: dict[str, str] = {}
    for field in FIELDS:
        if field in mapping:
            if mapping[field] not in names:
                raise UserError(f"--map: no column {mapping[field]!r}; the columns are {', '.join(map(repr, names))}", exit_code=2)
            out[field] = mapping[field]
            continue
        for usual in USUAL[field]:
            if usual in by_key and by_key[usual] not in out.values():
                out[field] = by_key[usual]
                break
    return out


def csv_rows(text: str) -> list[tuple[int, dict[str, Any]]]:
    reader = csv.DictReader(io.StringIO(text))
    if not reader.fieldnames:
        return []
    rows = []
    for row in reader:
        rows.append((reader.line_num, {k: v for k, v in row.items() if k is not None}))
    return rows


def _line_finder(text: str):
    """The line of the n-th object of a JSON list: found by scanning for each object's first key."""
    starts = [m.start() for m in re.finditer(r"\{\s*\"", text)]
    lines = [text.count("\n", 0, pos) + 1 for pos in starts]
    return lambda n, depth_first=lines: depth_first[n] if n < len(depth_first) else 1


def json_rows(text: str, source: str) -> list[tuple[int, dict[str, Any]]]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise UserError(f"{source}:{exc.lineno}:{exc.colno}: not valid JSON ({exc.msg})") from None
    depth_of_items = 1
    if isinstance(data, dict):  # {"papers": [...]} or {"items": [...]}: the first list of objects it holds
        inner = next((v for v in data.values() if isinstance(v, list)), None)
        data, depth_of_items = (inner, 2) if inner is not None else ([data], 0)
    if not isinstance(data, list):
        raise UserError(f"{source}: expected a list of objects (or an object holding one)")
    # the line of each top-level object: the lines where an object starts at list depth
    lines, depth, line = [], 0, 1
    in_string = escaped = False
    for ch in text:
        if ch == "\n":
            line += 1
        if in_string:
            escaped = not escaped and ch == "\\"
            if ch == '"' and not escaped:
                in_string = False
            continue
        if ch == '"':
            in_string, escaped = True, False
        elif ch in "[{":
            if ch == "{" and depth == depth_of_items:
                lines.append(line)
            depth += 1
        elif ch in "]}":
            depth -= 1
    return [(lines[i] if i < len(lines) else 1, item if isinstance(item, dict) else {"title": str(item)}) for i, item in enumerate(data)]


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "; ".join(_text(v) for v in value)
    if isinstance(value, dict):  # a CSL name: given, non-dropping particle, family, suffix ("Wagner Meira Jr.")
        parts = [value.get("given"), value.get("dropping-particle"), value.get("non-dropping-particle"), value.get("family"), value.get("suffix")]
        return _text(value.get("literal") or " ".join(str(p) for p in parts if p) or "")
    return re.sub(r"\s+", " ", str(value)).strip()


def _authors(value: Any) -> list[str]:
    if isinstance(value, list):
        names = [_text(v) for v in value]
    else:
        text = _text(value)
        names = re.split(r"\s*;\s*|\s+and\s+", text) if text else []
        if len(names) == 1 and text.count(",") >= 2:  # "A. One, B. Two, C. Three"
            names = [n.strip() for n in text.split(",")]
    out = []
    for name in names:
        name = " ".join(name.split())
        if not name or name.lower() in ("others", "et al.", "et al"):
            continue
        if name.count(",") == 1:  # "Family, Given"
            family, given = (p.strip() for p in name.split(","))
            name = f"{given} {family}".strip()
        out.append(name)
    return out


def _year(value: Any) -> int | None:
    if isinstance(value, dict):  # CSL: {"date-parts": [[2023, 5]]}
        parts = value.get("date-parts") or [[]]
        value = parts[0][0] if parts and parts[0] else value.get("raw", "")
    m = re.search(r"(?<!\d)(19[5-9]\d|20\d\d)(?!\d)", str(value or ""))
    return int(m.group(1)) if m else None


def csl_rows(text: str, source: str) -> list[tuple[int, dict[str, Any]]]:
    """CSL-JSON items as rows of the usual fields (arXiv ids from URL, DOI, number or note, as Zotero writes them)."""
    rows = []
    for line, item in json_rows(text, source):
        note = " ".join(_text(item.get(k)) for k in ("number", "note", "archive_location", "URL"))
        m = re.search(r"(?:arxiv[:\s./]*|abs/)(\d{4}\.\d{4,5})", note, re.I)
        rows.append((line, {
            "title": item.get("title"), "year": item.get("issued"),
            "venue": next((v for v in (item.get("event-title"), item.get("container-title")) if v and canonical_venue(_text(v))), None)
            or item.get("container-title") or item.get("event-title") or item.get("publisher"),
            "doi": item.get("DOI"), "arxiv": m.group(1) if m else None, "url": item.get("URL"), "authors": item.get("author"),
            "type": item.get("type"), "atlas id": item.get("id") if isinstance(item.get("id"), str) else None,
            "note": item.get("note"),
        }))
    return rows


def drafts(rows: list[tuple[int, dict[str, Any]]], mapping: dict[str, str], existing: Existing, report: Report,
           subfield: Subfield | None, added: dt.date, include_out_of_scope: bool = False) -> list[Draft]:
    names = sorted({k for _, r in rows for k in r}, key=lambda n: next((i for i, (_, r) in enumerate(rows) if n in r), 0))
    columns = _columns(names, mapping)
    if "title" not in columns:
        raise UserError(f"{report.source}: no title column; give one with --map title=COLUMN (columns: {', '.join(map(repr, names))})",
                        exit_code=2)
    out: list[Draft] = []
    seen: dict[str, int] = {}
    for line, row in rows:
        get = lambda field: row.get(columns[field]) if field in columns else None  # noqa: E731
        title = clean_title(_text(get("title")))
        url = _text(get("url")).split()[0] if _text(get("url")) else ""
        what = title or url or "(row)"
        csl_type = _text(row.get("type"))
        out_of_scope = CSL_NOT_PAPERS.get(csl_type) if "type" in row else None
        out_of_scope = out_of_scope or (not_a_paper(url) if url else None)
        if out_of_scope and not include_out_of_scope:
            report.outside(line, what, f"not a paper: {out_of_scope}")
            continue
        if not title:
            report.refuse(line, what, "title", "the row has no title")
            continue
        doi = re.sub(r"^https?://(dx\.)?doi\.org/", "", _text(get("doi"))) or doi_from_url(url) or ""
        arxiv = re.sub(r"^arxiv:", "", _text(get("arxiv")), flags=re.I) or arxiv_from_url(url) or ""
        if not arxiv and doi:
            m = re.match(r"10\.48550/arxiv\.(\d{4}\.\d{4,5})", doi, re.I)
            arxiv = m.group(1) if m else ""
        arxiv = re.sub(r"v\d+$", "", arxiv)
        if arxiv and not re.fullmatch(ARXIV_PATTERN, arxiv):
            report.note(line, f"{title}: arXiv id {arxiv!r} is not one; left out")
            arxiv = ""
        if doi and not re.fullmatch(DOI_PATTERN, doi):
            report.note(line, f"{title}: DOI {doi!r} is not one; left out")
            doi = ""
        key = normalize_title(title) or title
        if key in seen:
            report.known(line, title, f"same title as line {seen[key]} of this file")
            continue
        seen[key] = line
        found = existing.find_paper(title, doi or None, arxiv or None)
        if found:
            report.known(line, title, f"as {found[0]} (same {found[1]})")
            continue
        year = _year(get("year")) or arxiv_year(arxiv or None)
        if year is None:
            report.note(line, f"{title}: no year in the row or its arXiv id; the draft leaves it for review")
        raw_venue = _text(get("venue"))
        venue = canonical_venue(raw_venue) or raw_venue or ("arXiv" if arxiv else None)
        sub = _text(get("subfield")).upper()
        kind = _text(get("kind")).lower()
        code = _text(get("code")).split()[0] if _text(get("code")) else None
        paper_url = arxiv_url(arxiv) if arxiv and (not url or arxiv_from_url(url)) else url if url.startswith(("http://", "https://")) else None
        preferred = _text(row.get("atlas id")) if row.get("atlas id") else ""
        data = {
            "id": preferred if preferred and re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", preferred) and preferred not in existing.ids["papers"]
            else existing.new_id("papers", title, year),
            "title": title, "year": year, "venue": venue[:120] if venue else None,
            "subfield": sub if sub in Subfield.__members__ else (subfield.value if subfield else None),
            "kind": kind if kind in {k.value for k in Kind} else "method", "label_source": "draft",
            "authors": _authors(get("authors")),
            "links": {"paper": paper_url, "code": code if code and code.startswith(("http://", "https://")) else None,
                      "arxiv": arxiv or None, "doi": doi or None},
            "added": added,
        }
        if data["id"] == preferred:
            existing.ids["papers"].add(preferred)
        if data["kind"] == "survey":
            data["label_source"] = None if year else "draft"
        if out_of_scope:
            data["notes"] = [{"kind": "curation", "text": f"Imported although out of scope (not a paper: {out_of_scope}); check it belongs in the atlas."}]
        existing.add_paper(f"(this file, line {line})", title, doi or None, arxiv or None)
        out.append(Draft("papers", data, line))
    return out
