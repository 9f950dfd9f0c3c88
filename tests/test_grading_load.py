"""Scores do not depend on how busy the grading machine is.

The training tasks (rnn, lstm, transformer) are budgeted in training
tokens, not seconds. Here two busy-loop processes saturate both cores
for the whole run while the real grader (sandbox on, the three
assignments at once) grades each training task's solution, the blank
notebook, and a submission with a wrong training task and a wrong
earlier part: the solution keeps full marks, the wrong submission loses
exactly those two parts and the blank gets zero, as on an idle
machine. For lstm and transformer this cohort is also their
pass through the real pipeline (``test_assignments.py`` covers the
other assignments, ``test_autograde.py`` the rnn cohort): their
feedback pages never show a hidden test.
"""
import csv
import subprocess
import sys

import pytest

from authoring.notebooks import (
    ROOT,
    hidden_test_lines,
    notebooks_of,
    page_text,
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


def cohort(assignment, folder):
    """The solution, the blank, and a submission with two wrong parts: the
    training task's wrong fixture and the first wrong fixture (by name)
    of an earlier part, so that the real grader also shows a wrong early
    part costing only its own points. Returns the two grade_ids."""
    [nb] = notebooks_of(assignment)
    sol = solution_answers(assignment, nb)
    write(submission(assignment, nb, sol), folder / "solution" / nb)
    fixtures = wrong_fixtures(assignment)
    gid, code = fixtures[TASKS[assignment]]
    early, early_code = fixtures[min(
        name for name, (g, _) in fixtures.items() if g != gid)]
    write(submission(assignment, nb, {**sol, gid: code, early: early_code}),
          folder / "wrong_training" / nb)
    write(read(ROOT / "exercises" / assignment / nb), folder / "blank" / nb)
    return gid, early


@pytest.fixture(scope="module")
def graded_under_load(tmp_path_factory):
    """{assignment: (grades.csv rows, training grade_id)}: the three
    graders run at once, one worker each (three kernels), while two
    processes spin on the CPU, one per core, from before the first job
    until after the last. Grading the three together keeps the spinners'
    share of the machine, and the suite's time, smaller; each kernel still
    competes with four other busy processes for two cores."""
    base = tmp_path_factory.mktemp("under_load")
    spinners = [subprocess.Popen([sys.executable, "-c", "while True: pass"])
                for _ in range(2)]
    graders, gids = {}, {}
    try:
        for a in sorted(TASKS):
            gids[a] = cohort(a, base / a / "cohort")
            graders[a] = subprocess.Popen(
                [sys.executable, "-m", "autograder", "grade",
                 str(base / a / "cohort"), "--assignment", a,
                 "--workspace", str(base / a / "ws"), "--out",
                 str(base / a / "results"), "--workers", "1"],
                cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                text=True)
        logs = {a: p.communicate()[0] for a, p in graders.items()}
        assert all(p.poll() is None for p in spinners), "the load ended"
    finally:
        for p in spinners + list(graders.values()):  # none left behind
            if p.poll() is None:
                p.kill()
            p.wait()
    graded = {}
    for a, p in graders.items():
        assert p.returncode == 0, logs[a][-3000:]
        with open(base / a / "results" / "grades.csv") as f:
            graded[a] = ({r["student"]: r for r in csv.DictReader(f)},
                         gids[a], base / a / "results")
    return graded


@pytest.mark.parametrize("assignment", sorted(TASKS))
def test_training_scores_hold_with_both_cores_busy(graded_under_load,
                                                   assignment):
    rows, (gid, early), _ = graded_under_load[assignment]
    full = points(assignment)
    for student, expected in [
            ("solution", full),
            ("wrong_training", {**full, f"{gid}_tests": 0.0,
                                f"{early}_tests": 0.0}),
            ("blank", {p: 0.0 for p in full})]:
        row = rows[student]
        assert row["status"] == "graded", row
        assert {p: float(row[p]) for p in full} == expected, row


@pytest.mark.parametrize("assignment", sorted(TASKS))
def test_feedback_pages_never_show_hidden_tests(graded_under_load,
                                                assignment):
    rows, _, out = graded_under_load[assignment]
    [nb] = notebooks_of(assignment)
    hidden = hidden_test_lines(assignment, nb)
    assert hidden
    pages = sorted((out / "feedback").glob("*.html"))
    assert len(pages) == len(rows) == 3
    for page in pages:
        text = page_text(page.read_text())
        assert "BEGIN HIDDEN" not in text
        assert [line for line in hidden if line in text] == [], page.name
