"""`sco-report`: build every configured report, or run one notebook with any parameters."""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from .errors import ScoError


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="sco-report", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="build every report listed in the config (cached, parallel)")
    b.add_argument("--config", type=Path, default=None, help="report config (default: reports.toml)")
    b.add_argument("--jobs", "-j", type=int, default=os.cpu_count() or 1, help="notebooks run at once")
    b.add_argument("--force", action="store_true", help="rebuild even what is cached")
    b.add_argument("--only", nargs="+", metavar="REPORT", help="build only these reports")
    r = sub.add_parser("run", help="run one notebook with parameters: sco-report run NOTEBOOK -p KEY VALUE ...")
    r.add_argument("notebook", type=Path)
    r.add_argument("-p", "--parameter", nargs=2, action="append", default=[], metavar=("KEY", "VALUE"))
    r.add_argument("--force", action="store_true", help="rebuild even if cached")
    sub.add_parser("list", help="list the configured runs and their output files")
    f = sub.add_parser("refresh", help="re-execute committed notebooks with their defaults (stored outputs for nbval)")
    f.add_argument("notebooks", nargs="*", type=Path, help="default: every notebook in the config")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `sco-report` console script."""
    args = _parser().parse_args(argv)
    from .build import builder, execute, plan, site
    from .build.environment import ROOT

    config = args.config if getattr(args, "config", None) else ROOT / "reports.toml"
    try:
        if args.command == "build":
            return builder.main_build(config, args.jobs, args.force, args.only)
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
        started = time.perf_counter()
        given = dict(args.parameter)
        if len(given) != len(args.parameter):
            raise ScoError("a parameter is given twice; give each -p KEY VALUE once.")
        run = plan.adhoc_run(args.notebook, given, config)
        outcomes = builder.build([run], jobs=1, force=args.force)
        site.write_index(config, {o.run.name: o.error for o in outcomes if o.status == "failed"})
        print(builder.summarize(outcomes, time.perf_counter() - started))
        if outcomes[0].status != "failed":
            print(f"report: {run.path('.html')}")
        return 1 if outcomes[0].status == "failed" else 0
    except ScoError as exc:
        print(f"sco-report: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("sco-report: interrupted; finished reports are kept, the next build resumes", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
