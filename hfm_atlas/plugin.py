"""The MkDocs plugin: a thin adapter that loads the catalogue and adds its pages.

All work is done by validate.load_catalogue and render.Renderer; this module only
wires them to MkDocs events. Generated pages exist only in the build (File.generated),
never on disk, so nothing generated is committed and nothing stale survives a rename.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

import jinja2
from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files

from . import urls
from .build import DATA_ENV
from .catalogue import Catalogue
from .explorer import explorer_json
from .exports import build_time, site_files
from .schema import schema_files
from .problems import UserError
from .render import Renderer
from .validate import load_catalogue

log = logging.getLogger("mkdocs.plugins.hfm_atlas")


class AtlasConfig(Config):
    data_dir = c.Type(str, default="data")
    templates_dir = c.Type(str, default="templates")


class AtlasPlugin(BasePlugin[AtlasConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.catalogue: Catalogue | None = None

    def _path(self, config: MkDocsConfig, value: str) -> Path:
        return (Path(config.config_file_path).parent / value).resolve()

    def data_path(self, config: MkDocsConfig) -> Path:
        # The CLI's --data reaches the plugin through the environment, so `serve` sees it on every rebuild.
        override = os.environ.get(DATA_ENV)
        return Path(override) if override else self._path(config, self.config.data_dir)

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        # `serve` rebuilds when a record or a template changes.
        for folder in (self.data_path(config), self._path(config, self.config.templates_dir)):
            if str(folder) not in config.watch:
                config.watch.append(str(folder))
        return config

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        try:
            catalogue, problems = load_catalogue(self.data_path(config))
        except UserError as exc:
            raise PluginError(str(exc)) from None
        errors = [p for p in problems if p.severity == "error"]
        for p in problems:
            if p.severity == "warning":
                log.warning(p.format(tag_warnings=False))
        if errors:
            shown = "\n".join(p.format() for p in errors)
            raise PluginError(f"the catalogue has {len(errors)} error(s):\n{shown}")
        self.catalogue = catalogue
        linker = urls.Linker(config.use_directory_urls)
        renderer = Renderer(catalogue, self._path(config, self.config.templates_dir), linker)
        generated_at = build_time()
        generated = {**site_files(catalogue, generated_at), **{f"schema/{n}": t for n, t in schema_files().items()},
                     urls.EXPLORER_DATA: explorer_json(catalogue)}
        for path, text in generated.items():
            files.append(File.generated(config, path, content=text))
        try:
            for src, markdown in renderer.pages():
                if files.get_file_from_path(src) is not None:
                    raise PluginError(f"docs/{src} exists but the atlas generates that page; remove or rename the hand-written file")
                files.append(File.generated(config, src, content=markdown))
        except jinja2.TemplateSyntaxError as exc:
            raise PluginError(f"{exc.filename or exc.name}:{exc.lineno}: template syntax error: {exc.message}") from None
        except jinja2.TemplateError as exc:
            raise PluginError(f"template error while rendering the atlas pages: {exc}") from None
        return files
