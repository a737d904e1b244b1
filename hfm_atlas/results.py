"""Reported results: benchmarks (data/benchmarks) and what papers report on them (data/results).

A benchmark is a dataset, a task and a split with the metrics read on it, each metric's
direction and range stated once. A result set is one paper's numbers: every number names the
method it is about (an atlas record, or a name for a method the atlas lacks), the benchmark,
the metric, the setting, and where in the source it was read. Numbers are copied, never computed.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import Field, model_validator

from .facts import Source
from .fields import Name, Paragraph, Slug, Strict, Url, empty_list
from .taxonomy import Direction, SettingMode, Subfield


class Metric(Strict):
    id: Slug = Field(description="The metric as results name it, e.g. accuracy, dice, auroc, bleu-4.", examples=["accuracy"])
    name: Name = Field(description="Its display name, e.g. Accuracy, Dice, AUROC.")
    direction: Direction = Field(description="higher or lower is better.")
    range: tuple[float, float] = Field(description="The values a result may take, e.g. [0, 100] for a percentage, [0, 1] for a fraction.", examples=[[0, 100]])
    unit: Name | None = Field(None, description="The unit values are written in, e.g. % (empty for a fraction or a score).")

    @model_validator(mode="after")
    def _range_ordered(self) -> Metric:
        if self.range[0] >= self.range[1]:
            raise ValueError(f"range: [{self.range[0]}, {self.range[1]}] must go from low to high")
        return self


class Benchmark(Strict):
    id: Slug = Field(description="Lowercase slug, equal to the file name without .yaml.", examples=["medqa-usmle"])
    name: Name = Field(description="The benchmark's name as papers print it, e.g. MedQA (USMLE, 4 options).")
    dataset: Slug = Field(description="The atlas dataset record the benchmark is built on (data/datasets/<id>.yaml).")
    subfield: Subfield = Field(description="LFM, VFM, BFM or MFM: the subfield whose methods report on it.")
    task: Name = Field(description="What is measured, in words, e.g. Multiple-choice question answering.")
    split: Name | None = Field(None, description="The split results are read on, e.g. test (1,273 questions).")
    description: Paragraph | None = Field(None, description="What the benchmark tests and how it differs from its relatives, in a sentence or two.")
    link: Url | None = Field(None, description="Where the benchmark is defined or downloaded.")
    metrics: list[Metric] = Field(min_length=1, description="The metrics results report on it; the first is the leaderboard's default.")
    added: dt.date = Field(description="Date the record was added to the atlas (YYYY-MM-DD).")

    @model_validator(mode="after")
    def _metrics_once(self) -> Benchmark:
        ids = [m.id for m in self.metrics]
        if len(ids) != len(set(ids)):
            raise ValueError("metrics: a metric id is listed twice")
        return self

    def metric(self, metric_id: str) -> Metric | None:
        return next((m for m in self.metrics if m.id == metric_id), None)


class Setting(Strict):
    mode: SettingMode = Field(description="zero-shot, few-shot, fine-tuned, linear-probe, knn or few-shot-trained.")
    shots: Annotated[int, Field(ge=1, le=10000)] | None = Field(None, description="How many solved examples (few-shot) or labelled examples per class (few-shot-trained).")
    chain_of_thought: bool | None = Field(None, description="true when the prompt asked for step-by-step reasoning, false when the paper says it did not; empty when it does not distinguish.")
    ensemble: Name | None = Field(None, description="Ensembling or sampling the paper names, e.g. self-consistency (11 samples), ensemble refinement.")

    @model_validator(mode="after")
    def _shots_fit_mode(self) -> Setting:
        if self.mode is SettingMode.FEW_SHOT and self.shots is None:
            raise ValueError("shots: is required for a few-shot setting (how many examples were in the prompt)")
        if self.mode in (SettingMode.ZERO_SHOT, SettingMode.FINE_TUNED, SettingMode.LINEAR_PROBE, SettingMode.KNN) and self.shots is not None:
            raise ValueError(f"shots: does not apply to a {self.mode.value} setting")
        return self

    @property
    def key(self) -> tuple:
        return (self.mode.value, self.shots, self.chain_of_thought, self.ensemble)

    @property
    def label(self) -> str:
        text = f"{self.shots}-shot" if self.mode is SettingMode.FEW_SHOT else self.mode.label
        if self.mode is SettingMode.FEW_SHOT_TRAINED and self.shots:
            text += f" ({self.shots} per class)"
        if self.chain_of_thought:
            text += ", CoT"
        if self.ensemble:
            text += f", {self.ensemble}"
        return text


class Result(Strict):
    benchmark: Slug = Field(description="The benchmark record (data/benchmarks/<id>.yaml).")
    method: Slug | None = Field(None, description="The atlas record of the method the number is about (it may be another paper's method, e.g. a baseline).")
    method_name: Name | None = Field(None, description="The method as the source names it, when the atlas has no record of it (e.g. GPT-4).")
    variant: Name | None = Field(None, description="Which size or version of the method, as the source names it, e.g. 7B, ViT-L, Med-PaLM 2 (ER).")
    metric: Slug = Field(description="One of the benchmark's metric ids.")
    value: float = Field(description="The number as the source prints it, in the metric's unit.")
    setting: Setting = Field(description="How the number was obtained: zero-shot, k-shot, fine-tuned, linear probe; chain-of-thought and ensembling where the source distinguishes them.")
    where: Name | None = Field(None, description="Where in the source the number is printed: Table 3, Figure 2, abstract, model card. Required unless the result set's source gives it.")
    url: Url | None = Field(None, description="The page the number was read on, when it is not the result set's source.")

    @model_validator(mode="after")
    def _one_method(self) -> Result:
        if (self.method is None) == (self.method_name is None):
            raise ValueError("method: give either method (an atlas id) or method_name (a method the atlas lacks), not both or neither")
        return self


class ResultSet(Strict):
    id: Slug = Field(description="Lowercase slug, equal to the file name without .yaml; by convention the reporting paper's id, with a suffix when it has several sets.", examples=["med-palm-2"])
    paper: Slug = Field(description="The atlas paper that reports these numbers.")
    source: Source = Field(description="Where the numbers were read: the paper, its repository or model card, and the place when all come from one table.")
    results: list[Result] = Field(min_length=1, description="The numbers, one entry each.")
    notes: list[Paragraph] = Field(default_factory=empty_list, description="Anything a reader needs to compare these numbers (curated).")
    added: dt.date = Field(description="Date the record was added to the atlas (YYYY-MM-DD).")

    def location(self, result: Result) -> tuple[str, str]:
        """(url, place) where a result was read."""
        return (result.url or self.source.url, result.where or self.source.where or "")


RESULT_CSV_COLUMNS = ("benchmark", "dataset", "reported_by", "method", "method_name", "variant", "metric", "direction", "value", "unit",
                      "setting", "shots", "chain_of_thought", "ensemble", "source_url", "source_where")


def results_csv(benchmarks: dict[str, Benchmark], sets: list[ResultSet]) -> str:
    """Every reported number, one row each, with its source: the CSV download."""
    import csv
    import io

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(RESULT_CSV_COLUMNS)
    for s in sets:
        for r in s.results:
            bench = benchmarks.get(r.benchmark)
            metric = bench.metric(r.metric) if bench else None
            url, where = s.location(r)
            cot = "" if r.setting.chain_of_thought is None else str(r.setting.chain_of_thought).lower()
            writer.writerow([r.benchmark, bench.dataset if bench else "", s.paper, r.method or "", r.method_name or "", r.variant or "",
                             r.metric, metric.direction.value if metric else "", repr(r.value), (metric.unit or "") if metric else "",
                             r.setting.mode.value, r.setting.shots or "", cot, r.setting.ensemble or "", url, where])
    return out.getvalue()
