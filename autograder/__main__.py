"""``python -m autograder``: release exercises and autograde a cohort.

    python -m autograder grade SUBMISSIONS --assignment A [options]
    python -m autograder release --assignment A

The work is in :mod:`autograder.cohort` (grading) and
:mod:`autograder.nbgrader_run` (release); this module is the command
line. ``grade`` takes a folder or a .zip with one folder per student (each
holding the assignment's notebook, directly or in an ``<assignment>/``
subfolder). Every student is graded by an isolated job
(:mod:`autograder.job`) whose kernel runs in a bubblewrap sandbox
(:mod:`autograder.sandbox`), several jobs at a time (``--workers``).
Only this process writes the course gradebook, ``grades.csv``,
``report.md`` and ``feedback/<student>.html``, from the jobs' results.
Every entry of the cohort gets a row: graded, or not graded with the
reason. Code that reaches beyond its answers (:mod:`autograder.tamper`)
changes no score: it is listed for the instructor.
"""
import argparse
import os
import sys

from . import sandbox, submissions
from .cohort import MIB, grade, release
from .nbgrader_run import ROOT

DEFAULT_WORKSPACE = ROOT / "autograder" / "workspace"


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="python -m autograder", description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    d = sandbox.Limits()
    g = sub.add_parser("grade", help="autograde a folder or .zip of "
                       "submissions (one folder per student)")
    g.add_argument("submissions", help="folder or .zip")
    g.add_argument("--assignment", required=True,
                   help="e.g. rnn (a folder of solutions/)")
    g.add_argument("--workspace", default=str(DEFAULT_WORKSPACE),
                   help="course gradebook, result cache (git-ignored)")
    g.add_argument("--out", help="results folder (default: "
                   "WORKSPACE/results/ASSIGNMENT)")
    g.add_argument("--workers", type=int, default=os.cpu_count() or 1,
                   help="grading jobs at once (default: the cores)")
    g.add_argument("--scheduler", metavar="tcp://HOST:PORT",
                   help="send the jobs to this Dask scheduler's workers "
                   "instead of running them here (each worker needs the "
                   "course's environment and bubblewrap)")
    g.add_argument("--course", default=str(ROOT), help="course root "
                   "holding solutions/ and exercises/ (default: this one)")
    g.add_argument("--no-code-check", action="store_true",
                   help="grade without the check for code that tries to "
                   "change the grading (the sandbox still applies)")
    g.add_argument("--regrade", action="store_true",
                   help="grade again even submissions already graded")
    g.add_argument("--unsandboxed", action="store_true",
                   help="run student code without the sandbox (only for "
                   "trusted submissions, where bubblewrap cannot work)")
    g.add_argument("--timeout", type=int, default=d.cell_timeout,
                   help=f"seconds per cell (default {d.cell_timeout})")
    g.add_argument("--notebook-timeout", type=int,
                   default=d.notebook_timeout, help="seconds per notebook "
                   f"(default {d.notebook_timeout})")
    g.add_argument("--memory", type=float, default=d.memory / 2 ** 30,
                   help=f"GiB per kernel process (default "
                   f"{d.memory / 2 ** 30:g})")
    g.add_argument("--processes", type=int, default=d.processes,
                   help=f"processes per kernel (default {d.processes})")
    g.add_argument("--file-size", type=int, default=d.file_size // MIB,
                   help=f"MiB per written file (default "
                   f"{d.file_size // MIB})")
    g.add_argument("--scratch", type=int, default=d.scratch // MIB,
                   help=f"MiB of private /tmp (default {d.scratch // MIB})")
    g.add_argument("--output", type=int, default=d.output,
                   help=f"characters kept per output (default {d.output})")
    g.add_argument("--threads", type=int, default=0,
                   help="CPU threads per job (default: cores / workers)")
    g.set_defaults(func=grade)
    r = sub.add_parser("release", help="regenerate exercises/ from "
                       "solutions/")
    r.add_argument("--assignment", required=True)
    r.add_argument("--into", help="release folder (default exercises/)")
    r.add_argument("--course", default=str(ROOT), help="course root")
    r.set_defaults(func=release)
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except (submissions.InputError, FileNotFoundError, RuntimeError,
            sandbox.SandboxUnavailable) as err:
        print(f"error: {err}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
