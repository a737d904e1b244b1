"""Import a BibTeX file into draft records.

Real .bib files have LaTeX accents, brace-protected words, @string macros, month
macros, crossref'd proceedings, comments, duplicate keys and broken entries; each is
either decoded or reported, never a crash.
"""

from __future__ import annotations

import datetime as dt
import logging
import re

import bibtexparser
from bibtexparser import middlewares as mw
from bibtexparser.model import DuplicateBlockKeyBlock, Entry, ParsingFailedBlock

from ..bibliography import latex_decoder
from ..identifiers import arxiv_from_url, doi_from_url, normalize_title
from ..models import ARXIV_PATTERN, DOI_PATTERN, SLUG_PATTERN
from ..paperfacts import arxiv_url, arxiv_year
from ..taxonomy import Subfield
from ..venues import canonical_venue
from .common import Draft, Existing, Report, clean_title

PAPER_TYPES = {"article", "inproceedings", "conference", "misc", "unpublished", "techreport", "phdthesis",
               "mastersthesis", "incollection", "inbook", "book", "online", "preprint", "report"}


class _Concatenation(mw.LibraryMiddleware):
    """Expand BibTeX concatenation (`macro # " text"`), which bibtexparser leaves as written.

    It runs first, on the values as the file has them, so text inside braces or quotes
    (where "#" is an ordinary character) is never split.
    """

    def transform(self, library: bibtexparser.Library) -> bibtexparser.Library:
        macros = {s.key.lower(): str(s.value).strip()[1:-1] if str(s.value).strip()[:1] in "{\"" else str(s.value)
                  for s in library.strings}
        for entry in library.entries:
            for f in entry.fields:
                if isinstance(f.value, str) and "#" in f.value and f.value.strip()[:1] not in "{\"":
                    f.value = _concatenate(f.value, macros)
        return library


# The fields drafts are made of; the rest (abstracts, keywords, file paths) is dropped before
# LaTeX decoding, which is slow on megabytes of text that no draft uses.
USED_FIELDS = {"title", "author", "year", "date", "journal", "booktitle", "journaltitle", "howpublished", "url",
               "doi", "eprint", "archiveprefix", "eprinttype", "crossref", "arxivid", "note", "volume",
               "x-hfm-code", "x-hfm-subfield", "x-hfm-kind"}  # the atlas's own fields (bibliography.bibtex_entry)
MAX_FIELD_CHARS = 20_000  # far above any real title or author list (the longest real titles are ~300 characters)
TOO_LONG = "x-hfm-too-long"


class _UsedFields(mw.BlockMiddleware):
    """Keep only the fields drafts use; an over-long one is emptied and named in TOO_LONG, so the entry is refused."""

    def __init__(self) -> None:
        super().__init__(allow_inplace_modification=True)
        self.raw_urls: dict[str, str] = {}  # entry key -> the url field as written (LaTeX decoding would cut it at %)

    def transform_entry(self, entry: Entry, library: bibtexparser.Library) -> Entry:
        url = entry.fields_dict.get("url")
        if url is not None and isinstance(url.value, str):
            value = url.value.strip()
            self.raw_urls[entry.key] = value[1:-1] if value[:1] + value[-1:] in ("{}", '""') else value
        long = []
        for f in list(entry.fields):
            name = f.key.lower()
            if name not in USED_FIELDS:
                entry.pop(f.key)
            elif isinstance(f.value, str) and len(f.value) > MAX_FIELD_CHARS:
                long.append(f"{name} ({len(f.value):,} characters)")
                f.value = "{}"
        if long:
            entry.set_field(bibtexparser.model.Field(TOO_LONG, "{" + ", ".join(long) + "}"))
        return entry


def _concatenate(value: str, macros: dict[str, str]) -> str:
    """`a # "b" # {c}` with macros expanded, as one braced value; the value itself when it is not a concatenation."""
    parts = [p.strip() for p in re.split(r"\s#\s|#", value)]
    out = []
    for part in parts:
        if len(part) >= 2 and part[0] + part[-1] in ('""', "{}"):
            out.append(part[1:-1])
        elif part.isdigit():
            out.append(part)
        elif part.lower() in macros:
            out.append(macros[part.lower()])
        else:
            return value
    return "{" + "".join(out) + "}"


def parse(text: str, report: Report) -> list[Entry]:
    """The entries of `text`, macros expanded and LaTeX decoded; failures and duplicates go to the report."""
    logger = logging.getLogger("bibtexparser")
    level = logger.level
    logger.setLevel(logging.ERROR)  # its warnings about broken blocks reach the user through the report instead
    used = _UsedFields()
    stack = [_Concatenation(), used, *mw.parsestack.default_parse_stack(), mw.NormalizeFieldKeys(),
             mw.LatexDecodingMiddleware(decoder=latex_decoder()), mw.MonthIntMiddleware()]
    try:
        library = bibtexparser.parse_string(text, parse_stack=stack)
    finally:
        logger.setLevel(level)
    for block in library.failed_blocks:
        line = block.start_line + 1
        if isinstance(block, DuplicateBlockKeyBlock):
            report.known(line, f"{{{block.key}}}", "duplicate citation key; only the first entry with this key was read")
        elif isinstance(block, ParsingFailedBlock):
            first = block.raw.strip().splitlines()[0][:60] if block.raw and block.raw.strip() else "(block)"
            reason = getattr(block.error, "abort_reason", "") or str(block.error) or "syntax error"
            report.refuse(line, first, "(entry)", f"not valid BibTeX ({reason.strip()})")
        else:  # pragma: no cover - bibtexparser's other failure kinds
            report.refuse(line, "(block)", "(entry)", f"could not be read: {getattr(block, 'error', block)}")
    for entry in library.entries:  # URLs as written: LaTeX decoding would cut them at %
        raw = used.raw_urls.get(entry.key)
        if raw is not None and "url" in entry.fields_dict:
            entry.fields_dict["url"].value = raw
    return list(library.entries)

_ARXIV_IN_TEXT = re.compile(r"(?:arxiv[:\s/]*|abs/|_eprint:\s*)(\d{4}\.\d{4,5})(?:v\d+)?", re.IGNORECASE)


def arxiv_of(entry: Entry, entries: dict[str, Entry], url: str | None) -> str | None:
    """The arXiv id wherever real exports put it: eprint + archivePrefix, arxivId (Mendeley), note
    (Zotero's "_eprint: ..."), DBLP's volume "abs/2303.00001", a journal "arXiv preprint arXiv:...", the URL."""
    eprint = _value(entry, "eprint", entries)
    archive = (_value(entry, "archiveprefix", entries) or _value(entry, "eprinttype", entries)).lower()
    if eprint and archive == "arxiv":
        return re.sub(r"v\d+$", "", eprint)
    arxivid = _value(entry, "arxivid", entries)
    if arxivid:
        return re.sub(r"v\d+$", "", arxivid)
    for name in ("volume", "journal", "note", "howpublished"):
        m = _ARXIV_IN_TEXT.search(_value(entry, name, entries))
        if m:
            return m.group(1)
    return arxiv_from_url(url)


def _value(entry: Entry, name: str, entries: dict[str, Entry]) -> str:
    """A field of the entry, or of the entry its crossref names."""
    field = entry.fields_dict.get(name)
    if field is None and "crossref" in entry.fields_dict:
        parent = entries.get(str(entry.fields_dict["crossref"].value).strip().lower())
        field = parent.fields_dict.get(name) if parent else None
        if field is None and name == "booktitle" and parent is not None:
            field = parent.fields_dict.get("title")
    return _plain(str(field.value)) if field is not None else ""


def _plain(text: str) -> str:
    """Decoded text (the decoder already dropped the braces that protected capitals), spacing normalised."""
    text = text.replace("\xa0", " ")
    return re.sub(r"\s+", " ", text).strip()


def _names(text: str) -> list[str]:
    """BibTeX names as "Given Family": "Family, Given", "Family, Jr, Given" (BibTeX's three-part form),
    or "Given Family", joined by "and" in any case (IEEE and Elsevier exports write AND)."""
    names = []
    for part in re.split(r"\s+and\s+", text, flags=re.IGNORECASE):
        part = part.strip()
        if not part or part.lower() == "others":
            continue
        pieces = [p.strip() for p in part.split(",")]
        if len(pieces) >= 3:  # von Last, Jr, First
            part = f"{pieces[2]} {pieces[0]} {pieces[1]}".strip()
        elif len(pieces) == 2:
            part = f"{pieces[1]} {pieces[0]}".strip()
        names.append(" ".join(part.split()))
    return names


def drafts(entries: list[Entry], existing: Existing, report: Report, subfield: Subfield | None, added: dt.date) -> list[Draft]:
    out: list[Draft] = []
    by_key = {e.key.lower(): e for e in entries}
    seen: dict[str, int] = {}
    for e in entries:
        line = e.start_line + 1
        kind = e.entry_type.lower()
        if kind in ("proceedings", "collection"):
            continue  # the parent of crossrefs, not a paper
        if kind not in PAPER_TYPES:
            report.outside(line, f"@{kind}{{{e.key}}}", f"entry type @{kind} is not a paper")
            continue
        too_long = _value(e, TOO_LONG, {})
        if too_long:
            report.refuse(line, f"@{kind}{{{e.key}}}", too_long, f"over {MAX_FIELD_CHARS:,} characters; not a real entry")
            continue
        title = clean_title(_value(e, "title", by_key))
        if not title:
            report.refuse(line, f"@{kind}{{{e.key}}}", "title", "entry has no title")
            continue
        urls = _value(e, "url", by_key).split()
        url = urls[0] if urls else None  # several URLs in one field: the first is the paper's
        archive = (_value(e, "archiveprefix", by_key) or _value(e, "eprinttype", by_key)).lower()
        arxiv = arxiv_of(e, by_key, url)
        doi = re.sub(r"^https?://(dx\.)?doi\.org/", "", _value(e, "doi", by_key)) or doi_from_url(url)
        if arxiv and not re.fullmatch(ARXIV_PATTERN, arxiv):
            report.note(line, f"{title}: eprint {arxiv!r} is not an arXiv id; left out")
            arxiv = None
        if doi and not re.fullmatch(DOI_PATTERN, doi):
            report.note(line, f"{title}: doi {doi!r} is not a DOI; left out")
            doi = None
        key = normalize_title(title) or title
        if key in seen:
            report.known(line, title, f"same title as the entry on line {seen[key]} of this file")
            continue
        seen[key] = line
        found = existing.find_paper(title, doi, arxiv)
        if found:
            report.known(line, title, f"as {found[0]} (same {found[1]})")
            continue
        year_text = _value(e, "year", by_key) or _value(e, "date", by_key)[:4]
        year = int(year_text) if year_text.isdigit() else arxiv_year(arxiv)
        if year is None:
            report.note(line, f"{title}: no year in the entry or its arXiv id; the draft leaves it for review")
        raw_venue = (_value(e, "journal", by_key) or _value(e, "booktitle", by_key) or _value(e, "journaltitle", by_key)
                     or _value(e, "howpublished", by_key) or (archive if archive in ("biorxiv", "medrxiv") else ""))
        venue = canonical_venue(raw_venue) or raw_venue or ("arXiv" if arxiv else None)
        if raw_venue and not canonical_venue(raw_venue):
            report.note(line, f"{title}: venue {raw_venue!r} is not in the controlled venue list; kept as written")
        paper_url = url if url and url.startswith(("http://", "https://")) else (arxiv_url(arxiv) if arxiv else None)
        own_subfield = _value(e, "x-hfm-subfield", by_key).upper()
        own_kind = _value(e, "x-hfm-kind", by_key).lower()
        code = _value(e, "x-hfm-code", by_key)
        key_id = e.key.lower()
        from_atlas = bool(own_kind)  # an entry the atlas exported: its key is the record id, its fields are the record's
        record_id = (key_id if from_atlas and re.fullmatch(SLUG_PATTERN, key_id) and len(key_id) <= 80 and key_id not in existing.ids["papers"]
                     else None)
        if record_id:
            existing.ids["papers"].add(record_id)
        kind_value = own_kind if own_kind in ("method", "survey") else "method"
        data = {
            "id": record_id or existing.new_id("papers", title, year), "title": title, "year": year, "venue": venue,
            "subfield": own_subfield if own_subfield in Subfield.__members__ else None if from_atlas else (subfield.value if subfield else None),
            "kind": kind_value, "label_source": "draft" if kind_value == "method" or year is None else None,
            "authors": _names(_value(e, "author", by_key)),
            "links": {"paper": paper_url, "code": code if code.startswith(("http://", "https://")) else None,
                      "arxiv": arxiv or None, "doi": doi or None}, "added": added,
        }
        existing.add_paper(f"(this file, line {line})", title, doi or None, arxiv or None)
        out.append(Draft("papers", data, line))
    return out
