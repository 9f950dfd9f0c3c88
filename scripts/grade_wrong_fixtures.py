"""Every wrong fixture through the real grader, one cohort per assignment.

    .venv/bin/python scripts/grade_wrong_fixtures.py [ASSIGNMENT ...]
        [--workers 2]

For each assignment, a cohort of the solution and one submission per
wrong implementation in ``assignments/<a>/wrong/`` (the solution with
that answer replaced) is graded by ``python -m autograder grade``
(sandbox on, tests in the grader's process). Each wrong submission must
lose exactly its own part and the solution must get full marks; prints
one line per assignment and every mismatch, and exits 1 if there is
one. The suite checks this in-process (``tests/test_wrong_fixtures.py``)
and for one fixture per assignment through the grader
(``tests/test_assignments.py``); this script is the whole set, for
authors after changing the grader (minutes per assignment).
"""
import argparse
import csv
import sys
import tempfile
import time
from pathlib import Path

from authoring import ROOT
from authoring.notebooks import (
    ASSIGNMENTS,
    notebooks_of,
    read,
    solution_answers,
    submission,
    write,
    wrong_fixtures,
)
from autograder.__main__ import main as grade_main


def points(assignment, nb):
    return {c.metadata["nbgrader"]["grade_id"]: float(
        c.metadata["nbgrader"]["points"])
        for c in read(ROOT / "solutions" / assignment / nb).cells
        if c.metadata.get("nbgrader", {}).get("grade")}


def check(assignment, work, workers):
    """[(student, expected, got)] of the mismatches; seconds."""
    [nb] = notebooks_of(assignment)
    sol = solution_answers(assignment, nb)
    cohort = work / assignment / "cohort"
    write(submission(assignment, nb, sol), cohort / "solution" / nb)
    full = points(assignment, nb)
    expected = {"solution": full}
    for name, (gid, code) in wrong_fixtures(assignment).items():
        write(submission(assignment, nb, {**sol, gid: code}),
              cohort / f"wrong_{name}" / nb)
        expected[f"wrong_{name}"] = {**full, f"{gid}_tests": 0.0}
    out = work / assignment / "out"
    start = time.perf_counter()
    assert grade_main(["grade", str(cohort), "--assignment", assignment,
                       "--workspace", str(work / assignment / "ws"),
                       "--out", str(out), "--workers", str(workers)]) == 0
    seconds = time.perf_counter() - start
    with open(out / "grades.csv") as f:
        rows = {r["student"]: r for r in csv.DictReader(f)}
    wrong = []
    for student, want in expected.items():
        row = rows[student]
        got = ({p: float(row[p]) for p in full}
               if row["status"] == "graded" else row["problems"])
        if got != want:
            wrong.append((student, want, got))
    return len(expected), wrong, seconds


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("assignments", nargs="*", default=ASSIGNMENTS)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args(argv)
    bad = 0
    with tempfile.TemporaryDirectory() as tmp:
        for a in args.assignments:
            n, wrong, seconds = check(a, Path(tmp), args.workers)
            bad += len(wrong)
            print(f"{a}: {n - len(wrong)} of {n} submissions as expected "
                  f"({n - 1} wrong fixtures), {seconds:.0f} s", flush=True)
            for student, want, got in wrong:
                print(f"  {student}: expected {want}, got {got}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
