"""How much of the model facts the atlas holds: the fill rates `hfm-atlas stats` prints.

Each rate is counted over the records it applies to: weights and dataset roles over methods;
parameters over methods that train or adapt a model (every method; prompt-only work adapts one
too); licences over methods whose weights are open or gated; access over datasets.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from .catalogue import Catalogue
from .taxonomy import Access, Kind, WeightsStatus


@dataclass(frozen=True)
class Rate:
    filled: int
    of: int

    @property
    def share(self) -> float:
        return round(self.filled / self.of, 4) if self.of else 0.0

    def __str__(self) -> str:
        return f"{self.filled}/{self.of} ({self.share:.0%})"


@dataclass(frozen=True)
class FillRates:
    weights: Rate
    parameters: Rate
    licence_of_open_or_gated: Rate
    base_models: Rate
    training_data: Rate
    dataset_roles: Rate  # methods with at least one dataset link that has a role
    authors: Rate
    summary: Rate
    backbone: Rate
    modalities: Rate
    applications: Rate
    challenges: Rate
    datasets_used: Rate  # datasets that some paper links
    dataset_access_known: Rate

    def as_dict(self) -> dict:
        return {k: {"filled": v["filled"], "of": v["of"], "share": Rate(**v).share} for k, v in asdict(self).items()}


def fill_rates(catalogue: Catalogue, papers: list | None = None) -> FillRates:
    """The rates over the catalogue, or over `papers` only (a scope) for the paper facts."""
    methods = [p for p in (catalogue.papers if papers is None else papers) if p.kind is Kind.METHOD]
    available = [p for p in methods if p.weights and p.weights.status in (WeightsStatus.OPEN, WeightsStatus.GATED)]
    used = set(catalogue.used_by)
    return FillRates(
        weights=Rate(sum(p.weights is not None for p in methods), len(methods)),
        parameters=Rate(sum(p.parameters is not None for p in methods), len(methods)),
        licence_of_open_or_gated=Rate(sum(p.licence is not None for p in available), len(available)),
        base_models=Rate(sum(p.base_models is not None for p in methods), len(methods)),
        training_data=Rate(sum(p.pretraining_data is not None for p in methods), len(methods)),
        dataset_roles=Rate(sum(any(u.roles for u in p.datasets) for p in methods), len(methods)),
        authors=Rate(sum(bool(p.authors) for p in methods), len(methods)),
        summary=Rate(sum(bool(p.summary) for p in methods), len(methods)),
        backbone=Rate(sum(bool(p.backbone) for p in methods), len(methods)),
        modalities=Rate(sum(bool(p.modalities) for p in methods), len(methods)),
        applications=Rate(sum(bool(p.applications) for p in methods), len(methods)),
        challenges=Rate(sum(bool(p.challenges) for p in methods), len(methods)),
        datasets_used=Rate(sum(d.id in used for d in catalogue.datasets), len(catalogue.datasets)),
        dataset_access_known=Rate(sum(d.access is not Access.UNKNOWN for d in catalogue.datasets), len(catalogue.datasets)),
    )


def format_rates(rates: FillRates) -> str:
    rows = [("weights (methods)", rates.weights), ("parameters (methods)", rates.parameters),
            ("licence (methods with open or gated weights)", rates.licence_of_open_or_gated),
            ("base models (methods)", rates.base_models), ("training data scale (methods)", rates.training_data),
            ("dataset links with roles (methods)", rates.dataset_roles), ("datasets used by a paper", rates.datasets_used),
            ("datasets with known access", rates.dataset_access_known)]
    labels = [("authors", rates.authors), ("summary", rates.summary), ("backbone", rates.backbone), ("modalities", rates.modalities),
              ("applications", rates.applications), ("challenges", rates.challenges)]
    return ("Model facts\n" + "\n".join(f"  {label}: {rate}" for label, rate in rows)
            + "\nLabels and bibliography (methods)\n" + "\n".join(f"  {label}: {rate}" for label, rate in labels))
