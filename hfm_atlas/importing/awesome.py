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
from .common import Draft, Existing, Report, clean_title, host_of, link_kind, not_a_paper

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
    kind: str = "method"  # method | survey | dataset | database | ignored (a section of blogs, talks, contents)
    subfield: Subfield | None = None
    year: int | None = None
    scope: str = ""  # why the section's items are out of scope ("general-domain section ..."), or ""
    heading: str = ""


@dataclass
class Bullet:
    """One entry of the list: a bullet, a numbered item, a block of lines, or a table row with a paper link."""

    line: int
    section: Section
    venue: str | None
    title: str
    links: dict[str, str] = field(default_factory=dict)  # paper, code -> url
    year: int | None = None  # from the entry's own text ([arXiv, 2023], 2024-05-01, (2024))
    scope: str = ""  # why it is out of scope, or ""
    kind: str = ""  # survey when the title says so
    short_name: str | None = None  # a bold name before the title ("**BiomedGPT** A generalist ...")


@dataclass
class Row:
    line: int
    section: Section
    cells: dict[str, str]  # normalised header -> cell text


INTRO = "(introduction)"
_LOOKS_LIKE_URL = re.compile(r"(?:https?://|www\.)\S|[\w-]+(?:\.[\w-]+)+/", re.I)  # not "#anchor", "mailto:", "link" or "arxiv link"
GENERAL_DOMAIN = re.compile(r"\b(?:general[ -]?(?:domain|purpose)?|non-?medical|natural[ -]image|generic|通用)\b|通用", re.I)
_SURVEY_TITLE = re.compile(r"^(?:an? )?(?:\w+ )?(?:survey|review|overview)\b|\b(?:an?|the) (?:\w+ ){0,2}(?:survey|review)\b|:\s*(?:an? )?(?:\w+ )?(?:survey|review)\b", re.I)


def classify(heading: str, current: Section) -> Section:
    """The hints a heading gives: kind, subfield, scope. A heading never hides its entries; at worst it says nothing."""
    text = heading.lower()
    if any(word in text for word in IGNORED_SECTIONS):
        return Section("ignored", heading=heading)
    sub = next((s for s in Subfield if re.search(rf"\b{s.value.lower()}s?\b", text)), None)
    sub = sub or next((s for s, words in ((Subfield.LFM, ("language", "text", "nlp", "语言")), (Subfield.VFM, ("vision", "imaging", "image", "视觉", "影像")),
                                          (Subfield.BFM, ("bioinformatics", "protein", "genom", "single-cell", "omics", "生物")),
                                          (Subfield.MFM, ("multimodal", "multi-modal", "vision-language", "多模态"))) if any(w in text for w in words)), None)
    sub = sub or current.subfield
    scope = f"general-domain section {heading.strip()!r}" if GENERAL_DOMAIN.search(heading) else current.scope
    if "survey" in text or "review" in text or "综述" in text:
        return Section("survey", sub, None, scope, heading)
    if "database" in text:
        return Section("database", None, None, scope, heading)
    if "dataset" in text or "benchmark" in text or "数据" in text:
        return Section("dataset", sub, None, scope, heading)
    if any(w in text for w in ("method", "model", "paper", "approach", "llm", "模型", "方法", "论文")):
        kind = "method"
    else:  # a heading that names no kind keeps the enclosing section's
        kind = current.kind if current.kind in ("method", "survey") else "method"
    return Section(kind, sub, None, scope, heading)


_ITEM = re.compile(r"(?:[-*+]|\d{1,4}[.)])[ \t]")
_A_TAG = re.compile(r"<a\s[^>]*?href\s*=\s*[\"']([^\"']*)[\"'][^>]*>(.*?)</a>", re.I | re.S)
_IMG = re.compile(r"<img\b[^>]*>|\[!\[[^\[\]]*\]\([^()]*\)\]\([^()]*\)|!\[[^\[\]]*\]\([^()]*\)", re.I)
_TAG = re.compile(r"</?[a-z][a-z0-9]*\b[^>]*>", re.I)
_BR = re.compile(r"<br\s*/?>", re.I)
_EMOJI = re.compile("[\U0001F000-\U0001FAFF\u2600-\u27BF\u2B00-\u2BFF\uFE0F\u200d]")
_VENUE_YEAR = re.compile(r"\[([^\[\]]{2,80}?),\s*((?:19|20)\d\d)\]")
_DATE = re.compile(r"(?<![\d.])((?:19|20)\d\d)[-/.](?:0?[1-9]|1[0-2])(?:[-/.]\d{1,2})?(?![\d])")
_BARE_YEAR = re.compile(r"(?<![\w.\-/])((?:19|20)\d\d)(?![\w.\-/])")
_URL_YEAR = re.compile(r"(?:aclanthology\.org/|10\.1101/|/papers?/|/content/CVPR|/content/ICCV|/content/WACV|openaccess\.thecvf\.com/content/[A-Z]+)((?:19|20)\d\d)")
_PAREN_YEAR = re.compile(r"\(((?:19|20)\d\d)\)")
_BOLD = re.compile(r"\*\*([^*]{3,400}?)\*\*|__([^_]{3,400}?)__")
_ITALIC_VENUE = re.compile(r"·\s*\*([^*]{2,120})\*")
_GENERIC = re.compile(r"^(?:paper|pdf|code|github|project|project page|arxiv|link|website|web|demo|model|models|dataset|data|doi|"
                      r"huggingface|hf|blog|video|slides|poster|homepage|page|abs|abstract|html|official|repo|repository|\W*)$", re.I)


def _normalise(line: str) -> str:
    """A line with HTML links written as Markdown, badges and images dropped, other tags removed, <br> kept as a mark."""
    line = _A_TAG.sub(lambda m: f"[{_TAG.sub('', m.group(2)).strip()}]({m.group(1).strip()})", line)
    line = _IMG.sub(" ", line)
    line = _BR.sub(" \u2028 ", line)  # a line separator inside one entry: a title ends there
    return _TAG.sub(" ", line)


def parse(text: str) -> tuple[list[Bullet], list[Row]]:
    """Every entry of the list, whatever its layout, with the hints its headings give; and the rows of dataset tables."""
    bullets: list[Bullet] = []
    rows: list[Row] = []
    stack: list[tuple[int, Section]] = [(0, Section(heading=INTRO))]
    titled = False  # the first heading of a list is its title: the prose under it is its introduction
    header: list[str] | None = None
    item: tuple[int, list[str]] | None = None  # the bullet being read: its first line number and its lines
    block: list[tuple[int, str]] = []  # a paragraph of lines outside bullets

    def section() -> Section:
        return stack[-1][1]

    def flush() -> None:
        nonlocal item, block
        if item is not None:
            entry = _entry(item[0], section(), " ".join(item[1]))
            if entry:
                bullets.append(entry)
        if block:
            with_paper = [(n, t) for n, t in block if _paper_link(t)]
            parts = with_paper if len(with_paper) > 1 and len(with_paper) == len([1 for n, t in block if _links(t)]) else \
                [(block[0][0], " ".join(t for _, t in block))]
            intro = section().heading == INTRO
            for n, t in parts:
                entry = _entry(n, Section("ignored", heading=INTRO) if intro else section(), t)
                if entry:
                    bullets.append(entry)
        item, block = None, []

    for number, raw in enumerate(text.splitlines(), 1):
        line = _normalise(raw.rstrip())
        stripped = line.strip()
        heading = _HEADING.match(line)
        year = _YEAR.fullmatch(stripped)
        if year and not _LINK.search(stripped):
            flush()
            current = section()
            stack[-1] = (stack[-1][0], Section(current.kind, current.subfield, int(year.group(1)), current.scope, current.heading))
            header = None
        elif heading:
            flush()
            level = len(heading.group(1))
            while len(stack) > 1 and stack[-1][0] >= level:
                stack.pop()
            title = line[heading.end():].strip().rstrip("#").rstrip()
            if not titled:
                titled = True
                stack.append((level, Section(heading=INTRO)))
            else:
                stack.append((level, classify(title, stack[-1][1])))
            header = None
        elif stripped.startswith("|"):
            flush()
            cells = [c.strip() for c in stripped.strip("|").split("|")]
            if header is None:
                header = [re.sub(r"\s+", " ", c.lower()) for c in cells]
            elif not all(re.fullmatch(r":?-{2,}:?", c) for c in cells if c):
                cell_map = dict(zip(header, cells))
                dataset_table = section().kind in ("dataset", "database") or any(w in h for h in header for w in ("dataset", "database"))
                if dataset_table and not any("paper" in h or "title" in h for h in header):
                    kind = section().kind if section().kind in ("dataset", "database") else "dataset"
                    rows.append(Row(number, Section(kind, section().subfield, None, section().scope, section().heading), cell_map))
                else:
                    title_cell = next((v for word in ("title", "paper", "name", "model") for h, v in cell_map.items() if word in h), "")
                    venue_cell = next((v for h, v in cell_map.items() if any(w in h for w in ("venue", "conference", "journal", "publication"))), "")
                    entry = _entry(number, section(), stripped.replace("|", " "), title_hint=title_cell)
                    if entry and venue_cell and not entry.venue:
                        entry.venue = _clean(_BARE_YEAR.sub("", _MD_LINK.sub(lambda m: m.group(1), venue_cell))) or None
                    if entry:
                        bullets.append(entry)
        elif _ITEM.match(stripped):
            flush()
            item = (number, [_ITEM.sub("", stripped, count=1)])
        elif not stripped:
            flush()
            header = None
        elif item is not None:
            item[1].append(stripped)  # a wrapped line of the bullet
        else:
            block.append((number, stripped))
    flush()
    return bullets, rows


def _links(text: str) -> list[tuple[str, str]]:
    """(label, url) of every link of an entry: Markdown links, [[label]](url), and bare URLs."""
    found = [(label.strip(), url.strip()) for label, url in _LINK.findall(text)]
    inside = set(u for _, u in found)
    found += [("", u.rstrip(".,;:")) for u in _URL.findall(_LINK.sub(" ", text)) if u not in inside]
    return [(label, url) for label, url in found if _LOOKS_LIKE_URL.match(url)]


def _paper_link(text: str) -> str | None:
    return next((u for label, u in _links(text) if link_kind(label, u) == "paper"), None)


def _entry(number: int, section: Section, text: str, title_hint: str = "") -> Bullet | None:
    """An entry from one item's text, or None when it links nowhere outside the list (navigation, prose)."""
    links = _links(text)
    if not links:
        return None
    body = text.strip()
    venue = None
    m = _VENUE.match(body)
    if m and not m.group(1).strip().lower().startswith(("paper", "code", "pdf")):
        venue, body = m.group(1).strip(), body[m.end():]
    if venue:
        venue = venue.strip("*_ ") or None
    vy = _VENUE_YEAR.search(text.replace("**", "").replace("__", ""))
    year = int(vy.group(2)) if vy else None
    if vy and (not venue or venue.endswith(vy.group(2))):
        venue = vy.group(1).strip()
    if year is None:
        for pattern in (_DATE, _PAREN_YEAR):
            found = pattern.search(_LINK.sub(" ", text))
            if found:
                year = int(found.group(1))
                break
    italic = _ITALIC_VENUE.search(text)
    if italic and not venue:
        venue = italic.group(1).strip()
    out: dict[str, str] = {}
    for label, url in links:
        kind = link_kind(label, url)
        if kind in ("paper", "code") and kind not in out:
            out[kind] = url
    title = _title(title_hint) if title_hint else ""
    title = title or _title(body)
    lead = re.match(r"\s*(?:\*\*|__)([^*_]{1,40}?)(?:\*\*|__)", _EMOJI.sub(" ", body))
    short = lead.group(1).strip(" :") if lead and len(lead.group(1).split()) <= 3 and lead.group(1).strip(" :") not in title else None
    if year is None:  # a bare year beside the title (a venue cell "CVPR 2024"), or one the paper's URL carries
        rest = _LINK.sub(" ", text).replace(title, " ")
        found = _BARE_YEAR.search(rest) or _URL_YEAR.search(out.get("paper", ""))
        year = int(found.group(1)) if found else None
    entry = Bullet(number, section, venue, title, out, year, short_name=short)
    if _SURVEY_TITLE.search(title) and section.kind == "method":
        entry.kind = "survey"
    if section.kind == "ignored":
        entry.scope = "in the list's introduction, not an entry" if section.heading == INTRO else f"section {section.heading!r} lists no papers"
    elif section.scope:
        entry.scope = section.scope
    elif not out:  # neither a paper nor code: an encyclopedia, a book, a home page
        first = links[0][1]
        entry.scope = f"not a paper: {not_a_paper(first) or 'no link to a paper or code (' + (host_of(first).split('/')[0] or first) + ')'}"
    return entry


def _title(text: str) -> str:
    """The title of an entry: its bold text, else a long link text, else the text before its first link.

    A leading bold name of a few words ("**BiomedGPT** A generalist ...") is the model's name, not its title.
    """
    text = _EMOJI.sub(" ", text).strip()
    lead = re.match(r"(?:\*\*|__)([^*_]{1,40}?)(?:\*\*|__)\s*:?\s*(?=[^\s\[(<])", text)
    if lead and len(lead.group(1).split()) <= 3 and len(text[lead.end():].split()) >= 3:
        text = text[lead.end():]
    bold = next((b or c for b, c in _BOLD.findall(text) if len((b or c).split()) >= 2), None)
    if bold:
        return _clean(_MD_LINK.sub(lambda m: m.group(1), bold))
    for label, url in _LINK.findall(text):
        label = label.strip(" *_")
        if len(label.split()) >= 4 and not _GENERIC.match(label):
            return _clean(label)
    first = _LINK.search(text)
    head = text[: first.start()] if first else text
    head = head.split("\u2028")[0]
    head = _clean(_VENUE.sub("", head.strip()))
    if head:
        return head
    if first:  # "[Name](url): the title that follows it"
        label = first.group(1).strip(" *_")
        rest = text[first.end():]
        nxt = _LINK.search(rest)
        rest = (rest[: nxt.start()] if nxt else rest).split("\u2028")[0]
        if label and not _GENERIC.match(label) and re.match(r"\s*[:\-–—]\s*\w", rest):
            return _clean(label + ": " + re.sub(r"^\s*[:\-–—]\s*", "", rest))
    labels = [label.strip(" *_") for label, _ in _LINK.findall(text) if label.strip(" *_") and not _GENERIC.match(label.strip(" *_"))]
    return _clean(labels[0]) if labels else ""  # an entry that is only a link: its text


def _clean(title: str) -> str:
    title = title.replace("\u2028", " ")
    title = re.sub(r"\s*\(?(?:19|20)\d\d\)?\.?\s*$", "", title)  # "Title (2023)", "Title 2020.": the year is not part of the title
    title = re.sub(r"[*_`]+", "", title)
    title = re.sub(r"\[(?:[^\[\]]*)\]\s*$", "", title)  # a trailing [Venue] or [badge]
    title = clean_title(title).strip(" -–—:,;|\"'“”")
    return clean_title(title)


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
           default_subfield: Subfield | None, added: dt.date, include_out_of_scope: bool = False) -> list[Draft]:
    """Draft records for the entries not already in the catalogue; every other entry goes to the report."""
    out: list[Draft] = []
    seen: dict[str, int] = {}
    for b in bullets:
        url = b.links.get("paper")
        if b.scope and not include_out_of_scope:
            report.outside(b.line, b.title or url or "(entry)", b.scope)
            continue
        if not b.title:
            report.refuse(b.line, url or "(entry)", "title", "the entry has no title")
            continue
        arxiv, doi = arxiv_from_url(url), doi_from_url(url)
        key = normalize_title(b.title) or b.title
        if key in seen:
            report.known(b.line, b.title, f"same title as line {seen[key]} of this list")
            continue
        seen[key] = b.line
        found = (existing.find_paper(b.title, doi, arxiv, url=url, code=b.links.get("code"))
                 or (existing.find_paper(f"{b.short_name}: {b.title}", None, None) if b.short_name else None))
        if found:
            report.known(b.line, b.title, f"as {found[0]} (same {found[1]})")
            continue
        year = b.year or b.section.year or arxiv_year(arxiv) or arxiv_year(_arxiv_in_doi(doi))
        if year is None:
            report.note(b.line, f"{b.title}: no year in the entry, its heading or its link; the draft leaves it for review")
        kind = "survey" if b.section.kind == "survey" or b.kind == "survey" else "method"
        subfield = b.section.subfield or default_subfield
        venue = b.venue or ("arXiv" if arxiv else "bioRxiv" if url and "biorxiv.org" in url else "medRxiv" if url and "medrxiv.org" in url else None)
        links = {"paper": paper_link(url) if url else None, "code": b.links.get("code"), "arxiv": arxiv, "doi": doi}
        for name in ("paper", "code"):
            if links[name] and not re.match(r"https?://", links[name]):
                report.note(b.line, f"{b.title}: {name} link {links[name]!r} is not an http(s) URL; left out of the draft")
                links[name] = None
        data = {
            "id": existing.new_id("papers", b.short_name or b.title, year), "title": b.title, "short_name": b.short_name, "year": year, "venue": venue,
            "subfield": subfield.value if subfield else None, "kind": kind,
            "label_source": "draft" if kind == "method" or year is None else None,
            "links": links, "added": added,
        }
        if b.scope:  # --include-out-of-scope: imported, and marked
            data["notes"] = [{"kind": "curation", "text": f"Imported although out of scope ({b.scope}); check it belongs in the atlas."}]
            data["label_source"] = "draft"
        existing.add_paper(f"(this list, line {b.line})", b.title, doi, arxiv)
        out.append(Draft("papers", data, b.line))
    for r in rows:
        name, paper = _cell_link(_cell(r.cells, "name", "database", "dataset"))
        if not name:
            report.refuse(r.line, "(table row)", "name", "the table row has no dataset name")
            continue
        where = existing.find_dataset(name)
        if where:
            report.known(r.line, name, f"as {where} (same name)")
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
            report.refuse(r.line, name, "subfield", "no subfield: its section names none; pass --subfield")
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


def _arxiv_in_doi(doi: str | None) -> str | None:
    """The arXiv id a DataCite DOI carries (10.48550/arXiv.2303.00001)."""
    m = re.match(r"10\.48550/arxiv\.(\d{4}\.\d{4,5})", doi or "", re.I)
    return m.group(1) if m else None
