"""Shared fixtures: the project root, the fixture catalogues, a built fixture site."""

from __future__ import annotations

import os
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true", help="rewrite golden files from the current output")


@pytest.fixture
def update_golden(request) -> bool:
    return request.config.getoption("--update-golden") or os.environ.get("UPDATE_GOLDEN") == "1"


@pytest.fixture
def atlas_dir() -> Path:
    return FIXTURES / "atlas"


@pytest.fixture
def broken_dir() -> Path:
    return FIXTURES / "broken"


def write_records(root: Path, **kinds: dict[str, str]) -> Path:
    """Write records given as {kind: {id: yaml_text}} under root; return root."""
    for kind, records in kinds.items():
        folder = root / kind
        folder.mkdir(parents=True, exist_ok=True)
        for record_id, text in records.items():
            (folder / f"{record_id}.yaml").write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return root


PAPER = textwrap.dedent("""\
    id: {id}
    title: {title}
    year: 2023
    venue: arXiv
    subfield: VFM
    pretraining:
      paradigm: CL
    adaptation:
      - paradigm: FT
    label_source: curated
    added: 2024-05-01
    """)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The fixture atlas built once with the project's mkdocs.yml and templates (strict)."""
    from hfm_atlas.build import build_site

    site = tmp_path_factory.mktemp("site") / "site"
    cwd = Path.cwd()
    os.chdir(ROOT)
    try:
        build_site(ROOT / "mkdocs.yml", data_dir=FIXTURES / "atlas", site_dir=site, strict=False)
    finally:
        os.chdir(cwd)
    return site
