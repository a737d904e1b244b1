"""Facts about a paper that several pages, exports and importers show: each written once, here.

Pure functions over a Paper (or an identifier); no I/O. The short-name rule, the page
title, the description, the arXiv address and year, the landing link and the order of
lists all come from here, so they cannot disagree between pages.
"""

from __future__ import annotations

from . import facts
from .models import Paper
from .taxonomy import LicenceFamily, ParameterRange

ARXIV_ABS = "https://arxiv.org/abs/{}"


def arxiv_url(arxiv: str) -> str:
    return ARXIV_ABS.format(arxiv)


def arxiv_year(arxiv: str | None) -> int | None:
    """The year of a new-style arXiv id (2304.01234 -> 2023); None for old-style or missing ids."""
    return 2000 + int(arxiv[:2]) if arxiv and arxiv[:4].isdigit() else None


def short_label(paper: Paper) -> str | None:
    """The short name when the title does not already begin with it (no "BioBERT · BioBERT: ..."), compared case-blind."""
    name = paper.short_name
    return name if name and not paper.title.casefold().startswith(name.casefold()) else None


def page_title(paper: Paper) -> str:
    name = short_label(paper)
    return f"{name}: {paper.title}" if name else paper.title


def description(paper: Paper) -> str:
    """One sentence about the paper: its summary, else its title with venue and year."""
    return paper.summary or f"{paper.title} ({', '.join(filter(None, [paper.venue, str(paper.year)]))})."


def landing_url(paper: Paper) -> str | None:
    """Where to read the paper: its own link, else its arXiv abstract page."""
    return paper.links.paper or (arxiv_url(paper.links.arxiv) if paper.links.arxiv else None)


def parameter_range(paper: Paper) -> ParameterRange | None:
    return facts.parameter_range(paper.parameters.sizes) if paper.parameters else None


def licence_family(paper: Paper) -> LicenceFamily | None:
    return paper.licence.family if paper.licence else None


def dataset_uses(paper: Paper) -> str:
    """The data a paper used, one line: "mimic-cxr (pretrain, evaluate); BioInstructQA (evaluate)"."""
    return "; ".join((u.id or u.name or "") + (f" ({', '.join(r.value for r in u.roles)})" if u.roles else "") for u in paper.datasets)


def use_summary(paper: Paper) -> str:
    """Weights, licence, size and base model in one sentence, for exports that have a free-text note."""
    parts = []
    if paper.weights:
        parts.append(f"Weights: {paper.weights.status.label.lower()}" + (f" ({', '.join(paper.weights.urls)})" if paper.weights.urls else ""))
    if paper.licence:
        parts.append(f"Licence: {paper.licence.name}")
    if paper.parameters:
        parts.append(f"Parameters: {' and '.join(paper.parameters.sizes)}" + (" trainable" if paper.parameters.counted == "trainable" else ""))
    if paper.base_models:
        parts.append(f"Base model: {', '.join(paper.base_models.names)}")
    return ". ".join(parts) + ("." if parts else "")


def newest_first_key(paper: Paper) -> tuple:
    """The order of every paper list, the explorer's first page included: newest year, then title, then id."""
    return (-paper.year, paper.title.casefold(), paper.id)
