"""Import an awesome-list (Markdown) into draft records.

Reads bullets such as `- [Venue] Title. [[Paper]](url) [[Code]](url)` under year
headings, and Markdown tables of datasets. Copes with what real lists do: indented
bullets, missing venues, titles without a trailing dot, links separated by commas,
empty links, the same entry twice, and table cells padded with stray spaces.
Sections are recognised by their headings (methods/surveys/datasets/databases per
subfield); other sections (contents, blogs, tutorials) are ignored.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from ..identifiers import arxiv_from_url, doi_from_url, normalize_title
from ..paperfacts import arxiv_url, arxiv_year
from ..taxonomy import Subfield
from .common import Draft, Existing, Report, clean_title

# Every pattern here runs in linear time: no two adjacent parts can match the same characters
# (a heading of "#" and 3,000 spaces, or "[" and 20,000 spaces, once took minutes); spaces are
# stripped in Python, not by the pattern.
_HEADING = re.compile(r"(#{1,6})[ \t]")
_YEAR = re.compile(r"(?:\*\*|__|#{1,6})?[ \t]*((?:19|20)\d\d)[ \t]*(?:(?:\*\*|__)[ \t]*)?:?")
_BULLET = re.compile(r"[-*+][ \t]")
_VENUE = re.compile(r"^\[([^\[\]]+)\](?!\()\s*")
_TARGET = r"\(\s*((?:[^()\s]|\([^()\s]*\))*)\s*\)"  # a link target; one level of parentheses, as in S2405-4712(23)00272-7
_LINK = re.compile(r"\[\[?([^\[\]]*)\]?\]" + _TARGET)
_MD_LINK = re.compile(r"\[([^\[\]]*)\]" + _TARGET)
_URL = re.compile(r"https?://[^\s)\]]+")

IGNORED_SECTIONS = ("contents", "other resource", "lecture", "tutorial", "blog", "related awesome", "news", "citation")

# Words of the lists' modality columns -> atlas modalities (None: not a modality, dropped).
MODALITY_WORDS = {
    "literature": "text", "text": "text", "texts": "text", "medical report": "text", "captions": "text", "caption": "text",
    "tweets": "text", "mixed-source text": "text", "qa": "text", "health record": "ehr", "health records": "ehr",
    "dialogue": "dialogue", "endoscopy": "endoscopy", "ct": "ct", "ct slices": "ct", "3d ct": "ct", "pet": "pet",
    "3d pet": "pet", "mri": "mri", "3d mri": "mri", "mri images": "mri", "oct": "oct", "2d oct": "oct", "us": "ultrasound",
    "ultrasound": "ultrasound", "cfp": "fundus", "fundus": "fundus", "dermoscopy": "dermoscopy", "pathology": "pathology",
    "synthetic pathology": "pathology", "pathology images": "pathology", "x-ray": "x-ray", "scrna-seq": "single-cell",
    "dna": "dna", "rna": "rna", "protein": "protein", "protein sequence": "protein", "small molecules": "small-molecule",
    "ecg": "ecg", "genomic": "dna", "clinical data": "clinical-data",
}


@dataclass
class Section:
    kind: str = ""  # method | survey | dataset | database | "" (ignored)
    subfield: Subfield | None = None
    year: int | None = None


@dataclass
class Bullet:
    line: int
    section: Section
    venue: str | None
    title: str
    links: dict[str, str] = field(default_factory=dict)  # paper, code -> url


@dataclass
class Row:
    line: int
    section: Section
    cells: dict[str, str]  # normalised header -> cell text


def classify(heading: str, current: Section) -> Section:
    text = heading.lower()
    if any(word in text for word in IGNORED_SECTIONS):
        return Section()
    sub = next((s for s in Subfield if re.search(rf"\b{s.value.lower()}s?\b", text)), None)
    sub = sub or next((s for s, word in ((Subfield.LFM, "language"), (Subfield.VFM, "vision"), (Subfield.BFM, "bioinformatics"),
                                         (Subfield.MFM, "multimodal")) if word in text), None)
    if "survey" in text or "review" in text:
        return Section("survey", sub)
    if "database" in text:
        return Section("database", None)
    if "dataset" in text:
        return Section("dataset", sub)
    if "method" in text or "model" in text or "paper" in text:
        return Section("method", sub)
    if sub:  # a bare subfield heading: keep the kind of the enclosing section
        return Section(current.kind or "method", sub)
    return Section()


def parse(text: str) -> tuple[list[Bullet], list[Row]]:
    bullets: list[Bullet] = []
    rows: list[Row] = []
    section = Section()
    header: list[str] | None = None
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.rstrip()
        stripped = line.strip()
        heading = _HEADING.match(line)
        year = _YEAR.fullmatch(stripped)
        if year:
            section = Section(section.kind, section.subfield, int(year.group(1)))
            header = None
        elif heading:
            section = classify(line[heading.end():].strip().rstrip("#").rstrip(), section)
            header = None
        elif line.lstrip().startswith("|"):
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            if header is None:
                header = [re.sub(r"\s+", " ", c.lower()) for c in cells]
            elif not all(re.fullmatch(r":?-{2,}:?", c) for c in cells if c) and section.kind in ("dataset", "database"):
                rows.append(Row(number, section, dict(zip(header, cells))))
        elif section.kind in ("method", "survey") and _BULLET.match(stripped) and stripped[2:].strip():
            bullet = _bullet(number, section, stripped[2:].strip())
            if bullet:
                bullets.append(bullet)
        elif not line.strip():
            header = None
    return bullets, rows


def _bullet(number: int, section: Section, body: str) -> Bullet | None:
    venue = None
    m = _VENUE.match(body)
    if m:
        venue, body = m.group(1).strip(), body[m.end():]
    first_link = _LINK.search(body)
    title = clean_title(body[: first_link.start()] if first_link else body).rstrip(",;")
    links: dict[str, str] = {}
    for label, target in _LINK.findall(body[first_link.start():] if first_link else ""):
        key = label.strip().lower()
        url = target
        key = "paper" if key in ("paper", "pdf", "arxiv", "link") else "code" if key in ("code", "github", "project") else key
        if url and key in ("paper", "code") and key not in links:
            links[key] = url
    return Bullet(number, section, venue, clean_title(title), links)


def _cell(cells: dict[str, str], *names: str) -> str:
    for header, value in cells.items():
        if any(name in header for name in names):
            return value.strip()
    return ""


def _cell_link(cell: str) -> tuple[str, str | None]:
    """(text, first http(s) URL) of a cell such as `[ Name ](url)`, `[*](url)`, `Name` or `-`."""
    m = _MD_LINK.search(cell)
    text = (m.group(1) if m else cell).strip()
    url = _URL.search(cell)
    return text, (url.group(0) if url else None)


def paper_link(url: str) -> str:
    """Prefer the abstract page to a PDF or HTML rendering for arXiv links."""
    arxiv = arxiv_from_url(url)
    return arxiv_url(arxiv) if arxiv else url


def drafts(bullets: list[Bullet], rows: list[Row], existing: Existing, report: Report,
           default_subfield: Subfield | None, added: dt.date) -> list[Draft]:
    """Draft records for the items not already in the catalogue, reporting the rest."""
    out: list[Draft] = []
    seen: dict[str, int] = {}
    for b in bullets:
        if not b.title:
            report.skip(b.line, "(no title)", "bullet has no title")
            continue
        url = b.links.get("paper")
        arxiv, doi = arxiv_from_url(url), doi_from_url(url)
        key = normalize_title(b.title) or b.title
        if key in seen:
            report.duplicate(b.line, b.title, f"same title as line {seen[key]} of this list")
            continue
        seen[key] = b.line
        found = existing.find_paper(b.title, doi, arxiv)
        if found:
            report.skip(b.line, b.title, f"already in the atlas as {found[0]} (same {found[1]})")
            continue
        year = b.section.year or arxiv_year(arxiv)
        if year is None:
            report.skip(b.line, b.title, "no year: no year heading above it and no arXiv id in its link")
            continue
        subfield = b.section.subfield or default_subfield
        if subfield is None and b.section.kind == "method":
            report.skip(b.line, b.title, "no subfield: its section names none; pass --subfield")
            continue
        venue = b.venue or ("arXiv" if arxiv else "bioRxiv" if url and "biorxiv.org" in url else None)
        links = {"paper": paper_link(url) if url else None, "code": b.links.get("code"), "arxiv": arxiv, "doi": doi}
        for name in ("paper", "code"):
            if links[name] and not re.match(r"https?://", links[name]):
                report.note(b.line, f"{b.title}: {name} link {links[name]!r} is not an http(s) URL; left out of the draft")
                links[name] = None
        data = {
            "id": existing.new_id("papers", b.title, year), "title": b.title, "year": year, "venue": venue,
            "subfield": subfield.value if subfield else None, "kind": b.section.kind,
            "label_source": "draft" if b.section.kind == "method" else None,
            "links": links, "added": added,
        }
        existing.add_paper(f"(this list, line {b.line})", b.title, doi, arxiv)
        out.append(Draft("papers", data, b.line))
    for r in rows:
        name, paper = _cell_link(_cell(r.cells, "name", "database"))
        if not name:
            report.skip(r.line, "(no name)", "table row has no dataset name")
            continue
        where = existing.find_dataset(name)
        if where:
            report.skip(r.line, name, f"already in the atlas as {where} (same name)")
            continue
        _, download = _cell_link(_cell(r.cells, "link"))
        modalities, unknown = _modalities(_cell(r.cells, "modalit", "text type"))
        if unknown:
            report.note(r.line, f"{name}: modality {', '.join(map(repr, unknown))} is not in the atlas vocabulary; left for review")
        database = r.section.kind == "database"
        data = {
            "id": existing.new_id("datasets", name, None), "name": name,
            "subfield": None if database else (r.section.subfield or default_subfield),
            "kind": "database" if database else "dataset",
            "description": _cell(r.cells, "description", "discription") or None,
            "modalities": modalities, "scale": _cell(r.cells, "scale").strip(" -") or None,
            "tasks": [t.strip() for t in _cell(r.cells, "task").split(",") if t.strip(" -")],
            "links": {"paper": paper, "download": download}, "access": "unknown", "added": added,
        }
        if data["subfield"] is None and not database:
            existing.ids["datasets"].discard(data["id"])
            report.skip(r.line, name, "no subfield: its section names none; pass --subfield")
            continue
        existing.keys[("dataset", normalize_title(name))] = f"(this list, line {r.line})"
        out.append(Draft("datasets", data, r.line))
    return out


def _modalities(cell: str) -> tuple[list[str], list[str]]:
    found: list[str] = []
    unknown: list[str] = []
    for part in re.split(r"[,/]| and ", cell):
        word = re.sub(r"\s*\(.*?\)", "", part).strip().lower()
        if not word or word == "-":
            continue
        value = MODALITY_WORDS.get(word)
        if value is None:
            unknown.append(part.strip())
        elif value not in found:
            found.append(value)
    return found, unknown
