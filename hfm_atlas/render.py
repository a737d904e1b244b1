"""Render the catalogue into pages: pure functions from records to text.

Record text reaches pages only through autoescaped HTML (never as Markdown syntax),
so a title with `|`, `*`, `<script>` or `{{ }}` is shown literally and cannot break a
table or run in a reader's browser. Page titles go into the page metadata
HTML-escaped, because the theme prints `page.title` without escaping.
"""

from __future__ import annotations

import functools
import html
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
from markupsafe import Markup

from . import paperfacts, jsonld, urls, views
from .catalogue import Catalogue
from .models import Dataset
from .schema import field_reference
from .dataset_explorer import dataset_explorer_data, first_rows
from .record_pages import SHELL_SRC, RecordOutput, RecordPage, shell_body, shell_meta
from .taxonomy import ADAPTATION, CHALLENGES, PRETRAINING, SUBFIELDS


def environment(templates_dir: Path) -> jinja2.Environment:
    """The templates' environment, shared by the builds of one process (`serve` rebuilds often) while
    the templates are unchanged.

    The environment is looked up by the templates' modification times and sizes, read once per call:
    an edited template gets a new environment on the next build, and during a build Jinja does not look
    at the files again (its own check stats every template a page uses, imports included, for every
    page: 4 s of a 100,000-paper build).
    """
    folder = Path(templates_dir).resolve()
    stamp = tuple(sorted((str(f.relative_to(folder)), f.stat().st_mtime_ns, f.stat().st_size)
                         for f in folder.rglob("*") if f.is_file()))
    return _environment(str(folder), stamp)


class _Environment(jinja2.Environment):
    """Jinja's environment, but a template's globals are a plain dict of the environment's and its own, not a
    ChainMap over both. Jinja reads them through Python-level ChainMap code on every render (a dict of them for
    the context) and at every import of a macro file (their keys less the importer's): at 10,000 synthetic
    papers a paper page's template took 80 µs with the ChainMap and 48 µs with the dict (CPU, least of 7 runs
    over 3,000 pages, the same output). What the ChainMap gives up: a global added to the environment after a
    template was loaded would not reach that template. `_environment` sets every global before any template loads."""

    def make_globals(self, d):
        return {**self.globals, **(d or {})}


@functools.lru_cache(maxsize=8)
def _environment(templates_dir: str, stamp: tuple) -> jinja2.Environment:
    env = _Environment(
        loader=jinja2.FileSystemLoader(str(templates_dir)),
        auto_reload=False,
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["count"] = count
    env.globals["fact_rows"] = _FactRows(env)
    # The codes of paper tables, explained under each table (the vocabulary's own words).
    env.globals["paradigm_legend"] = [(t.short, t.label) for t in (*PRETRAINING, *ADAPTATION)]
    return env


# Distinct fact rows kept per process. Over 5,000 paper pages of the 10,000-paper synthetic catalogue, 55,000 of
# their 67,000 rows recur (a subfield, a year, a venue, a paradigm, a set of modalities, a date); the rest
# (authors, a paper's own data) come and go.
FACT_ROWS = 1 << 13


class _FactRows:
    """The templates' fact_rows(items): the `fact` macro's output for each Fact of a list, a line each, each
    distinct row drawn once per process.

    A row's HTML depends on its Fact alone (a value, whose links are already relative to the page), so a row
    seen before is the same text. The macro stays the one place a row's markup is written."""

    def __init__(self, env: jinja2.Environment):
        self.env = env
        self.draw: Callable | None = None

    def __call__(self, items) -> Markup:
        if self.draw is None:
            self.draw = functools.lru_cache(maxsize=FACT_ROWS)(self.env.get_template("_macros.md.j2").module.fact)
        draw, line = self.draw, str.__add__  # a row and its line break as plain text: Markup's own + would escape
        return Markup("".join([line(draw(f), "\n") for f in items]))


def count(n: int, noun: str) -> str:
    """'1 paper', '2 papers', '1,204 datasets'."""
    return f"{n:,} {noun if n == 1 else noun + 's'}"


def page_meta(title: str, description: str = "", hide: tuple[str, ...] = ()) -> dict:
    """A generated page's metadata, set by the plugin directly (record text never goes through YAML front matter).

    Title and description are HTML-escaped: the theme prints them without escaping.
    """
    meta: dict = {"title": html.escape(title)}
    if description:
        meta["description"] = html.escape(description)
    if hide:
        meta["hide"] = list(hide)
    return meta


@dataclass(frozen=True)
class GeneratedPage:
    """A generated MkDocs page: its metadata, and its body, HTML already (see plugin.on_post_page), rendered
    each time it is asked for: MkDocs asks once, as it writes the page, so no body is held for the whole build
    (at 100,000 papers the bodies of the lists and indexes were 28 MB, held by every process forked after them)."""

    src: str
    meta: dict
    render: Callable[[], str] = field(repr=False, compare=False)

    @property
    def body(self) -> str:
        return self.render()


class Renderer:
    """Holds the template environment for one build; each method returns one page's Markdown."""

    def __init__(self, catalogue: Catalogue, templates_dir: Path, linker: urls.Linker | None = None, site_url: str = ""):
        self.cat = catalogue
        self.site_url = site_url.rstrip("/") + "/" if site_url else ""
        self.env = environment(templates_dir)
        self.linker = linker or urls.Linker()

    def _page(self, template: str, title: str, description: str, /, hide: tuple[str, ...] = (),
              view: Callable[[], dict] | None = None, **context) -> tuple[dict, Callable[[], str]]:
        """The page's metadata, and how to render its body: `view` (the page's view, computed when the body is
        rendered) and `context` are the template's variables."""
        def render() -> str:
            return self.env.get_template(template).render(**(view() if view else {}), **context)
        return page_meta(title, description, hide), render

    def pages(self) -> Iterator[GeneratedPage]:
        """Every generated MkDocs page, in a fixed order."""
        for src, (meta, render) in self._pages():
            yield GeneratedPage(src, meta, render)

    def _pages(self) -> Iterator[tuple[str, tuple[dict, Callable[[], str]]]]:
        cat, linker = self.cat, self.linker
        yield urls.HOME, self._page("home.md.j2", "HFM Atlas", "A validated, linked atlas of healthcare foundation models.", view=functools.partial(views.home, cat, linker))
        for sf in SUBFIELDS:
            yield urls.subfield_page(sf.value), self._page(
                "subfield.md.j2", f"{sf.label} foundation models ({sf.value})", sf.definition, view=functools.partial(views.subfield, cat, linker, sf.value))
            yield urls.subfield_datasets_page(sf.value), self._page(
                "subfield_datasets.md.j2", f"{sf.label} datasets ({sf.value})", f"Datasets of the {sf.label.lower()} subfield.",
                view=functools.partial(views.subfield_datasets, cat, linker, sf.value))
        yield urls.DATASETS, self._page("datasets.md.j2", "Datasets", "Every dataset and database in the atlas, by subfield.", view=functools.partial(views.datasets_index, cat, linker))
        yield urls.APPLICATIONS, self._page("applications.md.j2", "Applications", "Application domains of healthcare foundation models.", view=functools.partial(views.applications_index, cat, linker))
        yield urls.TAXONOMY, self._page("taxonomy.md.j2", "Taxonomy", "The survey's taxonomy of pre-training and adaptation paradigms, with counts.", view=functools.partial(views.taxonomy, cat, linker))
        yield urls.FIELDS, self._page("fields.md.j2", "Record fields", "Every field of paper, dataset and application records.", sections=field_reference())
        yield urls.EXPLORER, self._page("explorer.md.j2", "Explorer", "Filter every paper of the atlas by subfield, paradigm, modality, application, dataset, venue and year.", hide=("toc",), view=functools.partial(views.explorer, cat, linker))
        yield urls.STATISTICS, self._page("statistics.md.j2", "Statistics", "The atlas in numbers and in the survey's figures: growth, paradigm flow, method tree, datasets.", hide=("toc",), view=functools.partial(views.statistics, cat, linker))
        yield urls.DOWNLOADS, self._page("downloads.md.j2", "Downloads and API", "The whole atlas as BibTeX, CSL-JSON, CSV and a static JSON API.", view=functools.partial(views.downloads, cat, linker))
        yield urls.SURVEYS, self._page("surveys.md.j2", "Surveys", "Surveys and reviews of healthcare foundation models.", view=functools.partial(views.surveys, cat, linker))
        yield urls.CHALLENGES, self._page("challenges.md.j2", "Challenges", "The challenges of healthcare foundation models: data, algorithms and computing infrastructure.", view=functools.partial(views.challenges_index, cat, linker))
        for c in CHALLENGES:
            yield urls.challenge_page(c.value), self._page("challenge.md.j2", f"{c.label} (challenge)", c.definition, view=functools.partial(views.challenge, cat, linker, c.value))
        yield urls.DIRECTIONS, self._page("future_directions.md.j2", "Future directions", "Where healthcare foundation models are heading, after the survey's Section VI.", view=functools.partial(views.future_directions, cat, linker))
        for a in cat.applications:
            yield urls.application_page(a.id), self._page("application.md.j2", a.name, a.description, view=functools.partial(views.application, cat, linker, a.id))
        yield urls.DATASET_EXPLORER, self._page("dataset_explorer.md.j2", "Datasets explorer", "Filter every dataset by subfield, modality, access, task and how papers use it.", hide=("toc",),
                                                src=self.linker.asset(urls.DATASET_EXPLORER, urls.DATASET_EXPLORER_DATA), total=len(cat.datasets),
                                                script=self.linker.asset(urls.DATASET_EXPLORER, "assets/dataset-explorer.js"),
                                                datasets=self.linker.asset(urls.DATASET_EXPLORER, "datasets") + "/",
                                                index=self.linker.href(urls.DATASET_EXPLORER, urls.DATASETS),
                                                view=lambda: {"rows": first_rows(dataset_explorer_data(cat))})
        yield urls.COMPARE, self._page("compare.md.j2", "Compare papers", "Two to four papers side by side: every field, the differences marked.", hide=("toc",), view=functools.partial(views.compare_page, cat, linker))
        yield urls.GAPS, self._page("gaps.md.j2", "Gap map", "Methods counted on two axes of the taxonomy, each cell a link to exactly those papers: where the field is thin.", hide=("toc",), view=functools.partial(views.gaps, cat, linker))
        yield urls.BENCHMARKS, self._page("benchmarks.md.j2", "Results: benchmarks", "Benchmark leaderboards: what the atlas's papers report, with the source of every number.", view=functools.partial(views.results_index, cat, linker))
        for b in cat.benchmarks:
            yield urls.benchmark_page(b.id), self._page("benchmark.md.j2", f"{b.name} (benchmark)", f"Leaderboard of {b.name}: {b.task}.", hide=("toc",), view=functools.partial(views.benchmark, cat, linker, b))
        yield SHELL_SRC, (shell_meta(), shell_body)

    def record_pages(self) -> list[RecordPage]:
        """Every dataset and paper page, without what fills it (see record_output): cheap to hold for 100,000 records."""
        dates: dict = {}  # one string per date added: most records share theirs

        def lastmod(added) -> str:
            return dates.get(added) or dates.setdefault(added, added.isoformat())
        return ([RecordPage(urls.dataset_page(d.id), lastmod(d.added), d) for d in self.cat.datasets]
                + [RecordPage(urls.paper_page(p.id), lastmod(p.added), p) for p in self.cat.papers])

    def record_body(self, page: RecordPage, bibtex: Mapping[str, str]) -> str:
        """The HTML body of a record page, for the shell (see record_pages.py)."""
        return self.record_output(page, bibtex).body

    def record_output(self, page: RecordPage, bibtex: Mapping[str, str]) -> RecordOutput:
        """What fills a record page's shell (its title, description, structured data and body)."""
        record = page.record
        url = self.site_url + self.linker.url(page.src)
        if isinstance(record, Dataset):
            data = jsonld.dataset(record, url)
            return RecordOutput(record.name, data["description"], jsonld.script(data),
                                self.env.get_template("dataset.md.j2").render(**views.dataset(self.cat, self.linker, record)))
        view = views.paper(self.cat, self.linker, record, bibtex[record.id])
        return RecordOutput(paperfacts.page_title(record), paperfacts.description(record), jsonld.script(jsonld.paper(record, url)),
                            self.env.get_template("paper.md.j2").render(**view))
