"""Pieces every page's view shares: links, taxonomy tags, paper and dataset rows, fact rows."""

from __future__ import annotations

from collections import namedtuple
from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple

from .. import paperfacts, urls
from ..catalogue import Catalogue
from ..models import Dataset, Paper
from ..taxonomy import (
    ACCESS,
    ADAPTATION,
    MODALITIES,
    PRETRAINING,
    SUBFIELDS,
    TermEnum,
    Vocabulary,
)


# Link, Tag and Fact are named tuples: values whose hash and equality are the tuple's, in C, since fact rows
# are looked up by their Fact (render.py, fact_rows) and a dataclass hashes and compares in Python.
class Link(NamedTuple):
    text: str
    href: str
    title: str = ""


class Tag(NamedTuple):
    """A taxonomy term as shown: its text, its name when the text is a short form (an abbreviation's expansion), a link.

    The term's definition is not in the page: every page would repeat it (a fifth of a paper page). The
    site holds each definition once (term_definitions), and the pages' script shows it as the tooltip.
    """

    text: str
    title: str
    href: str


@dataclass
class PaperRow:
    title: str
    short_name: str | None
    href: str
    year: int
    venue: str
    pretraining: Tag | None
    adaptation: list[Tag]
    links: list[Link]


@dataclass
class DatasetRow:
    name: str
    href: str
    subfield: str
    modalities: str
    scale: str
    tasks: str
    access: Tag
    used_by: int


class Fact(namedtuple("Fact", ("label", "text", "links", "tags", "source"))):
    """One row of a record page's fact table; `links` or `text` or `tags` is filled; `source` is its evidence.

    A value (links and tags are kept as tuples), so that a row can be looked up: most rows recur on many
    pages (a subfield, a year, a paradigm, a set of modalities), and the renderer draws each distinct row
    once (render.py, fact_rows).
    """

    __slots__ = ()
    label: str
    text: str
    links: tuple[Link, ...]
    tags: tuple[Tag, ...]
    source: Link | None

    def __new__(cls, label: str, text: str = "", links: Iterable[Link] = (), tags: Iterable[Tag] = (), source: Link | None = None):
        return tuple.__new__(cls, (label, text, tuple(links), tuple(tags), source))


def source_link(source) -> Link | None:
    """The evidence of a fact as a link: "source: README" to the page it was read on."""
    if source is None:
        return None
    where = source.where or ""
    # A short place is shown ("source: Table 2"); a long one is the link's tooltip, so the fact stays readable.
    return Link(f"source: {where}" if where and len(where) <= 32 else "source", source.url,
                title=where if len(where) > 32 else "")


def term_anchor(vocabulary: Vocabulary, value: str) -> str:
    return f"{vocabulary.name.replace(' ', '-').replace('_', '-')}-{value}".lower()


def term_link(page: str, linker: urls.Linker, vocabulary: Vocabulary, value: str) -> str:
    """Where a term leads: the papers (or datasets) that hold it, in an explorer; its definition when no explorer filters by it."""
    from ..explorer import explorer_url, facet_of

    key = facet_of(vocabulary)
    if key:
        return explorer_url(linker.href(page, urls.EXPLORER), **{key: value})
    if vocabulary is ACCESS:
        return linker.href(page, urls.DATASET_EXPLORER) + f"?access={value}"
    return linker.href(page, urls.TAXONOMY, term_anchor(vocabulary, value))


def tag(page: str, linker: urls.Linker, vocabulary: Vocabulary, value: str, short: bool = True) -> Tag:
    """A term as a chip: its short form and its name (Tag.title), or its name alone; a link to what holds it.

    A chip depends on the page only through its depth: each (depth, term) is built once per process
    (a record page has about 20; at 10,000 papers building their links was a fifth of the build).
    """
    key = (linker.use_directory_urls, linker.root(page), vocabulary.name, value, short)  # the Linker by its one field: cheaper to hash
    found = _TAGS.get(key)
    if found is None:
        term: TermEnum = vocabulary[value]
        text = term.short if short and vocabulary in (PRETRAINING, ADAPTATION, SUBFIELDS) else term.label
        found = _TAGS[key] = Tag(text, term.label if text != term.label else "", term_link(page, linker, vocabulary, value))
    return found


def term_definitions(linker: urls.Linker) -> dict[str, str]:
    """Every term's "name: definition", keyed by where its chips link, relative to the site's root
    (explorer/?pre=GL): a page's script finds a chip's definition from the chip's own link (atlas.js)."""
    from ..taxonomy import ALL_VOCABULARIES

    return {term_link(urls.HOME, linker, vocabulary, term.value): f"{term.label}: {term.definition}"
            for vocabulary in ALL_VOCABULARIES for term in vocabulary}


_TAGS: dict[tuple[bool, str, str, str, bool], Tag] = {}


def external_links(paper: Paper) -> list[Link]:
    links = []
    if paper.links.paper:
        links.append(Link("Paper", paper.links.paper))
    if paper.links.arxiv and "arxiv.org" not in (paper.links.paper or ""):
        links.append(Link("arXiv", paperfacts.arxiv_url(paper.links.arxiv)))
    if paper.links.doi:
        links.append(Link("DOI", f"https://doi.org/{paper.links.doi}"))
    if paper.links.code:
        links.append(Link("Code (unofficial)" if paper.links.code_official is False else "Code", paper.links.code,
                          title="A community implementation, not the authors' code" if paper.links.code_official is False else ""))
    return links


distinct_short_name = paperfacts.short_label


def paper_row(page: str, linker: urls.Linker, paper: Paper) -> PaperRow:
    pre = paper.pretraining
    return PaperRow(
        title=paper.title,
        short_name=distinct_short_name(paper),
        href=linker.href(page, urls.paper_page(paper.id)),
        year=paper.year,
        venue=paper.venue or "",
        pretraining=tag(page, linker, PRETRAINING, pre.paradigm) if pre else None,
        adaptation=[tag(page, linker, ADAPTATION, a.paradigm) for a in paper.adaptation],
        links=[link for link in external_links(paper) if link.text in ("Paper", "Code", "Code (unofficial)")],
    )


# Rows a list of papers shows on a page; a longer list shows its newest and links to all of them in the
# explorer (at 100,000 papers a subfield's list was 27 MB of HTML, which no reader scrolls or browser lays out well).
LIST_LIMIT = 500


@dataclass(frozen=True)
class More:
    """What a cut list says under its table: how much it shows, and a link to all of it."""

    text: str
    link_text: str
    href: str


def paper_rows(page: str, linker: urls.Linker, papers: list[Paper], **filters: str) -> dict:
    """{"rows", "total", "more"}: the rows of the first LIST_LIMIT papers (in the order given, newest first), how many
    there are, and, when that cuts the list, a More that opens the explorer on `filters` (all of them, newest first)."""
    from ..explorer import explorer_url

    more = None
    if len(papers) > LIST_LIMIT:
        more = More(f"The newest {LIST_LIMIT:,} of {len(papers):,} are listed here.", f"See all {len(papers):,} in the explorer",
                    explorer_url(linker.href(page, urls.EXPLORER), **filters))
    return {"rows": [paper_row(page, linker, p) for p in papers[:LIST_LIMIT]], "total": len(papers), "more": more}


def dataset_row(page: str, linker: urls.Linker, cat: Catalogue, dataset: Dataset) -> DatasetRow:
    return DatasetRow(
        name=dataset.name,
        href=linker.href(page, urls.dataset_page(dataset.id)),
        subfield=dataset.subfield.value if dataset.subfield else "cross-subfield",
        modalities=", ".join(MODALITIES.label(m) for m in dataset.modalities),
        scale=dataset.scale or "",
        tasks=", ".join(dataset.tasks),
        access=tag(page, linker, ACCESS, dataset.access),
        used_by=len(cat.used_by.get(dataset.id, ())),
    )


def survey_text(survey) -> str:
    if survey is None:
        return ""
    refs = ", ".join(f"[{r}]" for r in survey.ref)
    text = f"Table {survey.table}" + (f", ref. {refs}" if refs else "")
    return text + (f", printed as “{survey.name}”" if survey.name else "")
