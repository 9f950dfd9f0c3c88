"""One cohort through the real pipeline: generate -> autograde -> report.

The cohort (handed in as a .zip) holds the solution, a blank notebook,
three wrong implementations from assignments/<a>/wrong in two submissions (the
first part with the recurrent step every later part builds on, and the
training task), a student who edited the test cells and a locked cell,
and three broken files. Scores are asserted exactly, part by part.
Every other wrong fixture of every assignment is checked in-process,
against the same test cells, by tests/test_wrong_fixtures.py; these
three show that the real grader (nbgrader in the sandbox) agrees with
that check.
"""
import csv
import json
import re
import shutil
import zipfile

import pytest
from nbgrader.api import Gradebook

from authoring.notebooks import (
    ROOT,
    answer_ids,
    hidden_test_lines,
    page_text,
    read,
    solution_answers,
    submission,
    write,
    wrong_fixtures,
)
from autograder.__main__ import main as autograder_main

A, NB = "rnn", "rnn.ipynb"
# Seconds per cell: a safety limit only (the training budget is counted in
# tokens), generous so that a busy machine cannot change a verdict. The
# infinite loop is in the attack corpus (tests/test_attacks.py).
TIMEOUT = 300
# Wrong fixtures graded for real here (all of them run in-process), by
# submission: each submission trains the model, so the two early parts
# share one (a wrong step must still cost only its own part).
REAL_FIXTURES = {"one_hot_and_rnn_step": ("one_hot", "rnn_step"),
                 "train_lm": ("train_lm",)}


def points():
    nb = read(ROOT / "solutions" / A / NB)
    return {c.metadata["nbgrader"]["grade_id"]: c.metadata["nbgrader"][
        "points"] for c in nb.cells
        if c.metadata.get("nbgrader", {}).get("grade")}


def build_cohort(folder):
    sol = solution_answers(A, NB)
    write(submission(A, NB, sol), folder / "solution" / A / NB)
    write(read(ROOT / "exercises" / A / NB), folder / "blank" / NB)
    fixtures = wrong_fixtures(A)
    for student, names in REAL_FIXTURES.items():
        wrong = dict(fixtures[name] for name in names)
        write(submission(A, NB, {**sol, **wrong}),
              folder / f"wrong_{student}" / NB)
    # Wrong training settings, then tests deleted and the locked training
    # cell edited to lower the bar: nbgrader must restore both.
    train_gid, train_code = fixtures["train_lm"]
    cheat = submission(A, NB, {**sol, train_gid: train_code})
    for cell in cheat.cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("grade"):
            cell.source = "pass  # tests removed"
        elif meta.get("locked") and "TARGET_PPL =" in cell.source:
            cell.source = re.sub(r"TARGET_PPL = .*",
                                 "TARGET_PPL = 1000, 1000.0", cell.source)
    write(cheat, folder / "cheater" / NB)
    (folder / "bad_json").mkdir()
    (folder / "bad_json" / NB).write_text('{"cells": [{"cell_type": ')
    (folder / "no_cells").mkdir()
    (folder / "no_cells" / NB).write_text(json.dumps(
        {"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}))
    (folder / "not_a_notebook").mkdir()
    (folder / "not_a_notebook" / NB).write_bytes(b"%PDF-1.4\n\xff\xfe\x00")
    archive = folder.parent / "cohort.zip"
    with zipfile.ZipFile(archive, "w") as z:
        for path in folder.rglob("*"):
            z.write(path, "cohort" / path.relative_to(folder))
    return archive


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    base = tmp_path_factory.mktemp("grading")
    archive = build_cohort(base / "cohort")
    workspace, out = base / "workspace", base / "results"
    code = autograder_main(["grade", str(archive), "--assignment", A,
                            "--workspace", str(workspace), "--out",
                            str(out), "--timeout", str(TIMEOUT)])
    assert code == 0
    with open(out / "grades.csv") as f:
        rows = {r["student"]: r for r in csv.DictReader(f)}
    return rows, workspace, out


def scores(row):
    return {p: float(row[p]) for p in points()}


def test_solution_gets_full_marks(graded):
    rows, _, _ = graded
    assert rows["solution"]["status"] == "graded"
    assert scores(rows["solution"]) == {p: float(v) for p, v in
                                        points().items()}
    assert float(rows["solution"]["score"]) == sum(points().values()) >= 10


def test_blank_gets_zero(graded):
    rows, _, _ = graded
    assert rows["blank"]["status"] == "graded"
    assert float(rows["blank"]["score"]) == 0


def test_edited_tests_and_locked_cells_are_restored(graded):
    rows, _, _ = graded
    expected = {p: float(v) for p, v in points().items()}
    expected["train_lm_tests"] = 0.0
    assert scores(rows["cheater"]) == expected


@pytest.mark.parametrize("student", REAL_FIXTURES)
def test_each_wrong_fixture_loses_exactly_its_part(graded, student):
    rows, _, _ = graded
    expected = {p: float(v) for p, v in points().items()}
    for name in REAL_FIXTURES[student]:
        expected[f"{wrong_fixtures(A)[name][0]}_tests"] = 0.0
    assert scores(rows[f"wrong_{student}"]) == expected


@pytest.mark.parametrize("student,reason", [
    ("bad_json", "not valid JSON"), ("no_cells", "has no cells"),
    ("not_a_notebook", "not a text file")])
def test_bad_submissions_are_reported_not_fatal(graded, student, reason):
    rows, _, _ = graded
    assert rows[student]["status"] == "not graded"
    assert reason in rows[student]["problems"]


def test_feedback_and_report_are_written(graded):
    rows, _, out = graded
    graded_students = [s for s, r in rows.items() if r["status"] == "graded"]
    for student in graded_students:
        html = (out / "feedback" / f"{student}.html").read_text()
        assert "one_hot_tests" in html or "Part 1" in html
    report = (out / "report.md").read_text()
    for part in points():
        assert f"`{part}`" in report
    assert "bad_json" in report and "[one_hot]" in report


def test_gradebook_holds_only_graded_students(graded):
    rows, workspace, _ = graded
    with Gradebook(f"sqlite:///{workspace / 'gradebook.db'}") as gb:
        graded_ids = {s.student.id for s in gb.assignment_submissions(A)}
    assert graded_ids == {s for s, r in rows.items()
                          if r["status"] == "graded"}


def test_regrading_a_bad_batch_keeps_earlier_grades(graded, tmp_path):
    rows, workspace, _ = graded
    (tmp_path / "late" / "mallory").mkdir(parents=True)
    (tmp_path / "late" / "mallory" / NB).write_text("not json")
    before = shutil.copy(workspace / "gradebook.db", tmp_path / "before.db")
    code = autograder_main(["grade", str(tmp_path / "late"),
                            "--assignment", A, "--workspace",
                            str(workspace), "--out", str(tmp_path / "out")])
    assert code == 0
    with Gradebook(f"sqlite:///{before}") as old, Gradebook(
            f"sqlite:///{workspace / 'gradebook.db'}") as new:
        for student in ("solution", "blank"):
            assert (new.find_submission(A, student).score
                    == old.find_submission(A, student).score)


def test_missing_input_is_a_clear_error(tmp_path, capsys):
    assert autograder_main(["grade", str(tmp_path / "nope"),
                            "--assignment", A]) == 2
    assert "does not exist" in capsys.readouterr().err


def test_every_answer_cell_is_exercised():
    assert len(answer_ids(read(ROOT / "solutions" / A / NB))) == len(
        points())


def test_feedback_pages_never_show_hidden_tests(graded):
    rows, _, out = graded
    hidden = hidden_test_lines(A, NB)
    assert len(hidden) > 50
    pages = sorted((out / "feedback").glob("*.html"))
    assert len(pages) == sum(r["status"] == "graded" for r in rows.values())
    for page in pages:
        text = page_text(page.read_text())
        assert "BEGIN HIDDEN" not in text
        assert [line for line in hidden if line in text] == [], page.name
