"""The runner's command line (a project's console script calls `main` with its project): build every configured
report, run one notebook with any parameters, list, refresh or clean."""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import sys
import time
from collections import Counter
from pathlib import Path

from .errors import ReportingError, shown
from .kernels import KINDS


def _notebooks_help(spec: str, argv: list[str]) -> str:
    """The parameters of each configured notebook, as its parameters cell declares them (name, default and the
    comment that says what it takes), for `run --help`; '' if the config cannot be read."""
    from . import config, params, project

    try:
        root = project.use(spec).root
        path = Path(argv[argv.index("--config") + 1]) if "--config" in argv[:-1] else root / "reports.toml"
        notebooks = sorted({report.notebook for report in config.load(path).values()})
    except (ReportingError, OSError):
        return ""
    lines = ["parameters of the configured notebooks (-p NAME VALUE; the README lists every valid value):"]
    for notebook in notebooks:
        lines.append(f"  {os.path.relpath(notebook)}")
        for line in params.parameters_cell(notebook).splitlines():
            name = line.split("=")[0].strip()
            if "=" in line and name.isidentifier() and name not in params.RESERVED:
                lines.append(f"    {line.strip()}")
    return "\n".join(lines)


def _wants_run_help(argv: list[str]) -> bool:
    return bool(argv) and argv[0] == "run" and bool({"-h", "--help"} & set(argv))


def _jobs(text: str) -> int:
    """--jobs: a whole number, at least 1 (0 would run nothing and say nothing)."""
    try:
        jobs = int(text)
    except ValueError:
        jobs = 0
    if jobs < 1:
        raise argparse.ArgumentTypeError(f"{shown(text)} is not a number of notebooks to run at once; give 1 or more")
    return jobs


def _parser(prog: str, description: str, version: str = "", notebooks: str = "") -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=prog, description=description)
    if version:
        parser.add_argument("--version", action="version", version=f"{prog} {version}")
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="build every report listed in the config (cached, parallel)")
    b.add_argument("--config", type=Path, default=None, help="report config (default: reports.toml)")
    b.add_argument(
        "--jobs", "-j", type=_jobs, default=None, help="notebooks run at once (default: the processors this may use)"
    )
    b.add_argument("--force", action="store_true", help="rebuild even what is cached")
    b.add_argument("--only", nargs="+", metavar="REPORT", help="build only these reports")
    b.add_argument(
        "--kernels",
        choices=KINDS,
        default="forked",
        help="how each report's kernel starts: forked from one process that has loaded everything (default; spawned "
        "where that cannot be done), spawned and warmed up, or spawned cold with nothing loaded (slower; the same "
        "bytes)",
    )
    b.add_argument(
        "--cold-kernels", action="store_const", const="cold", dest="kernels", help="the same as --kernels cold"
    )
    r = sub.add_parser(
        "run",
        help="run one notebook with parameters: run NOTEBOOK -p KEY VALUE ...",
        epilog=notebooks or None,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    r.add_argument("notebook", type=Path)
    r.add_argument("-p", "--parameter", nargs=2, action="append", default=[], metavar=("KEY", "VALUE"))
    r.add_argument("--force", action="store_true", help="rebuild even if cached")
    listing = sub.add_parser("list", help="list the configured runs and their output files")
    f = sub.add_parser("refresh", help="re-execute committed notebooks with their defaults (stored outputs for nbval)")
    f.add_argument("notebooks", nargs="*", type=Path, help="default: every notebook in the config")
    c = sub.add_parser(
        "clean", help="remove ad-hoc reports, failed notebooks and temporary files (configured reports stay)"
    )
    for each in (r, listing, f, c):
        each.add_argument("--config", type=Path, default=None, help="report config (default: reports.toml)")
    return parser


def _interrupted(prog: str, config: Path | None) -> str:
    """Clean up after a stopped command (temporary files, the index) and say so in one line. The clean-up is done as
    far as it can be: the signal may have come while the project was still being imported, or before."""
    removed: int | None = 0
    with contextlib.suppress(Exception):
        from . import files

        removed = files.clean_interrupted()
    if config is not None and removed is not None:  # None: another build is writing the folder and its index
        with contextlib.suppress(Exception):
            from . import site

            site.write_index(config)
    return (
        f"{prog}: interrupted; finished reports and their cache records are kept ({removed or 0} temporary files "
        "removed); the next build resumes with the rest\n"
    )


def _given(pairs: list[list[str]]) -> dict[str, str]:
    """-p KEY VALUE pairs as a dict; a key given twice is an error naming it."""
    twice = [k for k, n in Counter(k for k, _ in pairs).items() if n > 1]
    if twice:
        raise ReportingError(f"parameter {twice[0]!r} is given twice; give each -p KEY VALUE once.")
    return dict(pairs)


def main(argv: list[str] | None, spec: str, prog: str, description: str = "", version: str = "") -> int:
    """Run the command line for the project `spec` ("module:attribute"); returns the exit code. Output cut short
    by its reader (`sco-report list | head`) ends the command quietly, as for any filter."""
    try:
        return _main(sys.argv[1:] if argv is None else argv, spec, prog, description, version)
    except BrokenPipeError:
        # the reader has gone: nothing more can be said, and Python's flush at exit must not complain either
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 128 + signal.SIGPIPE


def _command(args: argparse.Namespace, config: Path) -> int:
    """Carry out the parsed command; returns the exit code (errors are raised, for _main to report)."""
    from . import builder, execute, files, plan, site

    if args.command == "build":
        jobs = args.jobs if args.jobs is not None else builder.cpus()
        return builder.main_build(config, jobs, args.force, args.only, args.kernels)
    if args.command == "refresh":
        targets = args.notebooks or sorted({run.notebook for run in plan.plan(config)})
        for notebook in targets:
            started = time.perf_counter()
            execute.refresh_notebook(Path(notebook))
            print(f"{notebook}: executed in place in {time.perf_counter() - started:.1f} s")
        return 0
    if args.command == "list":
        for run in plan.plan(config):
            print(f"{run.name:45s} {run.path('.html')}")
        return 0
    if args.command == "clean":
        configured = plan.plan(config)
        with files.only_writer(builder.say):
            for line in files.clean(configured):
                print(line)
            site.write_index(config)
        return 0
    started = time.perf_counter()
    run = plan.adhoc_run(args.notebook, _given(args.parameter), config)
    with files.only_writer(builder.say):
        outcomes = builder.build([run], jobs=1, force=args.force, say=builder.say)
        site.write_index(config)
    print(builder.summarize(outcomes, time.perf_counter() - started))
    if outcomes[0].status != "failed":
        print(f"report: {run.path('.html').as_uri()}")  # a link a terminal opens
    return 1 if outcomes[0].status == "failed" else 0


def _main(argv: list[str], spec: str, prog: str, description: str, version: str) -> int:
    from . import stopping

    stopping.install(lambda: _interrupted(prog, None))  # from the first moment: a ^C is never a traceback
    notebooks = _notebooks_help(spec, argv) if _wants_run_help(argv) else ""
    args = _parser(prog, description or __doc__ or "", version, notebooks).parse_args(argv)
    from . import files, project

    try:
        root = project.use(spec).root
    except ReportingError as exc:
        print(f"{prog}: error: {exc}", file=sys.stderr)
        return 2
    config = args.config if getattr(args, "config", None) else root / "reports.toml"

    stopping.install(lambda: _interrupted(prog, config))
    try:
        return _command(args, config)
    except ReportingError as exc:
        print(f"{prog}: error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # not a failure to write a report: the reader of the output has gone (main)
        raise
    except OSError as exc:
        files.clean_interrupted()
        print(f"{prog}: error: {files.explain(exc)}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:  # raised by code run here without stopping's handler (none should be)
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second ^C must not cut the clean-up short
        print(_interrupted(prog, config), end="", file=sys.stderr)
        return stopping.INTERRUPTED
