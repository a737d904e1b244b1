"""Build the site atomically: build beside the target folder, then swap.

The previous site is replaced only when the whole build has succeeded; a failed or
interrupted build (bad record, template error, full disk) leaves it untouched and
removes its own temporary folder.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from pathlib import Path

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, ConfigurationError, MkDocsException

from .dump import check_folder
from .problems import UserError

DATA_ENV = "HFM_ATLAS_DATA"  # read by the plugin: the CLI's --data, for build and serve alike


class _Errors(logging.Handler):
    """Collects the errors MkDocs logs (it logs the reason, then raises a bare Abort)."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())

    def __enter__(self) -> "_Errors":
        logging.getLogger("mkdocs").addHandler(self)
        return self

    def __exit__(self, *exc) -> None:
        logging.getLogger("mkdocs").removeHandler(self)

    def reason(self, fallback: object) -> str:
        return "\n".join(self.messages) or str(fallback)


def load_project_config(config_file: Path, data_dir: Path | None, **overrides):
    if not config_file.is_file():
        raise UserError(f"{config_file}: no MkDocs configuration here; run from the project folder or pass --config", exit_code=2)
    if data_dir is not None:
        os.environ[DATA_ENV] = str(data_dir.resolve())
    else:  # a value left by an earlier build in this process must not leak into this one
        os.environ.pop(DATA_ENV, None)
    with _Errors() as errors:
        try:
            return load_config(config_file=str(config_file), **overrides)
        except (ConfigurationError, Abort) as exc:
            raise UserError(f"{config_file}: invalid configuration: {errors.reason(exc)}") from None


def build_site(config_file: Path, *, data_dir: Path | None = None, site_dir: Path | None = None, strict: bool = False) -> Path:
    """Build into a temporary sibling of the site folder and swap it in; return the site folder."""
    config = load_project_config(config_file, data_dir, strict=strict)
    target = (site_dir or Path(config.site_dir)).resolve()
    build_into(config, target, command="build")
    return target


def build_into(config, target: Path, *, command: str, serve_url: str | None = None) -> None:
    """Build `config` into a temporary sibling of `target` and swap it in; UserError if anything fails."""
    check_folder(target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.building-", dir=target.parent))
    except OSError as exc:
        raise UserError(f"cannot build into {target}: cannot create a folder in {target.parent}: {exc.strerror or exc}") from None
    config.site_dir = str(staging)
    errors = _Errors()
    try:
        config.plugins.on_startup(command=command, dirty=False)
        try:
            with errors:
                mkdocs_build(config, serve_url=serve_url)
        finally:
            config.plugins.on_shutdown()
        _swap(staging, target)
    except Abort as exc:
        raise UserError(f"build failed: {errors.reason(exc)}\nThe previous site in {target} is unchanged.") from None
    except MkDocsException as exc:
        raise UserError(f"build failed: {exc}\nThe previous site in {target} is unchanged.") from None
    except OSError as exc:
        raise UserError(f"build failed: {exc.strerror or exc}\nThe previous site in {target} is unchanged.") from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _swap(staging: Path, target: Path) -> None:
    if target.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{target.name}.old-", dir=target.parent))
        os.rename(target, old / "site")
        os.rename(staging, target)
        shutil.rmtree(old, ignore_errors=True)
    else:
        os.rename(staging, target)
    logging.getLogger("mkdocs").info("Site written to %s", target)
