"""The README's paper list (the awesome-list view GitHub visitors see), generated from
the records between two marker comments, so it can never drift from the data.
"""

from __future__ import annotations

import re
from itertools import groupby
from pathlib import Path

from . import paperfacts
from .catalogue import Catalogue
from .models import Paper
from .problems import UserError
from .taxonomy import SUBFIELDS

START = "<!-- hfm-atlas:papers:start -->"
END = "<!-- hfm-atlas:papers:end -->"
_MARKDOWN = re.compile(r"([\\`*_{}\[\]<>()#+!|~])")


def md(text: str) -> str:
    """Text shown literally by GitHub's Markdown: its syntax characters escaped, line breaks flattened."""
    return _MARKDOWN.sub(r"\\\1", " ".join(text.split()))


def md_url(url: str) -> str:
    return url.replace(" ", "%20").replace("(", "%28").replace(")", "%29").replace("<", "%3C").replace(">", "%3E")


def _item(p: Paper) -> str:
    venue = f"[{md(p.venue)}] " if p.venue else ""
    short = paperfacts.short_label(p)
    name = f"**{md(short)}**: " if short else ""
    links = []
    landing = paperfacts.landing_url(p)
    if landing:
        links.append(f"[[Paper]]({md_url(landing)})")
    if p.links.code:
        links.append(f"[[Code]]({md_url(p.links.code)})")
    return f"- {venue}{name}{md(p.title)}. " + " ".join(links)


def paper_list(catalogue: Catalogue) -> str:
    lines = [START, "", "## Papers", "",
             f"_{len(catalogue.papers)} papers, generated from the records by `hfm-atlas readme`: edit `data/papers/`, not this list._", ""]
    sections = [(f"{s.label} foundation models ({s.value})", [p for p in catalogue.papers_by_subfield[s.value] if p.kind == "method"])
                for s in SUBFIELDS]
    sections.append(("Surveys", catalogue.surveys))
    for title, papers in sections:
        lines += [f"### {title}", ""]
        for year, group in groupby(papers, key=lambda p: p.year):
            lines += [f"**{year}**", ""] + [_item(p) for p in group] + [""]
    lines.append(END)
    return "\n".join(lines)


def update_readme(path: Path, catalogue: Catalogue, check: bool = False) -> bool:
    """Replace the list between the markers; return whether it changed (with check=True, write nothing)."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise UserError(f"{path}: no such file", exit_code=2) from None
    if text.count(START) != 1 or text.count(END) != 1 or text.index(START) > text.index(END):
        raise UserError(f"{path}: needs exactly one {START} ... {END} pair of lines to put the paper list between")
    before, rest = text.split(START, 1)
    _, after = rest.split(END, 1)
    new = before + paper_list(catalogue) + after
    if new != text and not check:
        path.write_text(new, encoding="utf-8")
    return new != text
