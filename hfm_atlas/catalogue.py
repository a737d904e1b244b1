"""The validated catalogue: records in a stable order, and the indexes pages need.

Indexes are built once per build (not per page), so that rendering one page never
scans the whole catalogue.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property

from .paperfacts import newest_first_key
from .models import DatasetUse, SurveyText
from .models import Application, Dataset, Paper
from .results import Benchmark, Result, ResultSet
from .taxonomy import Subfield


def newest_first(papers: list[Paper]) -> list[Paper]:
    """Year descending, then title: the order of every paper list on the site (newest_first_key).

    Sorted a year at a time, which gives the same order: a sort holds a key for every item at once, and
    for all 100,000 papers those keys (a casefolded title each) were 25-30 MB of the build's largest moments."""
    by_year: dict[int, list[Paper]] = defaultdict(list)
    for paper in papers:
        by_year[paper.year].append(paper)  # type: ignore[index]
    ordered: list[Paper] = []
    for year in sorted(by_year, reverse=True):
        ordered.extend(sorted(by_year[year], key=newest_first_key))
    return ordered


@dataclass
class Catalogue:
    papers: list[Paper] = field(default_factory=list)
    datasets: list[Dataset] = field(default_factory=list)
    applications: list[Application] = field(default_factory=list)
    survey_text: SurveyText | None = None  # data/survey.yaml: the survey's pillars and directions
    benchmarks: list[Benchmark] = field(default_factory=list)
    result_sets: list[ResultSet] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.papers = sorted(self.papers, key=lambda r: r.id)
        self.datasets = sorted(self.datasets, key=lambda r: r.id)
        self.applications = sorted(self.applications, key=lambda r: r.id)
        self.benchmarks = sorted(self.benchmarks, key=lambda r: r.id)
        self.result_sets = sorted(self.result_sets, key=lambda r: r.id)

    def __len__(self) -> int:
        return len(self.papers) + len(self.datasets) + len(self.applications) + len(self.benchmarks) + len(self.result_sets)

    @cached_property
    def paper_by_id(self) -> dict[str, Paper]:
        return {p.id: p for p in self.papers}

    @cached_property
    def dataset_by_id(self) -> dict[str, Dataset]:
        return {d.id: d for d in self.datasets}

    @cached_property
    def application_by_id(self) -> dict[str, Application]:
        return {a.id: a for a in self.applications}

    @cached_property
    def papers_by_subfield(self) -> dict[Subfield | None, list[Paper]]:
        """Papers per subfield, newest first; surveys spanning subfields under None."""
        groups: dict[Subfield | None, list[Paper]] = {s: [] for s in Subfield}
        groups[None] = []
        for p in self.papers:
            groups[p.subfield].append(p)
        return {s: newest_first(ps) for s, ps in groups.items()}

    @cached_property
    def surveys(self) -> list[Paper]:
        return newest_first([p for p in self.papers if p.kind == "survey"])

    @cached_property
    def datasets_by_subfield(self) -> dict[Subfield | None, list[Dataset]]:
        """Datasets per subfield; cross-subfield databases under None."""
        groups: dict[Subfield | None, list[Dataset]] = {s: [] for s in Subfield}
        groups[None] = []
        for d in self.datasets:
            groups[d.subfield].append(d)
        return {s: sorted(ds, key=lambda d: d.name.casefold()) for s, ds in groups.items()}

    @cached_property
    def used_by(self) -> dict[str, list[Paper]]:
        """Dataset id -> papers that list it, newest first."""
        return {d: [p for p, _ in uses] for d, uses in self.uses_of.items()}

    @cached_property
    def uses_of(self) -> dict[str, list[tuple[Paper, DatasetUse]]]:
        """Dataset id -> (paper, how it used the data), newest paper first."""
        index: dict[str, list[tuple[Paper, DatasetUse]]] = defaultdict(list)
        for p in newest_first(self.papers):
            for d in p.datasets:
                if d.id is not None:
                    index[d.id].append((p, d))
        return dict(index)

    @cached_property
    def papers_by_challenge(self) -> dict[str, list[Paper]]:
        index: dict[str, list[Paper]] = defaultdict(list)
        for p in self.papers:
            for c in p.challenges:
                index[c.value].append(p)
        return {c: newest_first(ps) for c, ps in index.items()}

    @cached_property
    def papers_by_application(self) -> dict[str, list[Paper]]:
        index: dict[str, list[Paper]] = defaultdict(list)
        for p in self.papers:
            for a in p.applications:
                index[a].append(p)
        return {a: newest_first(ps) for a, ps in index.items()}

    @cached_property
    def benchmark_by_id(self) -> dict[str, Benchmark]:
        return {b.id: b for b in self.benchmarks}

    @cached_property
    def reported(self) -> list[Reported]:
        """Every reported number with its set, in file order (checks have dropped those that do not resolve)."""
        return [Reported(s, r) for s in self.result_sets for r in s.results
                if r.benchmark in self.benchmark_by_id and s.paper in self.paper_by_id]

    @cached_property
    def results_by_benchmark(self) -> dict[str, list[Reported]]:
        index: dict[str, list[Reported]] = defaultdict(list)
        for x in self.reported:
            index[x.result.benchmark].append(x)
        return dict(index)

    @cached_property
    def results_by_paper(self) -> dict[str, list[Reported]]:
        """Paper id -> the numbers it reports and the numbers others report about its method."""
        index: dict[str, list[Reported]] = defaultdict(list)
        for x in self.reported:
            index[x.set.paper].append(x)
            if x.result.method and x.result.method != x.set.paper:
                index[x.result.method].append(x)
        return dict(index)

    @cached_property
    def benchmarks_by_dataset(self) -> dict[str, list[Benchmark]]:
        index: dict[str, list[Benchmark]] = defaultdict(list)
        for b in self.benchmarks:
            index[b.dataset].append(b)
        return dict(index)


@dataclass(frozen=True)
class Reported:
    """One number with the result set (the reporting paper and source) it belongs to."""

    set: ResultSet
    result: Result

    @property
    def by_other(self) -> bool:
        """True when the paper reports a number about another work's method (a baseline)."""
        return self.result.method != self.set.paper
