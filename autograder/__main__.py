"""``python -m autograder``: release exercises and autograde a cohort.

    python -m autograder grade SUBMISSIONS [--assignment rnn]
    python -m autograder release [--assignment rnn]

``grade`` takes a folder or a .zip with one folder per student (each
holding the assignment's notebook, directly or in an ``<assignment>/``
subfolder), autogrades every usable submission with nbgrader, and writes
``grades.csv``, ``report.md`` and ``feedback/<student>.html`` to the
results folder. A submission that is not a usable notebook is reported in
``grades.csv`` for that student; the others are graded all the same.
"""
import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

from . import results, submissions
from .nbgrader_run import (ROOT, generate, gradebook, nbgrader,
                           release_notebooks)

DEFAULT_WORKSPACE = ROOT / "autograder" / "workspace"


def autograde_one(student, assignment, workspace, timeout):
    """Autograde one staged student; on failure restore the gradebook."""
    db, _ = gradebook(workspace)
    backup = db.with_suffix(".db.before")
    shutil.copyfile(db, backup)
    code, log = nbgrader(["autograde", assignment, "--force",
                          f"--student={student.student_id}"],
                         workspace, timeout=timeout)
    if code != 0 or ("ERROR" in log and "Timeout" in log):
        shutil.copyfile(backup, db)  # keep the gradebook as it was
        errors = [ln for ln in log.splitlines() if "ERROR" in ln or
                  "Timeout" in ln or "timed out" in ln.lower()]
        reason = errors[0][:200] if errors else log.strip()[-200:]
        return f"autograde failed: {reason}"
    backup.unlink()
    return None


def grade(args):
    workspace = Path(args.workspace).resolve()
    out = Path(args.out or workspace / "results" / args.assignment)
    workspace.mkdir(parents=True, exist_ok=True)
    expected = release_notebooks(args.assignment)
    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as scratch:
        root = submissions.open_submissions(args.submissions, scratch,
                                            args.assignment)
        students = submissions.collect(root, args.assignment, expected)
        if not students:
            raise submissions.InputError(f"no student folders in {root}")
        generate(args.assignment, workspace, workspace / "release")
        rows = [grade_student(s, args, workspace) for s in students]
    graded = [r["student"] for r in rows if r["status"] == "graded"]
    if graded:  # one nbgrader run for all feedback pages
        nbgrader(["generate_feedback", args.assignment, "--force"],
                 workspace)
    for sid in graded:
        results.copy_feedback(workspace / "feedback", sid, args.assignment,
                              out / "feedback")
    _, db_url = gradebook(workspace)
    parts, max_points = [], {}
    for r in rows:
        for p, (_, mx) in r["parts"].items():
            if p not in max_points:
                parts.append(p)
                max_points[p] = mx
    out.mkdir(parents=True, exist_ok=True)
    results.write_grades(out / "grades.csv", rows, parts)
    results.write_report(out / "report.md", args.assignment, rows, parts,
                         max_points)
    for r in rows:
        total = (f"{r['score']:g}/{r['max_score']:g}"
                 if r["status"] == "graded" else "-")
        note = "; ".join(r["problems"])
        print(f"{r['student']:<24} {r['status']:<11} {total:>8}  {note}")
    print(f"Graded {sum(r['status'] == 'graded' for r in rows)} of "
          f"{len(rows)} in {time.perf_counter() - start:.0f} s. Results: "
          f"{out / 'grades.csv'}, {out / 'report.md'}, {out / 'feedback'}/"
          f" (gradebook {db_url})")
    return 0


def grade_student(student, args, workspace):
    row = dict(student=student.student_id, status="not graded",
               problems=list(student.problems), parts={}, messages={})
    if student.problems or not student.notebooks:
        return row
    submissions.stage(student, workspace / "submitted", args.assignment)
    problem = autograde_one(student, args.assignment, workspace,
                            args.timeout)
    if problem:
        row["problems"].append(problem)
        return row
    row["parts"] = results.part_scores(gradebook(workspace)[1],
                                       args.assignment, student.student_id)
    graded = workspace / "autograded" / student.student_id / args.assignment
    for nb in sorted(graded.glob("*.ipynb")):
        row["messages"].update(results.failure_messages(nb))
    row["score"] = sum(s for s, _ in row["parts"].values())
    row["max_score"] = sum(m for _, m in row["parts"].values())
    row["status"] = "graded"
    return row


def release(args):
    """Regenerate exercises/<assignment> from solutions/<assignment>."""
    target = Path(args.into).resolve() if args.into else ROOT / "exercises"
    with tempfile.TemporaryDirectory() as ws:
        folder = generate(args.assignment, Path(ws), target)
    print(f"Student version written to {folder}")
    return 0


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="python -m autograder", description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    g = sub.add_parser("grade", help="autograde a folder or .zip of "
                       "submissions (one folder per student)")
    g.add_argument("submissions", help="folder or .zip")
    g.add_argument("--assignment", default="rnn")
    g.add_argument("--workspace", default=str(DEFAULT_WORKSPACE),
                   help="gradebook and nbgrader folders (git-ignored)")
    g.add_argument("--out", help="results folder (default: "
                   "WORKSPACE/results/ASSIGNMENT)")
    g.add_argument("--timeout", type=int, default=300,
                   help="seconds allowed per notebook cell (default 300)")
    g.set_defaults(func=grade)
    r = sub.add_parser("release", help="regenerate exercises/ from "
                       "solutions/")
    r.add_argument("--assignment", default="rnn")
    r.add_argument("--into", help="release folder (default exercises/)")
    r.set_defaults(func=release)
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except (submissions.InputError, FileNotFoundError, RuntimeError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
