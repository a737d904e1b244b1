"""Site search: one small document per page, indexed by Pagefind into fragments the browser loads per query.

Why Pagefind and not the theme's lunr search: lunr ships its whole index to the browser
before the first result (4.7 MB at 10,000 papers, 47 MB at 100,000); Pagefind splits the
index into chunks and fetches only the ones a query's words fall in, then one fragment per
shown result (figures in docs/performance.md).

Why documents of our own instead of the built pages: the engine would otherwise parse every
page's theme chrome (about 26 KB a record page) and take about 2 ms a page; a document holds only
what a reader searches (a name, a title, aliases, a line of text) and costs a tenth of that.

Ranking, in the engine and in the browser (docs/assets/search.js):
- a page's name (a paper's short name, a dataset's name) weighs most, then its title, then the
  curated synonyms of the challenges and pillars, then the text;
- in the browser, a result whose name or title equals the query comes first, and reference
  pages (about, contribute, field reference, performance, downloads) come after every record;
- each result carries a label: its type, subfield and year.

This module is pure up to `start_index`, which writes the documents to a temporary folder
and starts the engine in the background; `finish_index` waits for it.
"""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from . import urls
from .catalogue import Catalogue
from .taxonomy import CHALLENGES, SUBFIELDS

OUTPUT = "pagefind"  # the index's folder in the site
REFERENCE = "reference"  # the one kind ranked after the others


@dataclass(frozen=True)
class SearchDoc:
    """What the engine indexes for one page (plain text; escaped when written)."""

    url: str  # site URL relative to the root, as MkDocs gives it ("papers/medsam/")
    kind: str  # paper, survey, dataset, benchmark, challenge, direction, application, page or reference
    name: str  # what readers type: a short name, a dataset's name, a page's title
    label: str  # shown under the result: "Method · VFM · 2024"
    title: str = ""  # the full title when it differs from the name
    keywords: tuple[str, ...] = ()  # curated synonyms
    text: str = ""
    anchor: str = ""  # a section of the page (the engine indexes files, so a section gets its own document)
    key: str = field(default="", compare=False)  # a unique file name for a section document


def _clean(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def paper_docs(cat: Catalogue, linker: urls.Linker) -> Iterator[SearchDoc]:
    for p in cat.papers:
        kind = "survey" if p.kind == "survey" else "paper"
        label = " · ".join(filter(None, ["Survey" if kind == "survey" else "Method", p.subfield.value if p.subfield else "", str(p.year or "")]))
        yield SearchDoc(linker.url(urls.paper_page(p.id)), kind, p.short_name or p.title, label,
                        title=p.title if p.short_name else "", text=_clean(" ".join(filter(None, [p.summary, ", ".join(p.authors)]))))


def dataset_docs(cat: Catalogue, linker: urls.Linker) -> Iterator[SearchDoc]:
    for d in cat.datasets:
        label = " · ".join(filter(None, ["Database" if d.kind.value == "database" else "Dataset", d.subfield.value if d.subfield else "",
                                         ", ".join(m.value for m in d.modalities[:3])]))
        yield SearchDoc(linker.url(urls.dataset_page(d.id)), "dataset", d.name, label, text=_clean(" ".join(filter(None, [d.description, ", ".join(d.tasks)]))))


def vocabulary_docs(cat: Catalogue, linker: urls.Linker) -> Iterator[SearchDoc]:
    """Benchmarks, challenges and their pillars, future directions, applications and subfields."""
    for b in cat.benchmarks:
        yield SearchDoc(linker.url(urls.benchmark_page(b.id)), "benchmark", b.name, "Benchmark · leaderboard", text=b.task)
    text = cat.survey_text
    challenge_text = {c.id.value: c for p in (text.pillars if text else []) for c in p.challenges}
    for c in CHALLENGES:
        found = challenge_text.get(c.value)
        yield SearchDoc(linker.url(urls.challenge_page(c.value)), "challenge", c.label, "Challenge",
                        keywords=tuple(found.aliases) if found else (), text=_clean(" ".join(filter(None, [c.definition, found.explanation if found else ""]))))
    for p in (text.pillars if text else []):
        yield SearchDoc(linker.url(urls.CHALLENGES), "challenge", f"{p.name} challenges", "Challenges · pillar" + (f" · the survey's {p.section}" if p.section else ""),
                        keywords=tuple(p.aliases) + tuple(a for c in p.challenges for a in c.aliases),
                        text=_clean(p.about + " " + " ".join(CHALLENGES.label(c.id.value) for c in p.challenges)), anchor=p.id, key=f"pillar-{p.id}")
    for d in (text.directions if text else []):
        yield SearchDoc(linker.url(urls.DIRECTIONS), "direction", d.title, "Future direction" + (f" · the survey's {d.section}" if d.section else ""),
                        text=_clean(d.explanation + " " + " ".join(d.aspects)), anchor=d.id, key=f"direction-{d.id}")
    for a in cat.applications:
        yield SearchDoc(linker.url(urls.application_page(a.id)), "application", a.name, "Application", text=_clean(a.description or ""))
    for sf in SUBFIELDS:
        yield SearchDoc(linker.url(urls.subfield_page(sf.value)), "page", f"{sf.label} foundation models ({sf.value})", "Subfield · papers", text=sf.definition)


# Pages readers come back to for the atlas itself, not for a record: ranked after every record.
REFERENCE_PAGES = frozenset({urls.FIELDS, urls.DOWNLOADS, "about.md", "contribute.md", "performance.md"})


def page_doc(src: str, title: str, text: str, linker: urls.Linker) -> SearchDoc:
    """A list or hand-written page: its title and its description or text."""
    kind = REFERENCE if src in REFERENCE_PAGES else "page"
    return SearchDoc(linker.url(src), kind, html.unescape(title), "Reference page" if kind == REFERENCE else "Page", text=_clean(text))


_MARKDOWN_NOISE = re.compile(r"```.*?```|`[^`]*`|\]\([^)]*\)|<[^>]+>|[#*_>|\[\]]|^-{3,}$", re.S | re.M)


def markdown_text(markdown: str) -> tuple[str, str]:
    """(title, text) of a hand-written page: its first heading and its words, without markup or code."""
    body = re.sub(r"\A---\n.*?\n---\n", "", markdown, flags=re.S)
    heading = re.search(r"^#\s+(.+)$", body, re.M)
    return (heading.group(1).strip() if heading else ""), _clean(_MARKDOWN_NOISE.sub(" ", body))[:4000]


def to_html(doc: SearchDoc) -> str:
    """The document as the engine reads it: weights on the name, title and synonyms; the label and kind as metadata."""
    e = html.escape
    href = doc.url + (f"#{doc.anchor}" if doc.anchor else "")
    parts = ['<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">', f"<title>{e(doc.name)}</title></head><body>",
             f'<h1 data-pagefind-weight="10" data-pagefind-meta="title">{e(doc.name)}</h1>',
             f'<span data-pagefind-meta="label:{e(doc.label)}"></span><span data-pagefind-meta="kind:{doc.kind}"></span>',
             f'<span data-pagefind-meta="href:{e(href)}"></span>']
    if doc.title:
        parts.append(f'<p data-pagefind-weight="6" data-pagefind-meta="full">{e(doc.title)}</p>')
    if doc.keywords:
        parts.append(f'<p data-pagefind-weight="8">{e(", ".join(doc.keywords))}</p>')
    if doc.text:
        parts.append(f"<p>{e(doc.text)}</p>")
    parts.append("</body></html>\n")
    return "".join(parts)


def doc_path(doc: SearchDoc) -> str:
    """The document's file in the engine's input folder: one flat file per page (no folder per record).

    Results link to the document's href (its metadata), not to this file's path.
    """
    if doc.key:
        return f"_sections/{doc.key}.html"
    url = doc.url.rstrip("/")
    return "index.html" if not url else url if url.endswith(".html") else url + ".html"


@dataclass
class Indexing:
    """A running index build: the engine's process and its input folder (removed when it ends)."""

    process: subprocess.Popen | None
    folder: Path
    count: int

    def finish(self, check: bool = True) -> None:
        """Wait for the engine and remove the input folder; with check, raise OSError with its message if it failed."""
        try:
            if self.process is None:
                return
            out, err = self.process.communicate()
            if check and self.process.returncode:
                message = (err or out or b"").decode("utf-8", "replace").strip().splitlines()
                raise OSError("the search index (Pagefind) failed: " + (message[-1] if message else f"exit code {self.process.returncode}"))
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)


def engine_command(site: Path, output: Path) -> list[str]:
    return [sys.executable, "-m", "pagefind", "--site", str(site), "--output-path", str(output), "--quiet"]


def start_index(docs: Iterable[SearchDoc], site_dir: Path) -> Indexing:
    """Write the documents to a temporary folder and start Pagefind on them, writing into site_dir/pagefind."""
    # In memory where the system has it: the engine reads one small file per page, and on a disk
    # that doubled its time at 10,000 pages (system time of file opens and reads).
    shm = Path("/dev/shm")
    folder = Path(tempfile.mkdtemp(prefix="hfm-atlas-search-", dir=shm if shm.is_dir() and os.access(shm, os.W_OK) else None))
    count = 0
    try:
        seen: set[str] = set()
        made: set[Path] = set()
        for doc in docs:
            rel = doc_path(doc)
            if rel in seen:
                raise ValueError(f"two search documents for {rel}")
            seen.add(rel)
            target = folder / rel
            if target.parent not in made:
                target.parent.mkdir(parents=True, exist_ok=True)
                made.add(target.parent)
            target.write_text(to_html(doc), encoding="utf-8")
            count += 1
        process = subprocess.Popen(engine_command(folder, site_dir / OUTPUT), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return Indexing(process, folder, count)


def documents(cat: Catalogue, linker: urls.Linker, pages: Iterable[tuple[str, str, str]],
              handwritten: Iterable[tuple[str, str]]) -> Iterator[SearchDoc]:
    """Every search document of the site, in a fixed order.

    pages: (src, title, description) of the generated list pages; handwritten: (src, Markdown)
    of the docs/ pages. A page that a record or vocabulary document already stands for is skipped.
    """
    vocabulary = list(vocabulary_docs(cat, linker))
    covered = {d.url for d in vocabulary if not d.anchor}
    yield from paper_docs(cat, linker)
    yield from dataset_docs(cat, linker)
    yield from vocabulary
    for src, title, description in pages:
        if linker.url(src) not in covered:
            yield page_doc(src, title, description, linker)
    for src, markdown in handwritten:
        title, text = markdown_text(markdown)
        yield page_doc(src, title or src, text, linker)
