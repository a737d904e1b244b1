"""`hfm-atlas lint`: the style rules beyond the schema.

Errors are things a reviewer would send back (a venue spelt outside the controlled
list, a PDF link where the abstract page exists, a year that contradicts the arXiv id,
TODO left from `hfm-atlas new`). Warnings are worth a look but may be right (a venue
not yet in the list, a title in capitals, a near-duplicate title, a paper without links).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable

from . import paperfacts
from .identifiers import arxiv_from_url, normalize_title
from .models import Paper
from .problems import Problem
from .records import Entry
from .venues import VENUES, canonical_venue

_ACRONYMS = {"llm": "LLM", "llms": "LLMs", "sam": "SAM", "ct": "CT", "mri": "MRI", "gpt": "GPT", "clip": "CLIP",
             "bert": "BERT", "ai": "AI", "dna": "DNA", "rna": "RNA", "ecg": "ECG", "vqa": "VQA", "ehr": "EHR", "3d": "3D", "2d": "2D"}
NEAR_DUPLICATE = 0.93


def lint(entries: Iterable[Entry]) -> list[Problem]:
    entries = list(entries)
    problems: list[Problem] = []
    papers = [e for e in entries if isinstance(e.record, Paper)]
    for e in papers:
        problems.extend(_paper_rules(e, e.record))  # type: ignore[arg-type]
    for e in entries:
        problems.extend(_placeholders(e, e.record.model_dump(mode="json"), ()))
    problems.extend(_near_duplicates(papers))
    return sorted(problems)


def _paper_rules(e: Entry, p: Paper) -> list[Problem]:
    found: list[Problem] = []
    if p.venue and p.venue not in VENUES:
        canonical = canonical_venue(p.venue)
        if canonical:
            found.append(e.problem(("venue",), f"write the venue as {canonical!r}, the controlled name"))
        else:
            found.append(e.problem(("venue",), f"{p.venue!r} is not in the controlled venue list (hfm_atlas/venues.py); "
                                   "check the spelling, or add the venue there", "warning"))
    words = re.findall(r"[A-Za-z][A-Za-z0-9-]*", p.title)
    if len(words) >= 4 and p.title == p.title.upper():
        found.append(e.problem(("title",), "title is in capitals; write it as the paper prints it", "warning"))
    lowered = [w for w in words if w in _ACRONYMS]
    if lowered:
        found.append(e.problem(("title",), f"write {', '.join(sorted(set(_ACRONYMS[w] for w in lowered)))} in capitals as the "
                               "paper does (the title seems lower-cased by a citation export)", "warning"))
    url = p.links.paper or ""
    if "arxiv.org" in url and not re.search(r"arxiv\.org/abs/", url):
        found.append(e.problem(("links", "paper"), "link arXiv papers to their abstract page, https://arxiv.org/abs/<id>"))
    arxiv = p.links.arxiv or arxiv_from_url(url)
    arxiv_year = paperfacts.arxiv_year(arxiv)
    if arxiv_year and p.year is not None:
        if p.venue == "arXiv" and p.year != arxiv_year:
            found.append(e.problem(("year",), f"an arXiv preprint dated {p.year} has the id {arxiv}, from {arxiv_year}"))
        elif p.year < arxiv_year:
            found.append(e.problem(("year",), f"year {p.year} is before the arXiv id {arxiv} ({arxiv_year}): fine if the "
                                   "arXiv copy came after the version cited, else a slip", "warning"))
    if p.links.arxiv and url and arxiv_from_url(url) and arxiv_from_url(url) != p.links.arxiv:
        found.append(e.problem(("links", "arxiv"), f"the paper link is arXiv {arxiv_from_url(url)} but links.arxiv says {p.links.arxiv}"))
    if not (p.links.paper or p.links.arxiv or p.links.doi or p.links.code):
        found.append(e.problem(("links",), "the paper has no link at all (paper, arXiv, DOI or code)", "warning"))
    return found


def _placeholders(e: Entry, value: object, path: tuple) -> list[Problem]:
    if isinstance(value, dict):
        return [p for k, v in value.items() for p in _placeholders(e, v, path + (k,))]
    if isinstance(value, list):
        return [p for i, v in enumerate(value) for p in _placeholders(e, v, path + (i,))]
    if isinstance(value, str) and re.search(r"\bTODO\b", value):
        return [e.problem(path, "TODO left from hfm-atlas new: fill it in or remove the field")]
    return []


def _near_duplicates(papers: list[Entry]) -> list[Problem]:
    """Titles that differ only slightly (not identically: validate catches those): the same work twice?"""
    found: list[Problem] = []
    keys = [(e, normalize_title(e.record.title)) for e in papers]  # type: ignore[attr-defined]
    # Compare only titles that share their first or their last letters: near-linear, not quadratic at 10,000 papers.
    blocks: dict[tuple[str, str], list[tuple[Entry, str]]] = {}
    for e, key in keys:
        blocks.setdefault(("head", key[:12]), []).append((e, key))
        blocks.setdefault(("tail", key[-12:]), []).append((e, key))
    seen: set[tuple[str, str]] = set()
    for group in blocks.values():
        for i, (a, ka) in enumerate(group):
            for b, kb in group[i + 1:]:
                pair = (a.file.shown_as, b.file.shown_as)
                if ka != kb and pair not in seen and difflib.SequenceMatcher(None, ka, kb).ratio() >= NEAR_DUPLICATE:
                    seen.add(pair)
                    found.append(b.problem(("title",), f"title nearly equals that of {a.file.shown_as}; the same work twice?", "warning"))
    return found
