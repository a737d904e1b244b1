"""Reported results: the benchmarks index, one leaderboard per benchmark, a paper's results."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from .. import urls
from ..catalogue import Catalogue, Reported
from ..charts import best_over_time
from ..results import Benchmark
from ..taxonomy import SETTING_MODES, SUBFIELDS, Direction
from .common import Link


def value_text(value: float) -> str:
    """The number as the record holds it: 86.5, 0.853, 70.0 (no rounding, no exponent)."""
    text = repr(value)
    return text if "e" not in text else f"{value:f}".rstrip("0").rstrip(".")


@dataclass(frozen=True)
class ResultRow:
    benchmark: Link
    method: Link  # href empty when the atlas has no record of the method
    in_atlas: bool
    variant: str
    setting: str  # the setting's label ("5-shot, CoT")
    mode: str  # the setting's mode (the filter's value)
    metric: str  # metric id (the filter's value)
    metric_name: str
    value: str
    sort_value: float  # the value signed so that a larger sort value is better
    reported_by: Link
    by_other: bool  # the reporting paper reports another work's method
    year: int
    source: Link
    best: bool = False


def _row(cat: Catalogue, linker: urls.Linker, page: str, x: Reported, best: bool = False) -> ResultRow:
    r, s = x.result, x.set
    bench = cat.benchmark_by_id[r.benchmark]
    metric = bench.metric(r.metric)
    method = cat.paper_by_id.get(r.method) if r.method else None
    reporter = cat.paper_by_id[s.paper]
    url, where = s.location(r)
    return ResultRow(
        benchmark=Link(bench.name, linker.href(page, urls.benchmark_page(bench.id))),
        method=Link(method.short_name or method.title, linker.href(page, urls.paper_page(method.id))) if method
        else Link(r.method_name or "", ""),
        in_atlas=method is not None,
        variant=r.variant or "", setting=r.setting.label, mode=r.setting.mode.value,
        metric=r.metric, metric_name=metric.name if metric else r.metric, value=value_text(r.value),
        sort_value=r.value if metric is None or metric.direction is Direction.HIGHER else -r.value,
        reported_by=Link(reporter.short_name or reporter.title, linker.href(page, urls.paper_page(reporter.id))),
        by_other=x.by_other, year=reporter.year,
        source=Link(f"{where}" if where else "source", url), best=best)


def best_keys(bench: Benchmark, reported: list[Reported]) -> set[int]:
    """The ids of the best result per (metric, setting): the marks on a leaderboard."""
    best: dict[tuple, Reported] = {}
    for x in reported:
        metric = bench.metric(x.result.metric)
        sign = 1 if metric is None or metric.direction is Direction.HIGHER else -1
        key = (x.result.metric, x.result.setting.label)
        if key not in best or sign * x.result.value > sign * best[key].result.value:
            best[key] = x
    return {id(x) for x in best.values()}


def _ranked(bench: Benchmark, reported: list[Reported]) -> list[Reported]:
    """Default metric first, then by value (best first), then by reporting paper: a stable, meaningful order."""
    order = {m.id: i for i, m in enumerate(bench.metrics)}

    def key(x: Reported):
        metric = bench.metric(x.result.metric)
        sign = -1 if metric is None or metric.direction is Direction.HIGHER else 1
        return (order.get(x.result.metric, 99), sign * x.result.value, x.set.paper, x.result.method or x.result.method_name or "")
    return sorted(reported, key=key)


def benchmark(cat: Catalogue, linker: urls.Linker, bench: Benchmark) -> dict:
    page = urls.benchmark_page(bench.id)
    reported = cat.results_by_benchmark.get(bench.id, [])
    marks = best_keys(bench, reported)
    rows = [_row(cat, linker, page, x, id(x) in marks) for x in _ranked(bench, reported)]
    dataset = cat.dataset_by_id[bench.dataset]
    settings = sorted({(r.mode, r.setting) for r in rows})
    return {
        "bench": bench, "rows": rows,
        "dataset": Link(dataset.name, linker.href(page, urls.dataset_page(dataset.id))),
        "subfield": Link(f"{SUBFIELDS.label(bench.subfield)} ({bench.subfield.value})", linker.href(page, urls.subfield_page(bench.subfield))),
        "metrics": [(m.id, m.name, m.direction.label, f"{m.range[0]:g} to {m.range[1]:g}" + (f" {m.unit}" if m.unit else "")) for m in bench.metrics],
        "modes": [(t.value, t.label) for t in SETTING_MODES if any(r.mode == t.value for r in rows)],
        "settings": [label for _, label in settings],
        "papers": len({x.set.paper for x in reported}),
        "chart": best_over_time(bench, reported, {p: cat.paper_by_id[p].year for p in {x.set.paper for x in reported}}),
        "index": linker.href(page, urls.BENCHMARKS),
    }


@dataclass(frozen=True)
class BenchmarkRow:
    link: Link
    dataset: Link
    task: str
    metrics: str
    results: int
    methods: int
    papers: int


def results_index(cat: Catalogue, linker: urls.Linker) -> dict:
    page = urls.BENCHMARKS
    groups = defaultdict(list)
    for b in cat.benchmarks:
        reported = cat.results_by_benchmark.get(b.id, [])
        d = cat.dataset_by_id[b.dataset]
        groups[b.subfield].append(BenchmarkRow(
            Link(b.name, linker.href(page, urls.benchmark_page(b.id))), Link(d.name, linker.href(page, urls.dataset_page(d.id))),
            b.task, ", ".join(m.name for m in b.metrics), len(reported),
            len({(x.result.method or x.result.method_name or "").casefold() for x in reported}), len({x.set.paper for x in reported})))
    return {
        "groups": [(f"{sf.label} ({sf.value})", sorted(groups[sf], key=lambda r: r.link.text.casefold())) for sf in SUBFIELDS if groups.get(sf)],
        "results": len(cat.reported), "benchmarks": len(cat.benchmarks), "papers": len({x.set.paper for x in cat.reported}),
        "modes": [(t.label, t.definition) for t in SETTING_MODES],
    }


def paper_results(cat: Catalogue, linker: urls.Linker, page: str, paper_id: str) -> tuple[list[ResultRow], list[ResultRow]]:
    """(numbers this paper reports, numbers other papers report about its method), by benchmark."""
    own, others = [], []
    for x in cat.results_by_paper.get(paper_id, []):
        (own if x.set.paper == paper_id else others).append(x)

    def order(xs: list[Reported]) -> list[ResultRow]:
        """By benchmark, then as its leaderboard ranks them (metric, best first), then by setting."""
        rows = []
        for name, bench in sorted({(cat.benchmark_by_id[x.result.benchmark].name.casefold(), x.result.benchmark) for x in xs}):
            ranked = _ranked(cat.benchmark_by_id[bench], [x for x in xs if x.result.benchmark == bench])
            rows += [_row(cat, linker, page, x) for x in ranked]
        return rows
    return order(own), order(others)


def dataset_benchmarks(cat: Catalogue, linker: urls.Linker, page: str, dataset_id: str) -> list[tuple[Link, int]]:
    return [(Link(b.name, linker.href(page, urls.benchmark_page(b.id))), len(cat.results_by_benchmark.get(b.id, [])))
            for b in cat.benchmarks_by_dataset.get(dataset_id, [])]
