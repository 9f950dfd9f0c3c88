"""One source of truth for each assignment's parts and points.

The nbgrader metadata of ``solutions/<a>/<a>.ipynb`` (answer cells in
order, their test cells' points) is the source. The notebook's own
intro table is generated from it (``authoring/nbsource.py``, placeholder
``@@PARTS_TABLE@@`` in the source, ``assignments/<a>/source.py``); the
book's exercise page and the README's assignment table are checked
against it here.
"""
import re

import pytest

from authoring import nbsource
from authoring.notebooks import ASSIGNMENTS, ROOT, notebooks_of, read


def parts(assignment):
    [nb] = notebooks_of(assignment)
    cells = read(ROOT / "solutions" / assignment / nb).cells
    meta = [c.metadata.get("nbgrader", {}) for c in cells]
    points = {m["grade_id"]: m["points"] for m in meta if m.get("grade")}
    return [(m["grade_id"], points[m["grade_id"] + "_tests"])
            for m in meta if m.get("solution")]


def table_rows(text):
    """(part number, task id, points) of every table row naming a task."""
    return [(int(n), gid, float(pts)) for n, gid, pts in re.findall(
        r"^\| (\d+) \| `(\w+)` \|(?:.*\|)? ([\d.]+) \|$", text, re.M)]


def expected(assignment):
    return [(i, gid, float(p)) for i, (gid, p) in
            enumerate(parts(assignment), 1)]


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_notebook_intro_table_is_the_metadata(assignment):
    [nb] = notebooks_of(assignment)
    for folder in ("solutions", "exercises"):
        intro = read(ROOT / folder / assignment / nb).cells[0].source
        assert table_rows(intro) == expected(assignment), folder
    # In the source, the table is a placeholder, never typed.
    markdown = "\n".join(c.source for c in nbsource.read_cells(
        nbsource.source_path(assignment)) if c.cell_type == "markdown")
    assert "@@PARTS_TABLE@@" in markdown and not table_rows(markdown)


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_book_exercise_page_lists_the_same_parts(assignment):
    page = (ROOT / "book" / assignment / "exercise.md").read_text()
    assert table_rows(page) == expected(assignment)


def test_readme_counts_parts_and_points():
    readme = (ROOT / "README.md").read_text()
    for assignment in ASSIGNMENTS:
        p = parts(assignment)
        row = re.search(rf"^\| `{assignment}` \|.*\| (\d+) parts "
                        rf"\(([\d.]+)\) \|$", readme, re.M)
        assert row, assignment
        assert (int(row[1]), float(row[2])) == (
            len(p), sum(pts for _, pts in p)), assignment
