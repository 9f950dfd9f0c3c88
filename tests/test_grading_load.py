"""Scores do not depend on how busy the grading machine is.

The training tasks (rnn, lstm, transformer) are budgeted in training
tokens, not seconds. Here two busy-loop processes saturate both cores
for the whole run while the real grader (sandbox on, two workers) grades
each training task's solution and its wrong fixture: the solution keeps
full marks and the fixture loses exactly the training part, as on an
idle machine.
"""
import csv
import subprocess
import sys

import pytest

from autograder.__main__ import main as autograder_main

from notebooks import (
    ROOT,
    notebooks_of,
    read,
    solution_answers,
    submission,
    write,
    wrong_fixtures,
)

TASKS = {"rnn": "train_lm", "lstm": "train_lstm",
         "transformer": "train_transformer--book"}


def points(assignment):
    [nb] = notebooks_of(assignment)
    return {c.metadata["nbgrader"]["grade_id"]: float(
        c.metadata["nbgrader"]["points"])
        for c in read(ROOT / "solutions" / assignment / nb).cells
        if c.metadata.get("nbgrader", {}).get("grade")}


@pytest.fixture(scope="module")
def busy():
    """Two processes spinning on the CPU, one per core."""
    spinners = [subprocess.Popen([sys.executable, "-c", "while True: pass"])
                for _ in range(2)]
    yield spinners
    for p in spinners:
        p.kill()
        p.wait()


@pytest.mark.parametrize("assignment", sorted(TASKS))
def test_training_scores_hold_with_both_cores_busy(busy, assignment,
                                                   tmp_path):
    assert all(p.poll() is None for p in busy)
    [nb] = notebooks_of(assignment)
    sol = solution_answers(assignment, nb)
    cohort = tmp_path / "cohort"
    write(submission(assignment, nb, sol), cohort / "solution" / nb)
    gid, code = wrong_fixtures(assignment)[TASKS[assignment]]
    write(submission(assignment, nb, {**sol, gid: code}),
          cohort / "wrong_training" / nb)
    out = tmp_path / "results"
    assert autograder_main([
        "grade", str(cohort), "--assignment", assignment, "--workspace",
        str(tmp_path / "ws"), "--out", str(out), "--workers", "2"]) == 0
    assert all(p.poll() is None for p in busy)  # the load lasted
    with open(out / "grades.csv") as f:
        rows = {r["student"]: r for r in csv.DictReader(f)}
    full = points(assignment)
    for student, expected in [
            ("solution", full),
            ("wrong_training", {**full, f"{gid}_tests": 0.0})]:
        row = rows[student]
        assert row["status"] == "graded", row
        assert {p: float(row[p]) for p in full} == expected, row
