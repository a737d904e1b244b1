"""The `hfm-atlas` command line.

Exit status: 0 success, 1 invalid data or a failed build, 2 usage errors.
A user's mistake (bad data, a missing folder, a bad argument) is printed as a
message; anything else is a bug and keeps its traceback.
"""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import sys
from pathlib import Path

from . import __version__
from .problems import UserError, printable, summary
from .taxonomy import Subfield
from .validate import load_catalogue


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # argparse exits 2 on usage errors, as we want; keep its message short
        self.print_usage(sys.stderr)
        raise UserError(f"{self.prog}: {message}", exit_code=2)


def _setup_logging(verbose: bool) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)s: %(message)s"))
    # Errors reach the user once, in the UserError that build_site raises with them.
    handler.addFilter(lambda record: record.levelno < logging.ERROR)
    logger = logging.getLogger("mkdocs")
    logger.handlers[:] = [handler]
    logger.setLevel(logging.INFO if verbose else logging.WARNING)
    logger.propagate = False


def cmd_validate(args: argparse.Namespace) -> int:
    catalogue, problems = load_catalogue(args.data)
    shown = [p for p in problems if p.severity == "error" or not args.quiet]
    for p in shown:
        print(p.format_github() if args.format == "github" else p.format())
    errors = [p for p in problems if p.severity == "error" or args.strict]
    print(summary(problems, len(catalogue)), file=sys.stderr)
    return 1 if errors else 0


def cmd_build(args: argparse.Namespace) -> int:
    from .build import build_site

    _setup_logging(args.verbose)
    target = build_site(args.config, data_dir=args.data, site_dir=args.site_dir, strict=args.strict, force=args.force)
    print(f"Site built in {target}", file=sys.stderr)
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from .serve import serve_site

    _setup_logging(True)
    serve_site(args.config, data_dir=args.data, dev_addr=args.dev_addr, open_in_browser=args.open)
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from .importing import import_awesome, import_bibtex

    run = import_awesome if args.format == "awesome" else import_bibtex
    report, problems = run(args.file, args.data, args.out or args.data, args.subfield, args.dry_run, args.added,
                           args.all_or_nothing)
    for line in report.lines(args.dry_run):
        print(printable(line))
    for problem in problems:
        print(f"refused: {printable(problem)}", file=sys.stderr)
    if problems:
        print(f"{len(problems)} entr{'y' if len(problems) == 1 else 'ies'} refused"
              + ("; nothing was written (--all-or-nothing)." if args.all_or_nothing else "; the others were written."), file=sys.stderr)
    return 1 if problems else 0


def cmd_stats(args: argparse.Namespace) -> int:
    import json

    from .stats import compute, format_text

    catalogue, problems = load_catalogue(args.data)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        print(f"note: {len(errors)} invalid record(s) left out; run hfm-atlas validate", file=sys.stderr)
    scopes = ["all", "survey"] if args.scope == "both" else [args.scope]
    results = [compute(catalogue, scope) for scope in scopes]
    if args.json:
        print(json.dumps({r.scope: r.as_dict() for r in results}, indent=2, sort_keys=True))
    else:
        print("\n\n".join(format_text(r) for r in results))
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    from .files import check_folder
    from .schema import schema_files

    out: Path = args.out
    stale = []
    for name, text in schema_files().items():
        path = out / name
        current = path.read_text(encoding="utf-8") if path.exists() else None
        if current != text:
            stale.append(path)
            if not args.check:
                check_folder(path)
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(text, encoding="utf-8")
    if args.check:
        for path in stale:
            print(f"{path}: stale; run hfm-atlas schema --out {out}", file=sys.stderr)
        return 1 if stale else 0
    print(f"{len(stale)} schema file(s) written to {out}" if stale else f"schema files in {out} are up to date", file=sys.stderr)
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from .files import write_new_files
    from .exports import Filters, export, select

    catalogue, problems = load_catalogue(args.data)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        for p in errors:
            print(p.format(), file=sys.stderr)
        raise UserError(f"{len(errors)} invalid record(s); fix them before exporting (hfm-atlas validate)")
    filters = Filters(args.subfield, args.pretraining, args.adaptation, args.year_from, args.year_to, args.kind)
    papers = select(catalogue, filters)
    text = export(args.format, papers)
    if args.output is None or str(args.output) == "-":
        sys.stdout.write(text)
    else:
        data = args.data.resolve()
        if args.output.resolve().is_relative_to(data):
            raise UserError(f"refusing to write {args.output}: it lies inside the data folder {args.data}, which holds only records", exit_code=2)
        if args.force and args.output.is_dir():
            raise UserError(f"refusing to replace {args.output}: it is a folder; --force replaces a file only", exit_code=2)
        if args.force:
            args.output.unlink(missing_ok=True)
        write_new_files({args.output: text})  # whole or not at all; refuses to replace FILE without --force
    print(f"{len(papers)} of {len(catalogue.papers)} papers exported as {args.format}", file=sys.stderr)
    return 0


def _print_problems(problems, fmt: str, quiet: bool = False) -> None:
    for p in problems:
        if p.severity == "error" or not quiet:
            print(p.format_github() if fmt == "github" else p.format())


def cmd_lint(args: argparse.Namespace) -> int:
    from .lint import lint
    from .validate import load_entries

    entries, problems = load_entries(args.data)
    invalid = [p for p in problems if p.severity == "error"]
    found = lint(entries)
    _print_problems(invalid + found, args.format, args.quiet)
    errors = sum(p.severity == "error" for p in found) + len(invalid)
    warnings = sum(p.severity == "warning" for p in found)
    print(f"lint: {errors} error(s), {warnings} warning(s) in {len(entries)} valid records"
          + (f" ({len(invalid)} schema error(s): run hfm-atlas validate)" if invalid else "") + ".", file=sys.stderr)
    return 1 if errors or (args.strict and warnings) else 0


def cmd_new(args: argparse.Namespace) -> int:
    from .identifiers import arxiv_from_url
    from .paperfacts import arxiv_url, arxiv_year
    from .new import new_id, write_new

    catalogue, problems = load_catalogue(args.data)
    kind = "papers" if args.kind == "paper" else "datasets"
    today = dt.date.today()
    if kind == "papers":
        if not args.title:
            raise UserError("hfm-atlas new paper needs --title", exit_code=2)
        arxiv = args.arxiv or arxiv_from_url(args.paper)
        year = args.year or arxiv_year(arxiv)
        taken = {p.id for p in catalogue.papers}
        values = {
            "id": args.id or new_id(args.title, year, taken), "title": args.title, "year": year, "venue": args.venue,
            "subfield": args.subfield, "kind": "method",
            "links": {"paper": args.paper or (arxiv_url(arxiv) if arxiv else None), "code": args.code,
                      "arxiv": arxiv, "doi": args.doi},
            "label_source": "curated", "added": today,
        }
        if values["year"] is None:
            values["year"] = "TODO"
    else:
        if not args.title:
            raise UserError("hfm-atlas new dataset needs --title (the dataset's name)", exit_code=2)
        taken = {d.id for d in catalogue.datasets}
        values = {"id": args.id or new_id(args.title, None, taken), "name": args.title, "subfield": args.subfield,
                  "links": {"paper": args.paper, "download": args.code}, "added": today}
    if values["id"] in taken:
        raise UserError(f"a {args.kind} with id {values['id']!r} exists already (data/{kind}/{values['id']}.yaml)")
    path, similar = write_new(kind, args.data, values, catalogue)
    print(f"wrote {path}")
    for s in similar:
        print(f"warning: this may already be in the atlas: data/{kind}/{s}", file=sys.stderr)
    print("Next: fill in the TODO fields, then run hfm-atlas validate and hfm-atlas lint.", file=sys.stderr)
    return 0


def cmd_readme(args: argparse.Namespace) -> int:
    from .readme import update_readme

    catalogue, problems = load_catalogue(args.data)
    if any(p.severity == "error" for p in problems):
        raise UserError("the catalogue has errors; run hfm-atlas validate first")
    changed = update_readme(args.readme, catalogue, check=args.check)
    if args.check:
        if changed:
            print(f"{args.readme}: the paper list is stale; run hfm-atlas readme", file=sys.stderr)
            return 1
        print(f"{args.readme}: the paper list is up to date", file=sys.stderr)
        return 0
    print(f"{args.readme}: paper list {'updated' if changed else 'already up to date'}", file=sys.stderr)
    return 0


def cmd_links(args: argparse.Namespace) -> int:
    import os

    from .links import check, record_links
    from .validate import load_entries

    entries, _ = load_entries(args.data)
    broken = check(entries, workers=args.workers)
    problems = [link.entry.problem(link.path, f"{link.url}: {why}", "warning") for link, why in broken]
    _print_problems(sorted(problems), args.format)
    total = len(record_links(entries))
    print(f"links: {len(broken)} of {total} URLs did not answer.", file=sys.stderr)
    summary_file = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary_file:
        with open(summary_file, "a", encoding="utf-8") as handle:
            handle.write(f"## Link check\n\n{len(broken)} of {total} URLs did not answer.\n\n")
            handle.writelines(f"- `{p.file}` line {p.line}: {p.message}\n" for p in sorted(problems))
    return 1 if broken else 0


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
    p.add_argument("format", choices=FORMATS, help="bibtex (.bib), csljson (Zotero, pandoc), csv (spreadsheets), json (the API's papers.json)")
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
    p.add_argument("--scope", choices=["all", "survey", "both"], default="both",
                   help="all records, the survey's table methods (label_source: survey), or both (default)")
    p.set_defaults(func=cmd_stats)

    p = commands.add_parser("import", help="turn another list into draft records (marked label_source: draft)")
    formats = p.add_subparsers(dest="format", metavar="FORMAT", parser_class=_Parser)
    formats.required = True
    for name, metavar, help_ in (("awesome", "FILE.md", "an awesome-list in Markdown: bullets under year headings, dataset tables"),
                                 ("bibtex", "FILE.bib", "a BibTeX file: accents decoded, macros and crossrefs resolved, duplicates reported")):
        q = formats.add_parser(name, help=help_)
        q.add_argument("file", type=Path, metavar=metavar)
        q.add_argument("--subfield", type=Subfield, choices=list(Subfield),
                       help="subfield of the drafts (for awesome: of items whose section names none)")
        q.add_argument("--out", type=Path, metavar="DIR", help="where to write papers/ and datasets/ (default: the --data folder)")
        q.add_argument("--dry-run", action="store_true", help="report what would be written, write nothing")
        q.add_argument("--all-or-nothing", action="store_true", help="write nothing if any entry is refused (for CI)")
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


if __name__ == "__main__":
    sys.exit(main())
