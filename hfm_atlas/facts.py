"""Model facts: can I get it, may I use it, how big is it, what was it trained and tested on.

Every fact is optional, and every filled fact carries its evidence (`source`: the URL read and,
where it helps, the place in it). Validation refuses a fact without a source, a licence the
atlas does not know (licences.py), and a size that is not a number with a unit.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AfterValidator, Field, model_validator

from . import licences
from .fields import Line, Name, Ref, Strict, Url, empty_list
from .taxonomy import DatasetRole, LicenceFamily, ParameterRange, WeightsStatus


class Source(Strict):
    url: Url = Field(description="The page the fact was read on: the paper, its repository, a model card.")
    where: Line | None = Field(None, description="Where on that page: \"Table 2\", \"Section 4.1\", \"model card\", \"README\" (one line, up to 400 characters).")


class Weights(Strict):
    status: WeightsStatus = Field(description="open, gated (a request or credential), api (a service only), closed or not-released.")
    urls: list[Url] = Field(default_factory=empty_list, description="Where the weights live (Hugging Face, a GitHub release, Zenodo, PhysioNet...).")
    source: Source = Field(description="Evidence for the status.")


def _known_licence(name: str) -> str:
    if licences.family(name) is None:
        raise ValueError(f"{name!r} is not a licence the atlas knows: give an SPDX identifier (MIT, Apache-2.0, CC-BY-NC-4.0...) "
                         "or add the model's own licence to hfm_atlas/licences.py with its family")
    return name


class Licence(Strict):
    name: Annotated[str, AfterValidator(_known_licence)] = Field(
        description="An SPDX identifier where one applies (Apache-2.0, MIT, CC-BY-NC-4.0...), else the licence's own name as licences.py writes it.",
        examples=["Apache-2.0", "Llama 2 Community License"])
    url: Url | None = Field(None, description="The licence text or the model card that states it.")
    source: Source = Field(description="Evidence: where the licence of the weights (or, failing that, the code) is stated.")

    @property
    def family(self) -> LicenceFamily:
        return licences.family(self.name)  # type: ignore[return-value]


SIZE_PATTERN = r"^(?:\d+(?:\.\d+)?[KMBT]|\d+)$"  # 7B, 93.7M, or an exact count as some papers give it (963496)
_SCALE = {"K": 1e3, "M": 1e6, "B": 1e9, "T": 1e12}


def size_count(size: str) -> float:
    """The number a size such as "7B", "93.7M" or "963496" stands for."""
    return float(size[:-1]) * _SCALE[size[-1]] if size[-1] in _SCALE else float(size)


def parameter_range(sizes: list[str]) -> ParameterRange:
    """The range of the largest size (the explorer's facet)."""
    n = max(size_count(s) for s in sizes)
    for limit, term in ((1e8, ParameterRange.UNDER_100M), (1e9, ParameterRange.M100_1B), (1e10, ParameterRange.B1_10B),
                        (1e11, ParameterRange.B10_100B)):
        if n < limit:
            return term
    return ParameterRange.OVER_100B


class Parameters(Strict):
    sizes: list[Annotated[str, Field(pattern=SIZE_PATTERN)]] = Field(
        min_length=1, description="One or several sizes as the source states them: a number and K, M, B or T (7B, 13B, 93.7M), or an exact count (963496).",
        examples=[["7B", "13B"]])
    counted: Literal["total", "trainable"] = Field("total", description="total (the whole model) or trainable (only what the work trains, e.g. adapters).")
    source: Source = Field(description="Evidence: the table, section or model card that states the size.")


class BaseModels(Strict):
    names: list[Name] = Field(min_length=1, description="What the model was initialised from or adapts, as the source names it (SAM ViT-B, LLaMA-2-7B).")
    papers: list[Ref] = Field(default_factory=empty_list, description="Ids of the atlas records of those models, where the atlas has them.")
    source: Source = Field(description="Evidence for the base models.")


class TrainingData(Strict):
    scale: Line = Field(description="How much data the model was (pre-)trained on, in the paper's own unit (tokens, images, image-text pairs, cells).",
                        examples=["1,570,263 image-mask pairs"])
    source: Source = Field(description="Evidence for the scale.")


class DatasetUse(Strict):
    id: Ref | None = Field(None, description="The atlas dataset (data/datasets/<id>.yaml).")
    name: Name | None = Field(None, description="The dataset's name, for data the atlas has no record of yet.")
    roles: list[DatasetRole] = Field(default_factory=empty_list, description="pretrain, finetune and/or evaluate; empty when not yet recorded.")
    source: Source | None = Field(None, description="Evidence for the roles: where the paper says how it used the data.")

    @model_validator(mode="after")
    def _named_and_evidenced(self) -> DatasetUse:
        if (self.id is None) == (self.name is None):
            raise ValueError("id: give the atlas dataset's id, or (for data the atlas lacks) its name, not both")
        if self.roles and self.source is None:
            raise ValueError("source: roles need their evidence (the URL where the paper says how it used the data)")
        if len(self.roles) != len(set(self.roles)):
            raise ValueError("roles: lists a role twice")
        return self


FACT_FIELDS = ("weights", "licence", "parameters", "base_models", "pretraining_data")
