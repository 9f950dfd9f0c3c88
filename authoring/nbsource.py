"""Write an nbgrader source notebook (``solutions/<a>/<a>.ipynb``) from
its source, ``assignments/<a>/source.py``: a percent-format notebook that
is plain Python, so ruff, editors and a diff read it as code.

    python -m authoring.nbsource <assignment> [...]   # or --all

The source starts with a docstring (for the author, not in the
notebook). Then every cell starts with a header line::

    # %% [markdown] id="intro"                       locked markdown
    # %% locked id="setup"                           locked code
    # %% answer id="init_stack_state"                the student's cell
    # %% tests id="init_stack_state_tests" points=1  a graded test cell

After the kind (``locked``, ``answer``, ``tests``; markdown cells have
none) come ``key=value`` pairs with JSON values, as jupytext reads them
(VS Code, PyCharm, Spyder and jupytext all know ``# %%`` cells; jupytext
takes the kind for the cell's title). ``id`` is the cell id and nbgrader
``grade_id``; a ``tests`` cell also has ``points`` and must start with a
one-line docstring. A markdown cell's lines are ``# `` comments (``#``
alone for an empty line). A solution sits between ``### BEGIN SOLUTION``
and ``### END SOLUTION``, hidden tests between ``### BEGIN HIDDEN
TESTS`` and ``### END HIDDEN TESTS``. Blank lines around a cell are not
part of it. In the intro, the line ``@@PARTS_TABLE@@`` becomes the table
of graded parts, made from the cells' metadata; the notebook ends with
the same "Before you hand in" cell for every assignment.

Running a source (``python assignments/<a>/source.py``) runs the whole
notebook with its solutions, visible and hidden tests, top to bottom.
Regenerating an unchanged source gives a byte-identical notebook; then
``make release ASSIGNMENT=<a>`` writes the student version.
"""
import argparse
import ast
import json
import os
import re
import sys
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from . import ROOT, source_path
from . import assignments as _assignments

KINDS = ("markdown", "locked", "answer", "tests")
HEADER = re.compile(r"^# %%(?: (?P<rest>.*))?$")
KEY = re.compile(r"\s*(?P<key>[A-Za-z_]\w*)=")
PARTS_TABLE = "@@PARTS_TABLE@@"


class SourceError(ValueError):
    """A source file that does not follow the format above."""


def assignments():
    """Every assignment with a source, sorted."""
    return _assignments()


def _meta(grade_id, kind, points=0):
    meta = {"grade": kind == "tests", "grade_id": grade_id,
            "locked": kind != "answer", "schema_version": 3,
            "solution": kind == "answer", "task": False}
    if kind == "tests":
        meta["points"] = points
    return {"nbgrader": meta}


def parse_header(text, where="header"):
    """``[markdown] id="intro"`` or ``tests id="x_tests" points=1`` (the
    part after ``# %%``) -> (kind, {key: value})."""
    rest = text.strip()
    if rest.startswith("[markdown]"):
        kind, rest = "markdown", rest[len("[markdown]"):]
    else:
        kind, _, rest = rest.partition(" ")
        if kind not in KINDS[1:]:
            raise SourceError(f"{where}: the kind must be [markdown], "
                              f"locked, answer or tests, not {kind!r}")
    options, decoder = {}, json.JSONDecoder()
    rest = rest.strip()
    while rest:
        match = KEY.match(rest)
        if not match:
            raise SourceError(f"{where}: expected key=value, got {rest!r}")
        try:
            value, end = decoder.raw_decode(rest, match.end())
        except json.JSONDecodeError as error:
            raise SourceError(f"{where}: the value of {match['key']} is "
                              f"not JSON ({error})") from None
        if match["key"] in options:
            raise SourceError(f"{where}: {match['key']} given twice")
        options[match["key"]] = value
        if end < len(rest) and not rest[end].isspace():
            raise SourceError(f"{where}: a space must follow each value")
        rest = rest[end:].strip()
    return kind, options


def _markdown(lines, where):
    out = []
    for line in lines:
        if line == "#":
            out.append("")
        elif line.startswith("# "):
            out.append(line[2:])
        else:
            raise SourceError(f"{where}: every line of a markdown cell "
                              f"starts with '# ' (or is '#'): {line!r}")
    return "\n".join(out)


def read_cells(path):
    """The cells of a source file, without the hand-in cell."""
    path = Path(path)
    lines = path.read_text(encoding="utf-8").split("\n")
    starts = [i for i, line in enumerate(lines) if HEADER.match(line)]
    if not starts:
        raise SourceError(f"{path}: no '# %%' cell")
    preamble = ast.parse("\n".join(lines[:starts[0]]))
    if not (len(preamble.body) == 1
            and isinstance(preamble.body[0], ast.Expr)
            and isinstance(preamble.body[0].value, ast.Constant)
            and isinstance(preamble.body[0].value.value, str)):
        raise SourceError(f"{path}: before the first cell comes the "
                          "source's docstring, and only that")
    cells, ids = [], set()
    for start, end in zip(starts, starts[1:] + [len(lines)]):
        where = f"{path}:{start + 1}"
        kind, options = parse_header(
            HEADER.match(lines[start])["rest"] or "", where)
        body = lines[start + 1:end]
        while body and not body[-1].strip():
            body.pop()
        while body and not body[0].strip():
            body.pop(0)
        grade_id = options.pop("id", None)
        if not isinstance(grade_id, str) or not grade_id:
            raise SourceError(f"{where}: give the cell an id=\"...\"")
        if grade_id in ids:
            raise SourceError(f"{where}: id {grade_id!r} is used twice")
        ids.add(grade_id)
        points = options.pop("points", None)
        if (kind == "tests") != (points is not None):
            raise SourceError(f"{where}: points= goes with tests cells, "
                              "and only with them")
        if options:
            raise SourceError(f"{where}: unknown option(s) {sorted(options)}")
        if kind == "markdown":
            cell = new_markdown_cell(_markdown(body, where))
            kind = "md"
        else:
            cell = new_code_cell("\n".join(body))
        if kind == "tests" and not cell.source.startswith('"""'):
            raise SourceError(f"{where}: {grade_id}: a tests cell starts "
                              "with a one-line docstring")
        cell.id = grade_id
        cell.metadata.update(_meta(grade_id, kind, points or 0))
        cells.append(cell)
    return cells


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


def handin_cell(assignment):
    cell = new_markdown_cell(f"""## Before you hand in

Restart the kernel and run all cells (*Kernel > Restart & Run All*), then
run `nbgrader validate` as shown at the top. Hand in this notebook file,
`{assignment}.ipynb`, unchanged in name.""")
    cell.id = "handin_md"
    cell.metadata.update(_meta("handin_md", "md"))
    return cell


def notebook(assignment, path=None):
    """The solution notebook of ``assignment``, from its source."""
    cells = read_cells(path or source_path(assignment))
    if any(c.id == "handin_md" for c in cells):
        raise SourceError("id 'handin_md' is the generated last cell's")
    cells.append(handin_cell(assignment))
    for cell in cells:  # the parts table is made, never typed
        if cell.cell_type == "markdown" and PARTS_TABLE in cell.source:
            cell.source = cell.source.replace(PARTS_TABLE,
                                              parts_table(cells))
    nb = new_notebook(cells=cells, metadata={
        "kernelspec": {"display_name": "Python 3", "language": "python",
                       "name": "python3"},
        "language_info": {"name": "python"}})
    nbformat.validate(nb)
    return nb


def notebook_text(assignment):
    """The exact text of ``solutions/<a>/<a>.ipynb`` as the source gives
    it (what :func:`nbformat.write` writes)."""
    text = nbformat.writes(notebook(assignment))
    return text if text.endswith("\n") else text + "\n"


def write(assignment):
    """Write ``solutions/<assignment>/<assignment>.ipynb`` (or under
    ``$SEQ_SOLUTIONS_DIR``)."""
    solutions = Path(os.environ.get("SEQ_SOLUTIONS_DIR", ROOT / "solutions"))
    path = solutions / assignment / f"{assignment}.ipynb"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(notebook_text(assignment), encoding="utf-8")
    return path


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("assignment", nargs="*",
                        help=f"one or more of: {', '.join(assignments())}")
    parser.add_argument("--all", action="store_true",
                        help="every assignment")
    args = parser.parse_args(argv)
    names = assignments() if args.all else args.assignment
    if not names:
        parser.error("name an assignment or give --all")
    for name in names:
        if not source_path(name).is_file():
            parser.error(f"no source {source_path(name)}")
    for name in names:
        try:
            path = write(name)
        except SourceError as error:
            print(f"error: {error}", file=sys.stderr)
            return 1
        print(f"wrote {path}; `make release ASSIGNMENT={name}` makes the "
              "student version", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
