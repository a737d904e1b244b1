"""The catalogue's numbers, computed once from the records: the CLI's `stats`, the
statistics page and the charts all read them from here.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field

from .catalogue import Catalogue
from .models import Paper
from .taxonomy import ADAPTATION, PRETRAINING, SUBFIELDS, LabelSource, Pretraining

SURVEY_CORPUS_END = (2024, 2)  # year, month: the survey's corpus runs to February 2024 (sources README)
SELF_SUPERVISED = (Pretraining.GL.value, Pretraining.CL.value, Pretraining.HL.value)  # the survey's self-supervised paradigms


@dataclass
class SubfieldStats:
    methods: int = 0
    pretraining: dict[str, int] = field(default_factory=dict)  # GL, CL, HL, SL, none -> methods
    adaptation: dict[str, int] = field(default_factory=dict)  # FT, AT, PE -> methods that use it


@dataclass
class Stats:
    scope: str
    papers: int
    methods: int
    surveys: int
    datasets: int
    by_subfield: dict[str, SubfieldStats]
    by_year: dict[int, dict[str, int]]  # year -> subfield -> papers (methods only)
    label_sources: dict[str, int]
    no_pretraining_share: float  # observation 1: methods that adapt an existing model
    self_supervised_share: float  # observation 3: GL/CL/HL among methods that pre-train
    fine_tuning_share: float  # observation 5: methods that use FT

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class Counts:
    """How often each vocabulary term occurs, counted in one pass: the one source of every count on the site.

    `papers` counts over all papers, `methods` over labelled methods (kind method with a pre-training
    label), `datasets` over datasets; each maps a facet name (subfield, pre, preMethods, ada,
    adaMethods, modalities, label_source, kind, access) to a Counter of term values.
    """

    papers: dict[str, Counter]
    methods: dict[str, Counter]
    datasets: dict[str, Counter]


def _term_counts(papers: list[Paper]) -> dict[str, Counter]:
    """Each paper facet's term counts over `papers` (values in the order each first occurs): the values gathered
    in one pass over the papers, then counted by Counter in C. `_value_` is a member's value without Enum's
    property.

    (It was one Counter per paper and facet, updated in turn: at 100,000 papers, 1.6 million Counters and most
    of the 3.5 s the first page to ask for the counts took. A comprehension per facet, touching every paper eight
    times, took 1.06 s there; one pass, 0.52 s.)"""
    kind: list[str] = []
    subfield: list[str] = []
    pre: list[str] = []
    pre_methods: list[str] = []
    ada: list[str] = []
    ada_methods: list[str] = []
    modalities: list[str] = []
    label_source: list[str] = []
    for p in papers:
        kind.append(p.kind._value_)
        if p.subfield:
            subfield.append(p.subfield._value_)
        pretraining = p.pretraining
        if pretraining:
            pre.append(pretraining.paradigm._value_)
            pre_methods.extend([m._value_ for m in pretraining.methods])
        for a in p.adaptation:
            ada.append(a.paradigm._value_)
            if a.method:
                ada_methods.append(a.method._value_)
        modalities.extend([m._value_ for m in p.modalities])
        if p.label_source:
            label_source.append(p.label_source._value_)
    return {"kind": Counter(kind), "subfield": Counter(subfield), "pre": Counter(pre), "preMethods": Counter(pre_methods),
            "ada": Counter(ada), "adaMethods": Counter(ada_methods), "modalities": Counter(modalities),
            "label_source": Counter(label_source)}


def _labelled_methods(papers: list[Paper]) -> list[Paper]:
    """The methods with a pre-training label: what the taxonomy's counts and figures are of."""
    return [p for p in papers if p.kind == "method" and p.pretraining is not None]


def counts(catalogue: Catalogue) -> Counts:
    """The catalogue's term counts (computed once per catalogue and kept on it)."""
    cached = catalogue.__dict__.get("_counts")
    if cached is not None:
        return cached
    papers = _term_counts(catalogue.papers)
    labelled = _labelled_methods(catalogue.papers)
    methods = _term_counts(labelled)  # every facet, empty ones too: the taxonomy's tree reads each by name
    datasets: dict[str, Counter] = {"modalities": Counter(), "access": Counter(), "subfield": Counter()}
    for d in catalogue.datasets:
        datasets["modalities"].update(m.value for m in d.modalities)
        datasets["access"][d.access.value] += 1
        datasets["subfield"][d.subfield.value if d.subfield else "database"] += 1
    result = Counts(papers, methods, datasets)
    catalogue.__dict__["_counts"] = result
    return result


def _share(part: int, whole: int) -> float:
    return round(part / whole, 4) if whole else 0.0


def compute(catalogue: Catalogue, scope: str = "all") -> Stats:
    """Numbers over all records (scope "all"), the survey's table methods only ("survey"), or the work the
    atlas added since the survey ("since-survey": records with in_survey false)."""
    papers = catalogue.papers
    if scope == "since-survey":
        papers = [p for p in papers if not p.in_survey]
    methods = _labelled_methods(papers)
    if scope == "survey":
        methods = [p for p in methods if p.label_source is LabelSource.SURVEY]
        papers = methods
    # One pass over the methods (it was a pass per subfield and a Counter per paper: 5.5 s at 100,000 papers).
    pre_of = {sf: Counter() for sf in SUBFIELDS.values}
    ada_of = {sf: Counter() for sf in SUBFIELDS.values}
    mine = Counter()
    years: dict[int, Counter] = {}
    total_pre: Counter = Counter()
    with_ft = 0
    for p in methods:
        paradigm = p.pretraining.paradigm._value_  # _value_: the member's value without Enum's property
        adapted = [a.paradigm._value_ for a in p.adaptation]
        total_pre[paradigm] += 1
        with_ft += "FT" in adapted
        if p.subfield:  # a draft method may lack one: it counts in the totals only
            sf = p.subfield._value_
            mine[sf] += 1
            pre_of[sf][paradigm] += 1
            ada_of[sf].update(adapted)
            year = years.get(p.year)
            if year is None:
                year = years[p.year] = Counter()
            year[sf] += 1
    by_subfield = {sf: SubfieldStats(methods=mine[sf], pretraining={v: pre_of[sf].get(v, 0) for v in PRETRAINING.values},
                                     adaptation={v: ada_of[sf].get(v, 0) for v in ADAPTATION.values})
                   for sf in SUBFIELDS.values}
    by_year = {y: {sf: years[y].get(sf, 0) for sf in SUBFIELDS.values} for y in sorted(years)}
    pretrained = sum(n for v, n in total_pre.items() if v != Pretraining.NONE)
    return Stats(
        scope=scope,
        papers=len(papers),
        methods=len(methods),
        surveys=sum(p.kind == "survey" for p in papers),
        datasets=len(catalogue.datasets),
        by_subfield=by_subfield,
        by_year=by_year,
        label_sources=dict(sorted(Counter(p.label_source.value for p in methods if p.label_source).items())),
        no_pretraining_share=_share(total_pre["none"], len(methods)),
        self_supervised_share=_share(sum(total_pre[v] for v in SELF_SUPERVISED), pretrained),
        fine_tuning_share=_share(with_ft, len(methods)),
    )


def format_text(stats: Stats) -> str:
    """A plain-text report of `stats` for the terminal."""
    head = {"all": "All records", "survey": "The survey's Tables I-IV (records with label_source: survey)",
            "since-survey": "Since the survey (records with in_survey: false, added from March 2024 on)"}[stats.scope]
    lines = [head, f"  papers {stats.papers}, methods {stats.methods}, surveys {stats.surveys}, datasets {stats.datasets}", ""]
    pre_cols = PRETRAINING.values
    ada_cols = ADAPTATION.values
    lines.append(f"  {'subfield':<9}{'methods':>8} | " + " ".join(f"{c:>5}" for c in pre_cols) + " | " + " ".join(f"{c:>4}" for c in ada_cols))
    for sf, s in stats.by_subfield.items():
        lines.append(f"  {sf:<9}{s.methods:>8} | " + " ".join(f"{s.pretraining[c]:>5}" for c in pre_cols)
                     + " | " + " ".join(f"{s.adaptation[c]:>4}" for c in ada_cols))
    lines += ["", "  methods per year: " + ", ".join(f"{y}: {sum(v.values())}" for y, v in stats.by_year.items()), ""]
    lines.append(f"  no own pre-training (observation 1): {stats.no_pretraining_share:.1%} of methods")
    lines.append(f"  self-supervised (GL/CL/HL) among methods that pre-train (observation 3): {stats.self_supervised_share:.1%}")
    lines.append(f"  use fine-tuning (observation 5): {stats.fine_tuning_share:.1%} of methods")
    if stats.label_sources:
        lines.append("  label sources: " + ", ".join(f"{k} {v}" for k, v in stats.label_sources.items()))
    return "\n".join(lines)


@dataclass(frozen=True)
class ResultCounts:
    """The reported results the atlas holds: numbers, benchmarks with a number, the papers that report them."""

    results: int
    benchmarks: int  # benchmark records
    benchmarks_with_results: int
    papers: int  # papers that report at least one number
    methods: int  # distinct methods (atlas records and named ones) with a number
    by_subfield: dict[str, dict[str, int]]  # subfield -> {"benchmarks": n, "results": n}

    def as_dict(self) -> dict:
        return asdict(self)


def result_counts(catalogue: Catalogue) -> ResultCounts:
    by_bench = catalogue.results_by_benchmark
    by_subfield = {sf.value: {"benchmarks": 0, "results": 0} for sf in SUBFIELDS}
    for b in catalogue.benchmarks:
        if by_bench.get(b.id):
            by_subfield[b.subfield.value]["benchmarks"] += 1
            by_subfield[b.subfield.value]["results"] += len(by_bench[b.id])
    reported = catalogue.reported
    return ResultCounts(
        results=len(reported), benchmarks=len(catalogue.benchmarks), benchmarks_with_results=len(by_bench),
        papers=len({x.set.paper for x in reported}),
        methods=len({x.result.method or f"name:{(x.result.method_name or '').casefold()}" for x in reported}),
        by_subfield=by_subfield)


def format_results(counts: ResultCounts) -> str:
    per = ", ".join(f"{sf} {v['benchmarks']} ({v['results']} results)" for sf, v in counts.by_subfield.items())
    return ("Reported results\n"
            f"  results: {counts.results} from {counts.papers} papers, about {counts.methods} methods\n"
            f"  benchmarks: {counts.benchmarks_with_results} with results (of {counts.benchmarks} records)\n"
            f"  benchmarks with results per subfield: {per}")
