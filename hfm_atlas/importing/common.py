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
class Entry:
    """One entry of the source that did not become a draft: where it is, what it is, and why."""

    line: int
    what: str
    why: str
    field: str = ""  # for a refused entry: the field at fault


@dataclass
class Report:
    """Every entry found in a source, in exactly one category: found = created + already + refused + out of scope."""

    source: str
    created: list[Draft] = field(default_factory=list)
    already: list[Entry] = field(default_factory=list)  # in the atlas, or earlier in the same source
    refused: list[Entry] = field(default_factory=list)  # could not become a valid draft
    out_of_scope: list[Entry] = field(default_factory=list)  # not a healthcare paper (general domain, not a paper)
    notes: list[tuple[int, str]] = field(default_factory=list)

    def known(self, line: int, what: str, why: str) -> None:
        self.already.append(Entry(line, what, why))

    def refuse(self, line: int, what: str, field_name: str, why: str) -> None:
        self.refused.append(Entry(line, what, why, field_name))

    def outside(self, line: int, what: str, why: str) -> None:
        self.out_of_scope.append(Entry(line, what, why))

    def note(self, line: int, text: str) -> None:
        self.notes.append((line, text))

    @property
    def found(self) -> int:
        return len(self.created) + len(self.already) + len(self.refused) + len(self.out_of_scope)

    def lines(self, dry_run: bool) -> list[str]:
        verb = "would create" if dry_run else "created"
        rows = [(d.line, f"{verb} data/{d.kind}/{d.data['id']}.yaml ({_short(d.label)})") for d in self.created]
        rows += [(e.line, f"already known {_short(e.what)!r}: {e.why}") for e in self.already]
        rows += [(e.line, f"refused {_short(e.what)!r}: {e.field + ': ' if e.field else ''}{e.why}") for e in self.refused]
        rows += [(e.line, f"out of scope {_short(e.what)!r}: {e.why}") for e in self.out_of_scope]
        rows += [(line, f"note: {text}") for line, text in self.notes]
        out = [f"{self.source}:{line}: {text}" for line, text in sorted(rows, key=lambda r: r[0])]
        papers = sum(d.kind == "papers" for d in self.created)
        out.append(f"Summary: found {self.found} entries: {verb} {len(self.created)} draft record(s) ({papers} papers, "
                   f"{len(self.created) - papers} datasets); already in the atlas or earlier in this file {len(self.already)}; "
                   f"refused {len(self.refused)}; out of scope {len(self.out_of_scope)}.")
        return out

    def as_json(self, dry_run: bool) -> dict:
        """The report for scripts (--report FILE.json): the same categories, one object per entry."""
        def entries(items: list[Entry]) -> list[dict]:
            return [{"line": e.line, "what": e.what, "reason": e.why, **({"field": e.field} if e.field else {})} for e in items]
        return {
            "source": self.source, "dry_run": dry_run, "found": self.found,
            "created": [{"line": d.line, "path": f"data/{d.kind}/{d.data['id']}.yaml", "title": d.label} for d in self.created],
            "already": entries(self.already), "refused": entries(self.refused), "out_of_scope": entries(self.out_of_scope),
            "notes": [{"line": line, "text": text} for line, text in self.notes],
            "summary": {"created": len(self.created), "already": len(self.already), "refused": len(self.refused),
                        "out_of_scope": len(self.out_of_scope)},
        }


def _short(text: str, limit: int = 70) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


class Existing:
    """The catalogue's identities: where an imported item may already be."""

    def __init__(self, catalogue: Catalogue):
        self.ids = {kind: set() for kind in RECORD_TYPES}
        self.keys: dict[tuple[str, str], str] = {}
        codes: dict[str, int] = {}
        for p in catalogue.papers:
            if p.links.code:
                codes[p.links.code.rstrip("/").lower()] = codes.get(p.links.code.rstrip("/").lower(), 0) + 1
        for p in catalogue.papers:
            self.ids["papers"].add(p.id)
            self.add_paper(f"data/papers/{p.id}.yaml", p.title, p.links.doi, p.links.arxiv)
            if p.links.paper:
                self.keys.setdefault(("paper link", p.links.paper.rstrip("/").lower()), f"data/papers/{p.id}.yaml")
            code = (p.links.code or "").rstrip("/").lower()
            if code and codes[code] == 1:  # a repository of one work only names that work
                self.keys.setdefault(("code link", code), f"data/papers/{p.id}.yaml")
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

    def find_paper(self, title: str, doi: str | None, arxiv: str | None, url: str | None = None,
                   code: str | None = None) -> tuple[str, str] | None:
        """(where, by what) if the paper is already known: by arXiv id, DOI, title, then its paper or code link."""
        keys = self._paper_keys(title, doi, arxiv)[::-1]  # the strongest key first
        keys += [("code link", code.rstrip("/").lower())] if code else []  # before the paper link: lists slip on paper links more
        keys += [("paper link", url.rstrip("/").lower())] if url else []
        for key in keys:
            if key in self.keys:
                return self.keys[key], key[0]
        return None

    def find_dataset(self, name: str) -> str | None:
        return self.keys.get(("dataset", normalize_title(name)))

    def new_id(self, kind: str, text: str, year: int | None) -> str:
        """An id from a title ("BioBERT: ..." -> biobert) or a name, made unique with the year, then a number."""
        head = text.split(":", 1)[0] if ":" in text and len(text.split(":", 1)[0].split()) <= 4 else text
        base = slugify(head, max_words=6)[:60].strip("-") or "record"
        taken = self.ids[kind]
        candidate = base if base not in taken or not year else f"{base}-{year}"
        stem, n = candidate, 1
        while candidate in taken:  # ends: the set of taken ids is finite
            n += 1
            candidate = f"{stem}-{n}"
        taken.add(candidate)
        return candidate


def write_drafts(report: Report, data_dir: Path, dry_run: bool, all_or_nothing: bool = False) -> list[str]:
    """Validate every draft against its schema and write the valid ones; return the refused entries as messages.

    Each entry stands alone: a draft the schema refuses joins report.refused (`source:line: field: reason`)
    and is left out, and the others are written. With all_or_nothing, one refused entry stops all.
    """
    files: dict[Path, str] = {}
    kept: list[Draft] = []
    for d in report.created:
        try:
            RECORD_TYPES[d.kind].model_validate(d.data)
        except ValidationError as exc:  # input the importer could not make into a valid record
            error = exc.errors()[0]
            field_name = ".".join(str(part) for part in error["loc"]) or "(record)"
            report.refuse(d.line, d.label, field_name, error["msg"].removeprefix("Value error, "))
            continue
        kept.append(d)
        files[data_dir / d.kind / f"{d.data['id']}.yaml"] = record_yaml(d.kind, d.data, SCHEMA_MODELINE.format(kind=d.kind[:-1]))
    problems = [f"{report.source}:{e.line}: {e.field + ': ' if e.field else ''}{e.why} ({_short(e.what)})" for e in report.refused]
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


# ---------------------------------------------------------------- what a link points at

# Hosts whose pages are papers (or a paper's landing page); a DOI or an arXiv id in any URL counts too.
PAPER_HOSTS = (
    "arxiv.org", "doi.org", "openreview.net", "aclanthology.org", "pubmed.ncbi.nlm.nih.gov", "ncbi.nlm.nih.gov", "biorxiv.org",
    "medrxiv.org", "nature.com", "sciencedirect.com", "springer.com", "ieeexplore.ieee.org", "dl.acm.org", "neurips.cc",
    "papers.nips.cc", "thecvf.com", "mlr.press", "oup.com", "wiley.com", "cell.com", "science.org", "thelancet.com",
    "jamanetwork.com", "nejm.org", "mdpi.com", "frontiersin.org", "plos.org", "aaai.org", "ijcai.org", "jmlr.org",
    "semanticscholar.org", "researchgate.net", "ssrn.com", "bmj.com", "rsna.org", "acm.org", "iclr.cc", "icml.cc", "jmir.org",
    "miccai.org", "spiedigitallibrary.org", "biomedcentral.com", "tandfonline.com", "sagepub.com", "pnas.org",
    "europepmc.org", "hf.co/papers", "huggingface.co/papers", "proceedings.", "openaccess.", "paperswithcode.com/paper",
)
CODE_HOSTS = ("github.com", "gitlab.com", "bitbucket.org", "huggingface.co", "gitee.com")
# Links that are not papers: encyclopedias, shops and books, video and social sites, software home pages.
NOT_PAPER_HOSTS = {
    "wikipedia.org": "an encyclopedia article", "amazon.": "a shop page", "oreilly.com": "a book", "manning.com": "a book",
    "scratch.mit.edu": "a software home page", "youtube.com": "a video", "youtu.be": "a video", "twitter.com": "a social post",
    "x.com": "a social post", "medium.com": "a blog post", "zhihu.com": "a blog post", "mp.weixin.qq.com": "a blog post",
    "reddit.com": "a forum post", "linkedin.com": "a social post", "bilibili.com": "a video",
}
PAPER_LABELS = ("paper", "pdf", "arxiv", "link", "doi", "article", "pubmed", "abs", "abstract", "preprint", "biorxiv", "medrxiv",
                "openreview", "acl", "proceedings", "publication", "journal", "论文")
CODE_LABELS = ("code", "github", "project", "repo", "repository", "model", "huggingface", "weights", "代码")


def host_of(url: str) -> str:
    m = re.match(r"(?:https?://)?([^/?#]+)(.*)", url.strip(), re.I)
    return (m.group(1).lower().removeprefix("www.") + (m.group(2) or "")).lower() if m else ""


def not_a_paper(url: str) -> str | None:
    """Why a URL is not a paper (an encyclopedia, a book, a video...), or None."""
    where = host_of(url)
    host = where.split("/", 1)[0]
    for pattern, what in NOT_PAPER_HOSTS.items():
        if host == pattern or host.endswith("." + pattern) or (pattern.endswith(".") and pattern in host):
            return f"{what} ({host})"
    return None


def link_kind(label: str, url: str) -> str:
    """paper, code or other: what a link of an entry points at, by its URL first and its label second."""
    from ..identifiers import arxiv_from_url, doi_from_url

    where = host_of(url)
    host = where.split("/", 1)[0]
    words = re.sub(r"[^\w\u4e00-\u9fff]+", " ", label.lower()).split()
    if not_a_paper(url):
        return "other"
    if arxiv_from_url(url) or doi_from_url(url) or where.endswith(".pdf") or any(h in where for h in PAPER_HOSTS):
        return "paper"
    if any(host == h or host.endswith("." + h) for h in CODE_HOSTS):
        return "code"
    if any(w in PAPER_LABELS for w in words):
        return "paper"
    if any(w in CODE_LABELS for w in words):
        return "code"
    return "other"
