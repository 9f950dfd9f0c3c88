"""Build fake student submissions from the real notebooks.

A submission is the released notebook (``exercises/``) with its answer
cells filled: by the solution (taken from ``solutions/``, markers
removed), left blank, or replaced by a wrong implementation kept in
``assignments/<a>/wrong/<grade_id>.py``.
"""
import html
import re

import nbformat

from . import ROOT, SOLUTION_MARKERS, assignments, wrong_dir

ASSIGNMENTS = assignments()


def notebooks_of(assignment):
    return sorted(p.name for p in (ROOT / "solutions" / assignment).glob(
        "*.ipynb"))


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
        if line.strip() not in SOLUTION_MARKERS)
        for c in nb.cells if c.metadata.get("nbgrader", {}).get("solution")}


def wrong_fixtures(assignment):
    """{name: (grade_id, code)} of the saved wrong implementations.

    ``<grade_id>.py`` or ``<grade_id>--<variant>.py``.
    """
    folder = wrong_dir(assignment)
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


def hidden_test_lines(assignment, notebook):
    """Distinctive lines of the hidden tests only (see secret_lines).

    A line that the reference solution also contains (a loop header, a
    parameter lookup) is left out: a student who writes it shows it on
    their own feedback page, and that tells nobody about the tests.
    """
    return (secret_lines(assignment, notebook, kinds=("HIDDEN TESTS",))
            - secret_lines(assignment, notebook, kinds=("SOLUTION",)))


def page_text(html_page):
    """The text a browser shows of an HTML page, whitespace collapsed."""
    text = html.unescape(re.sub(r"<[^>]+>", "", html_page))
    return " ".join(text.split())


def secret_lines(assignment, notebook,
                 kinds=("SOLUTION", "HIDDEN TESTS")):
    """Distinctive lines of solutions and hidden tests (>= 30 chars).

    Import lines are left out: the book imports the same library
    functions the hidden tests compare against, and an import tells a
    student nothing about the answer.
    """
    nb = read(ROOT / "solutions" / assignment / notebook)
    released = read(ROOT / "exercises" / assignment / notebook)
    public = {" ".join(line.split()) for c in released.cells
              for line in c.source.splitlines()}
    secrets = set()
    for cell in nb.cells:
        blocks = re.findall(r"### BEGIN (SOLUTION|HIDDEN TESTS)\n(.*?)"
                            r"### END \1", cell.source, re.S)
        for kind, block in blocks:
            if kind not in kinds:
                continue
            for line in block.splitlines():
                norm = " ".join(line.split())
                if (len(norm) >= 30 and norm not in public
                        and not norm.startswith(("from ", "import "))):
                    secrets.add(norm)
    return secrets
