"""The datasets explorer's data: every dataset in a compact JSON the browser filters (datasets-explorer.json).

Facets are computed here once (subfield, kind, modality, access, task, and the roles in which atlas
papers use the data); dataset-explorer.js only counts and filters. Values are written as their
vocabulary terms, so a link can name them (?mod=ct&access=open&role=pretrain).
"""

from __future__ import annotations

import json

from .catalogue import Catalogue
from .taxonomy import ACCESS, DATASET_KINDS, DATASET_ROLES, MODALITIES, SUBFIELDS

FACETS = [  # key, label, values: [[value, label], ...] filled in below
    ("sf", "Subfield"), ("kind", "Kind"), ("access", "Access"), ("mod", "Modality"), ("task", "Task"), ("role", "Used by papers for"),
]


def dataset_explorer_data(cat: Catalogue) -> dict:
    tasks = sorted({t for d in cat.datasets for t in d.tasks}, key=lambda t: (t.casefold(), t))  # ties broken: same bytes every build
    values = {
        "sf": [[t.value, f"{t.label} ({t.value})"] for t in SUBFIELDS] + [["none", "Cross-subfield"]],
        "kind": [[t.value, t.label] for t in DATASET_KINDS],
        "access": [[t.value, t.label] for t in ACCESS],
        "mod": [[t.value, t.label] for t in MODALITIES],
        "task": [[t, t] for t in tasks],
        "role": [[t.value, t.label] for t in DATASET_ROLES],
    }
    index = {key: {v[0]: i for i, v in enumerate(vals)} for key, vals in values.items()}
    rows = []
    for d in sorted(cat.datasets, key=lambda d: d.name.casefold()):
        uses = cat.uses_of.get(d.id, [])
        by_role = [sum(role in u.roles for _, u in uses) for role in DATASET_ROLES]
        rows.append({
            "id": d.id, "name": d.name, "description": d.description or "", "scale": d.scale or "",
            "sf": [index["sf"][d.subfield.value if d.subfield else "none"]], "kind": [index["kind"][d.kind.value]],
            "access": [index["access"][d.access.value]], "mod": [index["mod"][m.value] for m in d.modalities],
            "task": [index["task"][t] for t in d.tasks], "role": [i for i, n in enumerate(by_role) if n],
            "used": len({p.id for p, _ in uses}), "byRole": by_role,
        })
    return {"facets": [{"key": k, "label": label, "values": values[k]} for k, label in FACETS], "datasets": rows}


def dataset_explorer_json(cat: Catalogue) -> str:
    return json.dumps(dataset_explorer_data(cat), ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c") + "\n"


def first_rows(data: dict) -> list[dict]:
    """The table as the script first draws it (every dataset, no filter), rendered at build time: no layout shift."""
    labels = {f["key"]: [v[1] for v in f["values"]] for f in data["facets"]}
    return [{"id": d["id"], "name": d["name"], "sf": ", ".join(labels["sf"][i] for i in d["sf"]),
             "mod": ", ".join(labels["mod"][i] for i in d["mod"]), "scale": d["scale"],
             "access": ", ".join(labels["access"][i] for i in d["access"]),
             "used": f"{d['used']} ({' / '.join(map(str, d['byRole']))})" if d["used"] else ""} for d in data["datasets"]]
