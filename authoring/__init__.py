"""The course authors' tools: one package, one root, one set of markers.

Everything that belongs to one assignment lives in its folder,
``assignments/<a>/``:

* ``source.py``: the notebook's one authored file (percent format,
  :mod:`authoring.nbsource` writes ``solutions/<a>/<a>.ipynb`` from it);
* ``wrong/<grade_id>[--name].py``: wrong implementations, each shown to
  lose exactly its part (:mod:`authoring.harness`);
* ``catalogue.py``: the misconceptions a teacher expects, each losing its
  part and named in the feedback when a student's answer behaves like it
  (:mod:`authoring.catalogue`, :mod:`autograder.misconceptions`);
* ``mutants.json`` and ``mutants_reviewed.txt``: the mutation run's
  results and the survivors reviewed by hand (:mod:`authoring.mutants`);
* ``rules.py``: what the notebook's answers must not use (read by the
  grader, :mod:`autograder.tamper`).

The generated notebooks stay where nbgrader wants them: ``solutions/<a>/``
(instructor's source) and ``exercises/<a>/`` (released to students).
"""
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ASSIGNMENTS_DIR = ROOT / "assignments"
SOLUTION_MARKERS = ("### BEGIN SOLUTION", "### END SOLUTION")
HIDDEN_MARKERS = ("### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS")
MARKERS = SOLUTION_MARKERS + HIDDEN_MARKERS


def assignments():
    """The names of the assignments (folders with a ``source.py``)."""
    return sorted(p.parent.name for p in ASSIGNMENTS_DIR.glob("*/source.py"))


def folder(assignment):
    return ASSIGNMENTS_DIR / assignment


def source_path(assignment):
    return folder(assignment) / "source.py"


def wrong_dir(assignment):
    return folder(assignment) / "wrong"


def catalogue_path(assignment):
    return folder(assignment) / "catalogue.py"


def strip_markers(source, markers=MARKERS):
    """``source`` without its marker lines."""
    return "\n".join(line for line in source.splitlines()
                     if line.strip() not in markers)
