"""Write records as YAML the way a person would: schema field order, block mappings,
short lists inline, empty fields left out. Writing them is files.write_new_files.
"""

from __future__ import annotations

import enum
from typing import Any

import yaml
from pydantic import BaseModel

from .models import RECORD_TYPES, nested_model


class _Dumper(yaml.SafeDumper):
    def increase_indent(self, flow: bool = False, indentless: bool = False):
        return super().increase_indent(flow, False)  # "  - item" under its key, as people write it


def _represent_list(dumper: yaml.SafeDumper, data: list) -> yaml.Node:
    # Lists of plain values read best inline ([NER, RE]); lists of mappings as blocks.
    inline = all(not isinstance(item, (dict, list)) for item in data) and len(str(data)) < 100
    return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=inline)


def _represent_dict(dumper: yaml.SafeDumper, data: dict) -> yaml.Node:
    return dumper.represent_mapping("tag:yaml.org,2002:map", data.items(), flow_style=False)


def _represent_str(dumper: yaml.SafeDumper, data: str) -> yaml.Node:
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style="|" if "\n" in data else None)


_Dumper.add_multi_representer(enum.Enum, lambda dumper, data: _represent_str(dumper, str(data.value)))
_Dumper.add_representer(list, _represent_list)
_Dumper.add_representer(dict, _represent_dict)
_Dumper.add_representer(str, _represent_str)


def _ordered(model: type[BaseModel], data: dict[str, Any]) -> dict[str, Any]:
    """`data` with keys in the model's field order, empty values dropped, nested mappings ordered too."""
    out: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        if name not in data:
            continue
        value = data[name]
        if value is None or value == [] or value == {}:
            continue
        inner = nested_model(info.annotation)
        if isinstance(value, dict) and inner:
            value = _ordered(inner, value)
            if not value:
                continue
        elif isinstance(value, list) and inner:
            value = [_ordered(inner, v) if isinstance(v, dict) else v for v in value]
        out[name] = value
    unknown = set(data) - set(model.model_fields)
    if unknown:
        raise ValueError(f"not fields of {model.__name__}: {sorted(unknown)}")
    return out


def record_yaml(kind: str, data: dict[str, Any], header: str = "") -> str:
    """The YAML text of a record of `kind` (papers, datasets, applications)."""
    body = yaml.dump(_ordered(RECORD_TYPES[kind], data), Dumper=_Dumper, sort_keys=False,
                     allow_unicode=True, width=4096, default_flow_style=False)
    return header + body
