"""Build the site atomically: build beside the target folder, then swap.

The previous site is replaced only when the whole build has succeeded; a failed or
interrupted build (bad record, template error, full disk, a signal) leaves it untouched
and removes its own staging folder. Where a build may write is decided by sitedir.
"""

from __future__ import annotations

import logging
import os
import signal
import time
from contextlib import contextmanager
from collections.abc import Iterator
from pathlib import Path

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, ConfigurationError, MkDocsException

from . import sitedir
from .files import check_folder
from .parallel import stop_children
from .problems import UserError

PLUGIN = "hfm-atlas"


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
    """The MkDocs configuration, with the CLI's --data handed to the atlas plugin's own setting."""
    if not config_file.is_file():
        raise UserError(f"{config_file}: no MkDocs configuration here; run from the project folder or pass --config", exit_code=2)
    with _Errors() as errors:
        try:
            config = load_config(config_file=str(config_file), **overrides)
        except (ConfigurationError, Abort) as exc:
            raise UserError(f"{config_file}: invalid configuration: {errors.reason(exc)}") from None
    plugin = config.plugins.get(PLUGIN)
    if plugin is not None and data_dir is not None:
        plugin.config.data_dir = str(data_dir.resolve())
    return config


def protected(config) -> list[sitedir.Protected]:
    """The project's folders that no build may touch, as this configuration names them."""
    plugin = config.plugins.get(PLUGIN)
    base = Path(config.config_file_path).parent
    data = base / plugin.config.data_dir if plugin else base / "data"
    templates = base / plugin.config.templates_dir if plugin else None
    return sitedir.protected_folders(Path(config.config_file_path), data, config.docs_dir, templates, config.theme.custom_dir)


def build_site(config_file: Path, *, data_dir: Path | None = None, site_dir: Path | None = None,
               strict: bool = False, force: bool = False) -> Path:
    """Build into a staging folder beside the site folder and swap it in; return the site folder."""
    config = load_project_config(config_file, data_dir, strict=strict)
    requested = site_dir if site_dir is not None else Path(config.site_dir)
    target = sitedir.check_target(requested, protected(config))
    sitedir.check_replaceable(target, str(requested), force)
    with _stopped_by_signals():
        build_into(config, target, command="build", shown=str(requested), approved=sitedir.identity(target))
    return target


@contextmanager
def _stopped_by_signals() -> Iterator[None]:
    """SIGTERM and SIGHUP end a build as Ctrl+C does: staging removed, workers stopped."""
    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    names = [n for n in ("SIGTERM", "SIGHUP") if hasattr(signal, n)]
    previous = {n: signal.signal(getattr(signal, n), interrupt) for n in names}
    try:
        yield
    finally:
        for n, handler in previous.items():
            signal.signal(getattr(signal, n), handler)


@contextmanager
def _signals_held() -> Iterator[None]:
    """Hold SIGINT, SIGTERM and SIGHUP until the block ends (they are delivered then)."""
    held = {getattr(signal, n) for n in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, n)}
    if not hasattr(signal, "pthread_sigmask"):  # pragma: no cover - not POSIX
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def build_into(config, target: Path, *, command: str, serve_url: str | None = None, shown: str | None = None,
               approved: tuple[int, int] | None = None) -> None:
    """Build `config` into a staging folder beside `target` and swap it in; UserError if anything fails."""
    shown = shown or str(target)
    started = time.time()
    check_folder(target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        sitedir.sweep(sitedir.leftovers(target), started)
        staging = sitedir.Staging(target)
    except OSError as exc:
        raise UserError(f"cannot build into {shown}: cannot create a folder in {target.parent}: {exc.strerror or exc}") from None
    had_site = os.path.isdir(target)
    unchanged = f"The previous site in {shown} is unchanged." if had_site else "No site was written."
    config.site_dir = str(staging.path)
    errors = _Errors()
    try:
        config.plugins.on_startup(command=command, dirty=False)
        try:
            with errors:
                mkdocs_build(config, serve_url=serve_url)
        finally:
            config.plugins.on_shutdown()
        sitedir.mark(staging.path)
        sitedir.swap_in(staging, target, shown, approved)
    except sitedir.LostRace:
        raise
    except Abort as exc:
        raise UserError(f"build failed: {errors.reason(exc)}\n{unchanged}") from None
    except MkDocsException as exc:
        raise UserError(f"build failed: {exc}\n{unchanged}") from None
    except OSError as exc:
        raise UserError(f"build failed: {exc.strerror or exc}\n{unchanged}") from None
    except BaseException:
        with _signals_held():
            stop_children()
        raise
    finally:
        with _signals_held():  # a second Ctrl+C must not cut the clean-up short
            staging.close()
    logging.getLogger("mkdocs").info("Site written to %s", target)
