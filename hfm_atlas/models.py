"""Record schemas: one pydantic model per record type, the contract of data/*/<id>.yaml.

Field names are read by other tools (exports, the explorer, CI checks); rename none
without a migration. Every field carries a description: the JSON Schema, the field
reference page and the CLI help are generated from these models.
"""

from __future__ import annotations

import datetime as dt
import types
import typing
from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field, StringConstraints, ValidationError, model_validator

from .taxonomy import (
    METHODS_OF_ADAPTATION,
    METHODS_OF_PARADIGM,
    Access,
    Adaptation,
    AdaptationMethod,
    Challenge,
    DatasetKind,
    Kind,
    LabelSource,
    Modality,
    Pretraining,
    PretrainingMethod,
    Subfield,
)

from .fields import (  # noqa: F401 - re-exported: other modules import the patterns from here
    ARXIV_PATTERN, DOI_PATTERN, SCHEMA_VERSION, SLUG_PATTERN, Line, Name, Paragraph, Ref, Slug, Strict, Url, empty_list,
)
from .results import Benchmark, ResultSet  # noqa: E402
from .facts import FACT_FIELDS, Source, BaseModels, DatasetUse, Licence, Parameters, TrainingData, Weights


class PaperLinks(Strict):
    paper: Url | None = Field(None, description="The paper's landing page; prefer the abstract page over a PDF.", examples=["https://arxiv.org/abs/1901.08746"])
    code: Url | None = Field(None, description="Source code or released weights.", examples=["https://github.com/dmis-lab/biobert"])
    code_official: bool | None = Field(
        None, description="false when the code link is not the authors' own (a community re-implementation); pages then say \"Code (unofficial)\". Leave empty for the authors' code.")
    arxiv: Annotated[str, StringConstraints(pattern=ARXIV_PATTERN)] | None = Field(
        None, description="arXiv identifier without version, e.g. 2404.03264.", examples=["2404.03264"])
    doi: Annotated[str, StringConstraints(pattern=DOI_PATTERN, max_length=200)] | None = Field(
        None, description="DOI without the https://doi.org/ prefix.", examples=["10.1093/bioinformatics/btz682"])


class PretrainingLabel(Strict):
    paradigm: Pretraining = Field(description="Pre-training paradigm: GL, CL, HL, SL, or none when the work adapts an existing pre-trained model.")
    methods: list[PretrainingMethod] = Field(
        default_factory=empty_list,
        description="Sub-types of the paradigm (curated: the survey's tables give none per paper). GL admits the *-prediction types, CL the *-discrimination types, HL any; SL and none admit none.")

    @model_validator(mode="after")
    def _methods_fit_paradigm(self) -> PretrainingLabel:
        allowed = METHODS_OF_PARADIGM[self.paradigm]
        wrong = [m.value for m in self.methods if m not in allowed]
        if wrong:
            raise ValueError(f"methods: {', '.join(wrong)} is not a sub-type of {self.paradigm.value}"
                             + (f"; allowed: {', '.join(sorted(allowed))}" if allowed else " (it admits no sub-types)"))
        return self


class AdaptationLabel(Strict):
    paradigm: Adaptation = Field(description="Adaptation paradigm: FT (fine-tuning), AT (adapter tuning) or PE (prompt engineering).")
    method: AdaptationMethod | None = Field(None, description="Sub-type of the paradigm (curated), e.g. reparameterization for LoRA.")

    @model_validator(mode="after")
    def _method_fits_paradigm(self) -> AdaptationLabel:
        if self.method is not None and self.method not in METHODS_OF_ADAPTATION[self.paradigm]:
            allowed = ", ".join(sorted(METHODS_OF_ADAPTATION[self.paradigm]))
            raise ValueError(f"method: {self.method.value} is not a sub-type of {self.paradigm.value}; allowed: {allowed}")
        return self


class SurveyRef(Strict):
    table: Literal["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX"] = Field(description="The survey table (Roman numeral) that lists this record.")
    ref: list[Annotated[int, Field(ge=1, le=999)]] = Field(default_factory=empty_list, description="The survey's reference number(s) for this record.")
    name: Name | None = Field(None, description="The name exactly as the survey's table prints it, slips included.")


class Note(Strict):
    kind: Literal["correction", "disagreement", "curation"] = Field(
        description="correction: where the record differs from the source list and why; disagreement: a curator's view that differs from the survey's label (the label itself stays the survey's); curation: any other curated judgement.")
    text: Paragraph = Field(description="The note, in plain text.")


class Paper(Strict):
    id: Slug = Field(description="Lowercase slug, equal to the file name without .yaml.", examples=["biobert-2019"])
    title: Line = Field(description="Full title with its capitalisation repaired (\"PMC-LLaMA\", not \"Pmc-llama\").")
    short_name: Name | None = Field(None, description="The method's name as the survey's tables print it, obvious slips repaired.", examples=["BioBERT"])
    year: Annotated[int, Field(ge=1950, le=2100)] | None = Field(
        None, description="Year of the version the atlas cites (journal or proceedings year where published). Required, except in a draft "
                          "whose source gave none: such a draft is listed by validate and not published until it has one.", examples=[2020])
    venue: Name | None = Field(None, description="Journal, conference or preprint server in its controlled spelling, e.g. Bioinformatics, NeurIPS, arXiv. Leave empty when unknown rather than guess.", examples=["Bioinformatics"])
    subfield: Subfield | None = Field(None, description="LFM, VFM, BFM or MFM; may be empty only for a survey that spans subfields.")
    kind: Kind = Field(Kind.METHOD, description="method (builds or adapts a model) or survey.")
    authors: list[Name] = Field(default_factory=empty_list, description="Authors in order, as printed; leave empty rather than guess.")
    links: PaperLinks = Field(default_factory=PaperLinks, description="Where to read the paper and find its code.")
    pretraining: PretrainingLabel | None = Field(None, description="Pre-training paradigm and its sub-types. Required for methods unless label_source is draft.")
    adaptation: list[AdaptationLabel] = Field(default_factory=empty_list, description="Adaptation paradigms used (several allowed), each with an optional sub-type.")
    label_source: LabelSource | None = Field(None, description="Who assigned the paradigm labels: survey (its Tables I-IV), curated (an atlas curator), or draft (needs review). Required for methods.")
    survey: SurveyRef | None = Field(None, description="Where the survey's tables list this paper, when they do.")
    in_survey: bool = Field(False, description="true when the survey (its tables or its authors' list) covers this paper; false for work the atlas added since.")
    backbone: Name | None = Field(None, description="Backbone architecture, e.g. BERT, LLaMA-2, ViT (SAM).")
    tasks: list[Name] = Field(default_factory=empty_list, description="Downstream tasks, as the survey's table codes them (NER, RE, QA, SEG, ...).")
    modalities: list[Modality] = Field(default_factory=empty_list, description="Data modalities the model works on.")
    applications: list[Ref] = Field(default_factory=empty_list, description="Ids of application records (data/applications) the work serves.")
    datasets: list[DatasetUse] = Field(default_factory=empty_list, description="The data the work used, each with its role(s): pretrain, finetune, evaluate, and the evidence.")
    challenges: list[Challenge] = Field(default_factory=empty_list, description="The survey's challenges (Sec. V) the work addresses, as curated.")
    weights: Weights | None = Field(None, description="Can I get it: where the weights are and on what terms (methods only).")
    licence: Licence | None = Field(None, description="May I use it: the licence of the weights (or of the code, said in source.where).")
    parameters: Parameters | None = Field(None, description="How big it is: the parameter count(s) as stated.")
    base_models: BaseModels | None = Field(None, description="What it was initialised from or adapts.")
    pretraining_data: TrainingData | None = Field(None, description="How much data it was (pre-)trained on, in the paper's own unit.")
    summary: Paragraph | None = Field(None, description="One sentence on what the work does.")
    notes: list[Note] = Field(default_factory=empty_list, description="Corrections to the source list and curated judgements, shown on the paper's page.")
    added: dt.date = Field(description="Date the record was added to the atlas (YYYY-MM-DD).", examples=["2026-11-28"])

    @model_validator(mode="wrap")
    @classmethod
    def _year_unless_draft(cls, data: Any, handler: Any) -> Paper:
        """A year is required, except in a draft: reported as a missing field, beside every other error of the record."""
        missing = isinstance(data, dict) and data.get("year") is None and data.get("label_source") != LabelSource.DRAFT.value
        error = {"type": "missing", "loc": ("year",), "input": data}
        try:
            record = handler(data)
        except ValidationError as exc:
            if missing and not any(e["loc"][:1] == ("year",) for e in exc.errors()):
                raise ValidationError.from_exception_data(exc.title, [*exc.errors(), error]) from None
            raise
        if missing:
            raise ValidationError.from_exception_data(cls.__name__, [error])
        return record

    @model_validator(mode="after")
    def _one_source_per_citation(self) -> Paper:
        """Equal evidence in one paper is one object: its dataset uses mostly cite the same page and table (records
        are frozen, so nothing can tell; 100,000 synthetic papers hold 150,000 dataset uses)."""
        uses = self.datasets
        if len(uses) > 1:
            first: dict[tuple[str, str | None], Any] = {}
            for use in uses:
                source = use.source
                if source is not None:
                    shared = first.setdefault((source.url, source.where), source)
                    if shared is not source:
                        object.__setattr__(use, "source", shared)  # the frozen model's own value, replaced by an equal one
        return self

    @model_validator(mode="after")
    def _method_is_labelled(self) -> Paper:
        if self.subfield is None and self.kind is Kind.METHOD and self.label_source is not LabelSource.DRAFT:
            raise ValueError("subfield: is required for a method (only a survey may span subfields, and a draft may lack one)")
        if self.kind is Kind.METHOD:
            if self.label_source is None:
                raise ValueError("label_source: is required for a method (survey, curated or draft)")
            if self.label_source is not LabelSource.DRAFT:
                if self.pretraining is None:
                    raise ValueError("pretraining: is required for a labelled method (set label_source: draft while it needs review)")
                if not self.adaptation:
                    raise ValueError("adaptation: needs at least one paradigm for a labelled method (set label_source: draft while it needs review)")
        if self.label_source is LabelSource.SURVEY and self.survey is None:
            raise ValueError("survey: is required when label_source is survey (the table and reference number)")
        seen = [a.paradigm for a in self.adaptation]
        if len(seen) != len(set(seen)):
            raise ValueError("adaptation: lists a paradigm twice; give each paradigm once")
        if self.kind is Kind.SURVEY:
            for name in FACT_FIELDS:
                if getattr(self, name) is not None:
                    raise ValueError(f"{name}: is a fact about a model; a survey has none")
        return self


class DatasetLinks(Strict):
    paper: Url | None = Field(None, description="The paper that describes the dataset.")
    download: Url | None = Field(None, description="Where the data can be requested or downloaded.")


class Dataset(Strict):
    id: Slug = Field(description="Lowercase slug, equal to the file name without .yaml.", examples=["mimic-iii"])
    name: Name = Field(description="The dataset's name as published.", examples=["MIMIC-III"])
    subfield: Subfield | None = Field(None, description="LFM, VFM, BFM or MFM; may be empty only for cross-subfield databases.")
    kind: DatasetKind = Field(DatasetKind.DATASET, description="dataset, or database for large, growing cross-subfield resources.")
    description: Paragraph | None = Field(None, description="What the data is, in a sentence or two.")
    modalities: list[Modality] = Field(default_factory=empty_list, description="Data modalities it holds.")
    scale: Line | None = Field(None, description="Size as published, e.g. \"122K instances\" or \"1,018 volumes\".")
    tasks: list[Name] = Field(default_factory=empty_list, description="Tasks it supports, in words (e.g. Segmentation, Dialogue).")
    links: DatasetLinks = Field(default_factory=DatasetLinks, description="The describing paper and the download page.")
    access: Access = Field(Access.UNKNOWN, description="open, registration, credentialed or unknown.")
    access_source: Source | None = Field(None, description="Evidence for the access terms: the download or request page that states them.")
    licence: Licence | None = Field(None, description="The data's licence, where its source states one.")
    survey: SurveyRef | None = Field(None, description="Where the survey's tables list this dataset.")
    notes: list[Note] = Field(default_factory=empty_list, description="Corrections and curated judgements.")
    added: dt.date = Field(description="Date the record was added to the atlas (YYYY-MM-DD).")

    @model_validator(mode="after")
    def _subfield_unless_database(self) -> Dataset:
        if self.subfield is None and self.kind is DatasetKind.DATASET:
            raise ValueError("subfield: is required for a dataset (only a database may span subfields)")
        return self


class Application(Strict):
    id: Slug = Field(description="Lowercase slug, equal to the file name without .yaml.", examples=["medical-diagnosis"])
    name: Name = Field(description="Name of the application domain.")
    description: Paragraph = Field(description="What the application covers, in a sentence or two.")
    subfields: list[Subfield] = Field(min_length=1, description="Subfields in which the survey discusses this application.")


class ChallengeText(Strict):
    id: Challenge = Field(description="The challenge (a vocabulary term: its name and one-line definition live in the taxonomy).")
    explanation: Paragraph = Field(description="The survey's point about this challenge, in the atlas's words.")
    aliases: list[Name] = Field(default_factory=empty_list, description="Words readers search for when they mean this challenge (curated).")


class Pillar(Strict):
    id: Slug = Field(description="Slug of the pillar: data, algorithm or infrastructure.")
    name: Name = Field(description="The pillar's name as the survey gives it.")
    about: Paragraph = Field(description="What the pillar is about, in a sentence.")
    section: Name | None = Field(None, description="Where the survey discusses it, e.g. Sec. V.")
    aliases: list[Name] = Field(default_factory=empty_list, description="Words readers search for (curated).")
    challenges: list[ChallengeText] = Field(min_length=1, description="The pillar's challenges, in the survey's order.")


class GapCell(Strict):
    """A value on one of the gap map's taxonomy axes that a future direction speaks to (curated)."""

    subfield: Subfield | None = Field(None, description="A subfield, e.g. MFM for work across modalities.")
    pretraining: Pretraining | None = Field(None, description="A pre-training paradigm.")
    adaptation: Adaptation | None = Field(None, description="An adaptation paradigm, e.g. AT for adapting with little compute.")
    modality: Modality | None = Field(None, description="A data modality.")

    @model_validator(mode="after")
    def _one_axis(self) -> GapCell:
        if sum(v is not None for v in (self.subfield, self.pretraining, self.adaptation, self.modality)) != 1:
            raise ValueError("give exactly one of subfield, pretraining, adaptation or modality")
        return self

    def key(self) -> tuple[str, str]:
        """(gap-map axis, value), the axis as the explorer's facet key."""
        for axis, value in (("sf", self.subfield), ("pre", self.pretraining), ("ada", self.adaptation), ("mod", self.modality)):
            if value is not None:
                return axis, value.value
        raise AssertionError("unreachable: one axis is set")


class Direction(Strict):
    id: Slug = Field(description="Slug of the direction.")
    title: Line = Field(description="The direction, as a heading.")
    section: Name | None = Field(None, description="Where the survey discusses it, e.g. Sec. VI.")
    explanation: Paragraph = Field(description="The direction in a sentence or two, in the atlas's words.")
    aspects: list[Line] = Field(default_factory=empty_list, description="Its aspects, one line each.")
    challenges: list[Challenge] = Field(default_factory=empty_list, description="Challenges whose papers show the direction at work.")
    gap_map: list[GapCell] = Field(default_factory=empty_list, description="Rows or columns of the gap map the direction speaks to (curated; its aspects say why).")


class SurveyText(Strict):
    """The survey's prose as data (data/survey.yaml): pillars of challenges and future directions."""

    pillars: list[Pillar] = Field(description="The three pillars of challenges (Sec. V).")
    directions: list[Direction] = Field(default_factory=empty_list, description="The future directions (Sec. VI).")

    @model_validator(mode="after")
    def _each_challenge_once(self) -> SurveyText:
        seen = [c.id for p in self.pillars for c in p.challenges]
        missing = [c.value for c in Challenge if c not in seen]
        twice = sorted({c.value for c in seen if seen.count(c) > 1})
        if missing or twice:
            raise ValueError("pillars: every challenge belongs to exactly one pillar"
                             + (f"; missing: {', '.join(missing)}" if missing else "") + (f"; twice: {', '.join(twice)}" if twice else ""))
        return self


Record = Paper | Dataset | Application | Benchmark | ResultSet
RECORD_TYPES: dict[str, type[Strict]] = {"papers": Paper, "datasets": Dataset, "applications": Application,
                                         "benchmarks": Benchmark, "results": ResultSet}
# Single files under data/ beside the record folders: file stem -> model.
DATA_FILES: dict[str, type[Strict]] = {"survey": SurveyText}


def nested_model(annotation: Any) -> type[BaseModel] | None:
    """The record model inside a field's annotation (X, X | None, list[X]), if any."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) in (typing.Union, list):
        for arg in typing.get_args(annotation):
            found = nested_model(arg)
            if found:
                return found
    return None
