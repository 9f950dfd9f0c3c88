"""Author an nbgrader source notebook (``solutions/<a>/<a>.ipynb``) from a
plain Python script, which diffs and reviews better than notebook JSON.

An authoring script (``scripts/exercises/<assignment>.py``) calls
:func:`md`, :func:`locked`, :func:`answer` and :func:`tests` in notebook
order, then :func:`write`, which ends the notebook with the same
"Before you hand in" cell for every assignment. Every cell gets its
``grade_id`` as cell id, so regenerating an unchanged script gives a
byte-identical notebook. Then
``make release ASSIGNMENT=<a>`` regenerates the student version.
"""
import os
import sys
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

ROOT = Path(__file__).resolve().parent.parent
CELLS = []


def _meta(grade_id, kind, points=0):
    meta = {"grade": kind == "tests", "grade_id": grade_id,
            "locked": kind != "answer", "schema_version": 3,
            "solution": kind == "answer", "task": False}
    if kind == "tests":
        meta["points"] = points
    return {"nbgrader": meta}


def _add(cell, grade_id, kind, points=0):
    if any(c.id == grade_id for c in CELLS):
        raise ValueError(f"grade_id {grade_id!r} is used twice")
    cell.id = grade_id
    cell.metadata.update(_meta(grade_id, kind, points))
    CELLS.append(cell)


def md(text, grade_id):
    """A locked markdown cell."""
    _add(new_markdown_cell(text.strip("\n")), grade_id, "md")


def locked(grade_id, source):
    """A locked code cell (set-up, training run): the grader restores it."""
    _add(new_code_cell(source.strip("\n")), grade_id, "locked")


def answer(grade_id, source):
    """The cell a student fills; the solution sits between ``### BEGIN
    SOLUTION`` and ``### END SOLUTION``."""
    _add(new_code_cell(source.strip("\n")), grade_id, "answer")


def tests(grade_id, points, source):
    """A graded test cell; it must start with a one-line docstring."""
    if not source.lstrip("\n").startswith('"""'):
        raise ValueError(f"{grade_id}: start with a one-line docstring")
    _add(new_code_cell(source.strip("\n")), grade_id, "tests", points)


PARTS_TABLE = "@@PARTS_TABLE@@"


def parts_table(cells):
    """The intro's table of graded parts, from the cells themselves: one
    row per answer cell, in notebook order, with its test cell's
    points."""
    points = {c.metadata["nbgrader"]["grade_id"]: c.metadata["nbgrader"][
        "points"] for c in cells if c.metadata["nbgrader"].get("grade")}
    answers = [c.metadata["nbgrader"]["grade_id"] for c in cells
               if c.metadata["nbgrader"].get("solution")]
    rows = ["| part | task id | points |", "|---|---|---|"]
    for i, gid in enumerate(answers, 1):
        rows.append(f"| {i} | `{gid}` | {points[gid + '_tests']:g} |")
    return "\n".join(rows)


def write(assignment):
    """Add the hand-in cell, then write
    ``solutions/<assignment>/<assignment>.ipynb`` (or under
    ``$SEQ_SOLUTIONS_DIR``, which the tests use to check the sync)."""
    md(f'''
## Before you hand in

Restart the kernel and run all cells (*Kernel > Restart & Run All*), then
run `nbgrader validate` as shown at the top. Hand in this notebook file,
`{assignment}.ipynb`, unchanged in name.
''', "handin_md")
    for cell in CELLS:  # the parts table is made, never typed
        if cell.cell_type == "markdown" and PARTS_TABLE in cell.source:
            cell.source = cell.source.replace(PARTS_TABLE,
                                              parts_table(CELLS))
    nb = new_notebook(cells=CELLS, metadata={
        "kernelspec": {"display_name": "Python 3", "language": "python",
                       "name": "python3"},
        "language_info": {"name": "python"}})
    nbformat.validate(nb)
    solutions = Path(os.environ.get("SEQ_SOLUTIONS_DIR", ROOT / "solutions"))
    path = solutions / assignment / f"{assignment}.ipynb"
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, str(path))
    print(f"wrote {path} ({len(CELLS)} cells); now run "
          f"`make release ASSIGNMENT={assignment}`", file=sys.stderr)
