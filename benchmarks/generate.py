"""Write a synthetic catalogue of N papers and N/10 datasets (deterministic for a seed).

Field lengths and cross-references follow the real catalogue: titles of 8-20 words,
3-12 authors, a one-sentence summary, 0-3 datasets and 0-2 applications per paper,
survey-like labels (about 40% with no own pre-training). The application records are
the real ones, so the application pages are realistic too.

    python benchmarks/generate.py 10000 /tmp/atlas-10k     # writes /tmp/atlas-10k/{papers,datasets,applications}
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from hfm_atlas.dump import record_yaml  # noqa: E402
from hfm_atlas.taxonomy import (  # noqa: E402
    METHODS_OF_ADAPTATION,
    METHODS_OF_PARADIGM,
    MODALITIES,
    SUBFIELDS,
    Adaptation,
    Pretraining,
)
from hfm_atlas.venues import VENUES  # noqa: E402

WORDS = ("foundation model medical image segmentation language clinical pathology radiology report generation "
         "contrastive pretraining self-supervised transformer multimodal genomic protein single-cell adaptation prompt "
         "efficient universal generalist diagnosis retrieval vision large scale learning representation transfer "
         "benchmark dataset evaluation zero-shot few-shot instruction tuning knowledge graph reasoning chest x-ray "
         "ultrasound endoscopy fundus dermatology histopathology sequence structure prediction drug response").split()
GIVEN = "Ana Bo Chen Dmitri Eva Farid Grace Hiro Ines Jun Kofi Lena Mei Nadia Omar Priya Quinn Rui Sara Tomas Uma Wei Xin Yuki Zoe".split()
FAMILY = "Li Wang Zhang Liu Chen Yang Huang Zhao Wu Zhou Smith Garcia Müller Rossi Silva Kim Park Nguyen Patel Kumar Sato Ito Haddad Novak".split()
APPLICATIONS = ["medical-diagnosis", "report-generation", "healthcare-education", "medical-consultation", "disease-prognosis",
                "surgery-assistance", "other-vision-applications", "sequence-analysis", "interaction-analysis",
                "structure-function-analysis", "disease-drug-response", "bioscience-research"]
PRETRAINING_WEIGHTS = {Pretraining.NONE: 40, Pretraining.GL: 25, Pretraining.CL: 15, Pretraining.HL: 15, Pretraining.SL: 5}


def sentence(rng: random.Random, low: int, high: int) -> str:
    words = rng.choices(WORDS, k=rng.randint(low, high))
    return " ".join(words).capitalize()


def paper(rng: random.Random, i: int, n_datasets: int) -> dict:
    year = rng.choice([2019, 2020, 2021, 2022, 2022, 2023, 2023, 2023, 2024, 2024, 2025])
    pre = rng.choices(list(PRETRAINING_WEIGHTS), weights=list(PRETRAINING_WEIGHTS.values()))[0]
    subtypes = sorted(rng.sample(sorted(METHODS_OF_PARADIGM[pre]), k=min(len(METHODS_OF_PARADIGM[pre]), rng.randint(0, 2))))
    adaptation = []
    for a in rng.sample(list(Adaptation), k=rng.randint(1, 3)):
        method = rng.choice(sorted(METHODS_OF_ADAPTATION[a])) if rng.random() < 0.5 else None
        adaptation.append({"paradigm": a.value, **({"method": method} if method else {})})
    month = rng.randint(1, 12)
    # unique: one work, one arXiv id. A suffix has five digits (10000-99999); past 90,000 papers the id moves to a
    # year no paper has (31, 32, ...), so ids stay valid and unique at any N (10000 + i once wrote 2209.109996).
    block, n = divmod(i, 90000)
    arxiv = f"{year % 100:02d}{month:02d}.{10000 + n}" if block == 0 else f"{30 + block:02d}{month:02d}.{10000 + n}"
    short = f"{rng.choice(WORDS).capitalize()}{rng.choice(['Net', 'FM', 'GPT', 'SAM', 'BERT', 'CLIP'])}-{i}"
    return {
        "id": f"paper-{i:05d}", "title": f"{short}: {sentence(rng, 8, 20)}", "short_name": short, "year": year,
        "venue": rng.choice(list(VENUES)), "subfield": rng.choice(SUBFIELDS.values), "kind": "method",
        "authors": [f"{given} {family}" for given, family in rng.sample([(g, f) for g in GIVEN for f in FAMILY], k=rng.randint(3, 12))],
        "links": {"paper": f"https://arxiv.org/abs/{arxiv}", "arxiv": arxiv,
                  **({"code": f"https://github.com/example/{short.lower()}"} if rng.random() < 0.6 else {})},
        "pretraining": {"paradigm": pre.value, **({"methods": subtypes} if subtypes else {})},
        "adaptation": adaptation, "label_source": "curated", "backbone": rng.choice(["ViT", "BERT", "LLaMA-2", "ResNet", "Swin"]),
        "tasks": rng.sample(["SEG", "CLS", "DET", "QA", "NER", "RG", "VQA", "SA"], k=rng.randint(1, 3)),
        "modalities": rng.sample(MODALITIES.values, k=rng.randint(1, 3)),
        "applications": sorted(rng.sample(APPLICATIONS, k=rng.randint(0, 2))),
        "datasets": [{"id": d, "roles": ["evaluate"], "source": {"url": f"https://arxiv.org/abs/{arxiv}", "where": "Table 2"}}  # role and evidence
                     for d in sorted({f"dataset-{rng.randrange(n_datasets):04d}" for _ in range(rng.randint(0, 3))})],
        "summary": sentence(rng, 18, 32) + ".",
        "added": dt.date(2026, 1, 1) + dt.timedelta(days=i % 300),
    }


def dataset(rng: random.Random, i: int) -> dict:
    return {
        "id": f"dataset-{i:04d}", "name": f"{rng.choice(WORDS).capitalize()}-{i}", "subfield": rng.choice(SUBFIELDS.values),
        "kind": "dataset", "description": sentence(rng, 10, 20) + ".", "modalities": rng.sample(MODALITIES.values, k=rng.randint(1, 2)),
        "scale": f"{rng.randint(1, 999)}K images", "tasks": ["Segmentation"],
        "links": {"download": f"https://example.org/data/{i}"}, "access": rng.choice(["open", "registration", "credentialed"]),
        "added": dt.date(2026, 1, 1),
    }


def generate(n: int, out: Path, seed: int = 42) -> Path:
    rng = random.Random(seed)
    if out.exists():
        shutil.rmtree(out)
    n_datasets = max(1, n // 10)
    for kind in ("papers", "datasets", "applications"):
        (out / kind).mkdir(parents=True)
    for i in range(n_datasets):
        (out / "datasets" / f"dataset-{i:04d}.yaml").write_text(record_yaml("datasets", dataset(rng, i)), encoding="utf-8")
    for i in range(n):
        (out / "papers" / f"paper-{i:05d}.yaml").write_text(record_yaml("papers", paper(rng, i, n_datasets)), encoding="utf-8")
    for app in (ROOT / "data" / "applications").glob("*.yaml"):
        shutil.copy(app, out / "applications" / app.name)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, help="number of papers")
    parser.add_argument("out", type=Path, help="output folder (replaced)")
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args()
    generate(args.n, args.out, args.seed)
    print(f"wrote {args.n} papers and {max(1, args.n // 10)} datasets to {args.out}")


if __name__ == "__main__":
    main()
