"""Build fake student submissions from the real notebooks.

A submission is the released notebook (``exercises/``) with its answer
cells filled: by the solution (taken from ``solutions/``, markers
removed), left blank, or replaced by a wrong implementation kept in
``tests/fixtures/<assignment>/wrong/<grade_id>.py``.
"""
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
MARKERS = ("### BEGIN SOLUTION", "### END SOLUTION")


def grade_id(cell):
    return cell.metadata.get("nbgrader", {}).get("grade_id")


def answer_ids(nb):
    return [grade_id(c) for c in nb.cells
            if c.metadata.get("nbgrader", {}).get("solution")]


def read(path):
    return nbformat.read(str(path), as_version=4)


def solution_answers(assignment, notebook):
    """{grade_id: solution code} of every answer cell."""
    nb = read(ROOT / "solutions" / assignment / notebook)
    return {grade_id(c): "\n".join(
        line for line in c.source.splitlines()
        if line.strip() not in MARKERS)
        for c in nb.cells if c.metadata.get("nbgrader", {}).get("solution")}


def wrong_fixtures(assignment):
    """{name: (grade_id, code)} of the saved wrong implementations.

    ``<grade_id>.py`` or ``<grade_id>--<variant>.py``.
    """
    folder = FIXTURES / assignment / "wrong"
    return {p.stem: (p.stem.split("--")[0], p.read_text())
            for p in sorted(folder.glob("*.py"))}


def submission(assignment, notebook, answers):
    """The released notebook with answer cells replaced by ``answers``."""
    nb = read(ROOT / "exercises" / assignment / notebook)
    for cell in nb.cells:
        if grade_id(cell) in answers:
            cell.source = answers[grade_id(cell)]
    return nb


def write(nb, path):
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, str(path))
    return path
