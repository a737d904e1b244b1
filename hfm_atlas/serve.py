"""`hfm-atlas serve`: a local preview that rebuilds when a record, template or page changes.

MkDocs' own `serve` is close, but three things matter for an atlas of thousands of records:

- every rebuild is atomic (built beside the served folder, then swapped in), so a record with
  an error leaves the last good site on screen and the error in the terminal, not a traceback
  and an empty site;
- the served folder lives in memory (/dev/shm) where the system has it: a full rebuild deletes
  and rewrites a folder per record, and on the project's disk rebuilding into the same folder
  got slower each time (1.6, 2.0, 2.3, 2.8 s at 1,000 papers);
- records are parsed again only when they changed (validate.enable_read_cache) and templates
  are compiled once per process (render.environment).

The server itself is MkDocs' LiveReloadServer: it injects the reload script and reloads the
browser when a rebuild finishes.
"""

from __future__ import annotations

import glob
import logging
import os
import shutil
import signal
import sys
import tempfile
import time
import traceback
from pathlib import Path
from urllib.parse import urlsplit

from mkdocs.livereload import LiveReloadServer

from . import sitedir
from .build import build_into, load_project_config
from .problems import UserError
from .validate import enable_read_cache

log = logging.getLogger("mkdocs.hfm_atlas.serve")

POLLING_INTERVAL = 0.2  # seconds between looks at the watched folders (MkDocs' default: 0.5)


def memory_folder() -> str | None:
    """A tmpfs folder for the served site where the system has one, else the default temporary folder."""
    shm = Path("/dev/shm")
    return str(shm) if shm.is_dir() and os.access(shm, os.W_OK) else None


def serve_site(config_file: Path, *, data_dir: Path | None, dev_addr: str | None = None, open_in_browser: bool = False) -> None:
    overrides = {"dev_addr": dev_addr} if dev_addr else {}
    config = load_project_config(config_file, data_dir, **overrides)
    host, port = config.dev_addr
    mount_path = urlsplit(config.site_url or "/").path
    serve_url = f"http://{host}:{port}{mount_path if mount_path.endswith('/') else mount_path + '/'}"
    # Stopped by a signal (a terminal closing, a supervisor), serve still removes its folder: in /dev/shm
    # a leftover site would hold memory until the next reboot.
    signal.signal(signal.SIGTERM, _interrupt)
    if hasattr(signal, "SIGHUP"):
        signal.signal(signal.SIGHUP, _interrupt)
    # Folders of serve processes that were killed (-9) are removed; a running serve holds a lock on its own.
    memory = memory_folder() or tempfile.gettempdir()
    sitedir.sweep([f"{glob.escape(memory)}/hfm-atlas-serve-*"], time.time())
    root = Path(tempfile.mkdtemp(prefix="hfm-atlas-serve-", dir=memory))
    lock = sitedir.lock_folder(root)
    site = root / "site"
    log.info("Built site folder: %s", root)
    enable_read_cache()

    def build(fresh: bool = True) -> None:
        current = load_project_config(config_file, data_dir, **overrides) if fresh else config
        current.site_url = serve_url
        build_into(current, site, command="serve", serve_url=serve_url)

    def rebuild() -> None:
        log.info("Rebuilding...")
        try:
            build()
        except UserError as exc:  # the record's author sees where the problem is; the last good site stays
            print(f"error: {exc}", file=sys.stderr, flush=True)
        except Exception:  # a bug: its traceback is printed, and serving goes on with the last good site
            print("error: the rebuild failed unexpectedly (a bug in hfm-atlas; please report it); "
                  "the last good site is still served:\n" + traceback.format_exc(), file=sys.stderr, flush=True)

    try:
        server = _Server(builder=rebuild, host=host, port=port, root=str(site), mount_path=mount_path,
                         polling_interval=POLLING_INTERVAL)
        server.server_bind()  # a busy address fails now, in one line, not after the first build
        try:
            build(fresh=False)
        except UserError as exc:  # nothing to show yet: serve waits for the fix and builds then
            print(f"error: {exc}\nFix it and save: serving starts with the first good build.", file=sys.stderr, flush=True)

        def not_found(code: int) -> bytes | None:
            page = site / f"{code}.html"
            return page.read_bytes() if code in (404, 500) and page.is_file() else None

        server.error_handler = not_found
        for path in _watched(config):
            server.watch(path)
        try:
            server.serve(open_in_browser=open_in_browser)
        except KeyboardInterrupt:
            log.info("Shutting down...")
        finally:
            server.shutdown()
    finally:
        shutil.rmtree(root, ignore_errors=True)
        if lock is not None:
            os.close(lock)


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


class _Server(LiveReloadServer):
    """MkDocs' live-reload server, bound once, early, with a readable error when the address is taken."""

    _bound = False

    def server_bind(self) -> None:
        if self._bound:  # serve() binds again; the socket is bound already
            return
        try:
            super().server_bind()
        except OSError as exc:
            self.server_close()
            raise UserError(f"cannot serve on {self.server_address[0]}:{self.server_address[1]}: {exc.strerror or exc}; "
                            "choose another address with --dev-addr HOST:PORT") from None
        self._bound = True


def _watched(config) -> list[str]:
    """The docs folder, the configuration, the theme overrides and whatever the plugins asked for."""
    paths = [config.docs_dir, config.config_file_path, config.theme.custom_dir, *config.watch]
    seen: list[str] = []
    for path in paths:
        if path and os.path.exists(path) and os.path.abspath(path) not in seen:
            seen.append(os.path.abspath(path))
    return seen
