"""The `hfm-atlas` command line.

Exit status: 0 success, 1 invalid data or a failed build, 2 usage errors.
A user's mistake (bad data, a missing folder, a bad argument) is printed as a
message; anything else is a bug and keeps its traceback.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from . import __version__, cache
from .commands import (cmd_build, cmd_export, cmd_import, cmd_links, cmd_lint, cmd_new, cmd_readme, cmd_schema, cmd_serve,
                       cmd_stats, cmd_validate)
from .problems import UserError
from .taxonomy import Subfield


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # argparse exits 2 on usage errors, as we want; keep its message short
        self.print_usage(sys.stderr)
        raise UserError(f"{self.prog}: {message}", exit_code=2)


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {value}")
    return value


def _address(text: str) -> str:
    host, sep, port = text.rpartition(":")
    if not sep or not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise argparse.ArgumentTypeError(f"not HOST:PORT with a port from 1 to 65535: {text!r}")
    return text


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="hfm-atlas", description="Validate the HFM Atlas records and build the site.")
    parser.add_argument("--version", action="version", version=f"hfm-atlas {__version__}")
    parser.add_argument("--data", type=Path, default=Path("data"), metavar="DIR",
                        help="folder holding papers/, datasets/ and applications/ (default: ./data)")
    parser.add_argument("--no-cache", action="store_true",
                        help="read and validate every record again, and keep nothing for the next run (by default validated "
                             "records are kept in ~/.cache/hfm-atlas, or $HFM_ATLAS_CACHE; HFM_ATLAS_CACHE=off also turns it off)")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    commands.required = True

    p = commands.add_parser("validate", help="check every record and the catalogue; report each problem as file:line:column: field: message")
    p.add_argument("--format", choices=["text", "github"], default="text",
                   help="text (default) or github: GitHub Actions annotations on the right file and line")
    p.add_argument("--strict", action="store_true", help="treat warnings (e.g. draft records) as errors")
    p.add_argument("--quiet", action="store_true", help="print errors only, not warnings")
    p.set_defaults(func=cmd_validate)

    from .exports import FORMATS
    from .taxonomy import Adaptation, Kind, Pretraining

    p = commands.add_parser("export", help="the papers (all, or filtered) as BibTeX, CSL-JSON, CSV or JSON")
    p.add_argument("format", choices=FORMATS, help="bibtex (.bib), csljson (Zotero, pandoc), csv (spreadsheets), json (the API's papers.json), sqlite (a database: -o FILE)")
    p.add_argument("-o", "--output", type=Path, metavar="FILE", help="write to FILE (default: standard output)")
    p.add_argument("--force", action="store_true", help="replace FILE if it exists")
    p.add_argument("--subfield", type=Subfield, choices=list(Subfield))
    p.add_argument("--pretraining", type=Pretraining, choices=list(Pretraining))
    p.add_argument("--adaptation", type=Adaptation, choices=list(Adaptation), help="papers that use this adaptation paradigm")
    p.add_argument("--year-from", type=int, metavar="YEAR")
    p.add_argument("--year-to", type=int, metavar="YEAR")
    p.add_argument("--kind", type=Kind, choices=list(Kind))
    p.set_defaults(func=cmd_export)

    p = commands.add_parser("lint", help="style rules beyond the schema: venue names, title case, arXiv links and years, TODOs, near-duplicates")
    p.add_argument("--format", choices=["text", "github"], default="text", help="text (default) or github annotations")
    p.add_argument("--strict", action="store_true", help="fail on warnings too")
    p.add_argument("--quiet", action="store_true", help="print errors only")
    p.set_defaults(func=cmd_lint)

    p = commands.add_parser("new", help="write a new paper or dataset record with every field and its allowed values")
    p.add_argument("kind", choices=["paper", "dataset"])
    p.add_argument("--title", help="the paper's title (for a dataset: its name)")
    p.add_argument("--id", help="record id (default: from the title and year)")
    p.add_argument("--year", type=int)
    p.add_argument("--venue", help="controlled venue name, e.g. NeurIPS, MICCAI, Nature Medicine, arXiv")
    p.add_argument("--subfield", type=Subfield, choices=list(Subfield))
    p.add_argument("--arxiv", metavar="ID", help="arXiv id, e.g. 2401.00001 (sets the paper link and, if no --year, the year)")
    p.add_argument("--doi")
    p.add_argument("--paper", metavar="URL", help="the paper's page (for a dataset: its paper)")
    p.add_argument("--code", metavar="URL", help="code repository (for a dataset: its download page)")
    p.set_defaults(func=cmd_new)

    p = commands.add_parser("links", help="check that every URL in the records answers (network; for the weekly job)")
    p.add_argument("--format", choices=["text", "github"], default="text")
    p.add_argument("--workers", type=_positive, default=8, help="requests in parallel (default 8)")
    p.set_defaults(func=cmd_links)

    p = commands.add_parser("readme", help="regenerate the paper list in README.md from the records")
    p.add_argument("--readme", type=Path, default=Path("README.md"), metavar="FILE")
    p.add_argument("--check", action="store_true", help="write nothing; exit 1 if the list is stale")
    p.set_defaults(func=cmd_readme)

    p = commands.add_parser("schema", help="write the JSON Schema of every record type (for editors and other tools)")
    p.add_argument("--out", type=Path, default=Path("schema"), metavar="DIR", help="output folder (default: ./schema)")
    p.add_argument("--check", action="store_true", help="write nothing; exit 1 if the files in DIR are stale")
    p.set_defaults(func=cmd_schema)

    p = commands.add_parser("stats", help="the catalogue's numbers: per subfield, paradigm, year, and the survey's observations")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.add_argument("--scope", choices=["all", "survey", "since-survey", "both"], default="both",
                   help="all records, the survey's table methods (label_source: survey), the work added since the survey "
                        "(in_survey: false), or both: all three (default)")
    p.set_defaults(func=cmd_stats)

    p = commands.add_parser("import", help="turn another list into draft records (marked label_source: draft)")
    formats = p.add_subparsers(dest="format", metavar="FORMAT", parser_class=_Parser)
    formats.required = True
    for name, metavar, help_ in (
            ("awesome", "FILE.md", "an awesome-list in Markdown or HTML, of any layout: bullets, numbered items, <br> blocks, tables"),
            ("bibtex", "FILE.bib", "a BibTeX file: accents decoded, macros and crossrefs resolved, duplicates reported"),
            ("csljson", "FILE.json", "CSL-JSON, as Zotero, Mendeley and pandoc export it"),
            ("csv", "FILE.csv", "a CSV table with a header row; --map says which column holds what"),
            ("json", "FILE.json", "a JSON list of objects (or an object holding one); --map says which key holds what")):
        q = formats.add_parser(name, help=help_)
        q.add_argument("file", type=Path, metavar=metavar)
        if name in ("csljson", "csv", "json"):
            q.add_argument("--map", default="", metavar="FIELD=COLUMN,...",
                           help="which column or key holds each field, e.g. title=Title,doi=DOI,year=Year,url=Link,authors=Authors "
                                "(fields: title, year, venue, doi, arxiv, url, code, authors, subfield, kind; a missing one is guessed from the usual names)")
        q.add_argument("--subfield", type=Subfield, choices=list(Subfield),
                       help="subfield of the drafts (for awesome: of items whose section names none)")
        q.add_argument("--out", type=Path, metavar="DIR", help="where to write papers/ and datasets/ (default: the --data folder)")
        q.add_argument("--dry-run", action="store_true", help="report what would be written, write nothing")
        q.add_argument("--all-or-nothing", action="store_true", help="write nothing if any entry is refused (for CI)")
        q.add_argument("--include-out-of-scope", action="store_true",
                       help="also import entries reported as out of scope (general-domain sections, links that are not papers), marked for review")
        q.add_argument("--report", type=Path, metavar="FILE.json", help="write the accounting as JSON for scripts (a new file)")
        q.add_argument("--added", type=_date, default=dt.date.today(), metavar="YYYY-MM-DD", help="date to record as added (default: today)")
        q.set_defaults(func=cmd_import)

    for name, help_ in (("build", "validate, then build the site atomically (the old site stays if anything fails)"),
                        ("serve", "serve the site locally and rebuild when a record or template changes")):
        p = commands.add_parser(name, help=help_)
        p.add_argument("--config", type=Path, default=Path("mkdocs.yml"), help="MkDocs configuration (default: ./mkdocs.yml)")
        if name == "build":
            p.add_argument("--site-dir", type=Path, default=None, help="output folder (default: site_dir of mkdocs.yml, ./site)")
            p.add_argument("--strict", action="store_true", help="fail on any warning, as CI does")
            p.add_argument("--force", action="store_true",
                           help="replace DIR even if no hfm-atlas build made it (never the project's own folders)")
            p.add_argument("-v", "--verbose", action="store_true", help="show MkDocs' progress messages")
            p.set_defaults(func=cmd_build)
        else:
            p.add_argument("--dev-addr", type=_address, default="127.0.0.1:8000", help="address to serve on (default: 127.0.0.1:8000)")
            p.add_argument("--open", action="store_true", help="open the site in the default browser")
            p.set_defaults(func=cmd_serve)
    return parser


def main(argv: list[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
        cache.enable(not args.no_cache)
        return args.func(args)
    except UserError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except OSError as exc:  # a path the user gave that cannot be read or written (a missing folder, no permission)
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"error: {where}{exc.strerror or exc}", file=sys.stderr)
        return 1
    finally:
        cache.enable(False)


if __name__ == "__main__":
    sys.exit(main())
