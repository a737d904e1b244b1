"""Site search: one small document per page, and a word index of them split into files the
browser fetches per query (search_files; the browser side is docs/assets/search.js).

Why not the theme's lunr search: it ships its whole index before the first result (4.7 MB at
10,000 papers, 47 MB at 100,000). Why not Pagefind, used before: its indexer holds the whole
index in memory (4.5 GB and about two minutes at 100,000 papers, most of the build), where this
index is written with the explorer's and takes a few seconds (figures in docs/performance.md).

Why documents of our own instead of the built pages: a document holds only what a reader
searches (a name, a title, aliases, a line of text), not a page's theme chrome.

Ranking (weights here, tiers in the browser):
- a word found in a page's name (a paper's short name, a dataset's name) weighs most, then in its
  curated synonyms (challenges and pillars), then in its title, then in its text; a query word
  that is a whole indexed word counts twice what a word's beginning counts;
- a result whose name or title equals the query comes first, then one whose name or title begins
  with it, and reference pages (about, contribute, field reference, performance, downloads)
  come after every record;
- each result carries a label: its type, subfield and year.
"""

from __future__ import annotations

import html
import re
from array import array
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from . import urls
from .catalogue import Catalogue
from .explorer import compact_json
from .taxonomy import CHALLENGES, SUBFIELDS
from .wordindex import add_postings, shards, words

OUTPUT = "search"  # the index's folder in the site
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
    """Runs of whitespace as one space, none at the ends: str.split's whitespace is exactly the \\s of re (the same
    29 code points), at a fifth of re.sub's time (it ran for each of the 110,000 documents of 100,000 papers)."""
    return " ".join(text.split())


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


# How much of a field a word found in it weighs; the browser ranks by the sum over the query's words
# (docs/assets/search.js). The codes are what the index stores with each page a word is in.
FIELDS = ("text", "title", "keywords", "name")
WEIGHTS = {"name": 10, "keywords": 8, "title": 6, "text": 1}
DOC_CHUNK = 20  # pages per docs/K.json: the ten results shown fetch at most ten small files
EXCERPT_CHARS = 320  # of a page's text kept for the excerpt under its result
FORMAT_VERSION = 1


def _excerpt(text: str) -> str:
    if len(text) <= EXCERPT_CHARS:
        return text
    cut = text.rfind(" ", 0, EXCERPT_CHARS)
    return text[:cut if cut > EXCERPT_CHARS // 2 else EXCERPT_CHARS] + " …"


def _href(doc: SearchDoc) -> str:
    return doc.url + (f"#{doc.anchor}" if doc.anchor else "")


def search_files(docs: Iterable[SearchDoc]) -> dict[str, str]:
    """The search index, site path -> compact JSON (search_file_items, all at once)."""
    return dict(search_file_items(docs))


def search_file_items(docs: Iterable[SearchDoc]) -> Iterator[tuple[str, str]]:
    """The search index as (site path, compact JSON), each file made when asked for; the same documents always
    give the same bytes.

    - search/meta.json: the number of pages, the chunk size and which pages are reference pages;
    - search/words/<hex>.json: for each word (wordindex.words) of a two-letter group, the pages it is
      in, each as (gap from the page before) * 4 + the code of the heaviest field holding it (FIELDS);
    - search/docs/K.json: [link, name, label, full title, excerpt] of pages K*DOC_CHUNK... (stored gzipped: urls.PACKED)
    The browser fetches meta.json and the query's word files, then the chunks of the results shown.
    The docs files come first, each as soon as its pages have been read.
    """
    # One pass over the documents: each chunk of DOC_CHUNK pages is written as soon as it is complete, and
    # only the words' postings and the links are kept (at 100,000 papers the documents were 100 MB).
    # Each page's link by its hash, to refuse two documents for one page: at 100,000 papers the set of links held
    # 11.1 MB, of hashes 7.7 MB (two links with one 64-bit hash would be refused too, a chance of about 1 in 10^9).
    seen: set[int] = set()
    reference: list[int] = []
    chunk: list[list[str]] = []
    # Each word's pages, as page number * 4 + the code of the heaviest field holding the word (codes are 0-3).
    postings: dict[str, array] = {}
    count = 0
    for number, doc in enumerate(docs):
        href = _href(doc)
        key = hash(href)
        if key in seen:
            raise ValueError(f"two search documents for {href}")
        seen.add(key)
        if doc.kind == REFERENCE:
            reference.append(number)
        best: dict[str, int] = {}
        for code, text in enumerate((doc.text, doc.title, ", ".join(doc.keywords), doc.name)):  # the order of FIELDS
            for word in words(text):
                best[word] = code  # a later field weighs more
        by_code: list[list[str]] = [[], [], [], []]
        for word, code in best.items():
            by_code[code].append(word)
        for code, found in enumerate(by_code):
            add_postings(postings, found, number * 4 + code)
        chunk.append([href, doc.name, doc.label, doc.title, _excerpt(doc.text)])
        count = number + 1
        if len(chunk) == DOC_CHUNK:
            yield f"{OUTPUT}/docs/{number // DOC_CHUNK}.json", compact_json(chunk)
            chunk = []
    if chunk:
        yield f"{OUTPUT}/docs/{(count - 1) // DOC_CHUNK}.json", compact_json(chunk)
    del seen

    def encode(packed: Sequence[int]) -> list[int]:
        # (page - the page before) * 4 + code, for each page * 4 + code: the value less the page before's * 4
        return [value - (before & -4) for before, value in zip([0, *packed], packed)]

    yield f"{OUTPUT}/meta.json", compact_json({
        "version": FORMAT_VERSION, "pages": count, "docChunk": DOC_CHUNK,
        "weights": [WEIGHTS[f] for f in FIELDS],
        "docsFile": urls.packed(f"{OUTPUT}/docs/{{}}.json")[len(OUTPUT) + 1:],  # where {} is the chunk's number
        "reference": reference})
    for path, value in shards(postings, f"{OUTPUT}/words/", "pages", encode):
        yield path, compact_json(value)


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
