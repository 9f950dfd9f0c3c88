"""What the grader reads from an assignment's folder.

An assignment's folder, ``assignments/<a>/`` under the course root, holds
its source, wrong fixtures and mutation results (the authors' business,
:mod:`authoring`) and two files the grader reads: ``rules.py`` (what its
answers must not use, :mod:`autograder.tamper`) and ``catalogue.py`` (the
misconceptions named in feedback, :mod:`autograder.misconceptions`). Both
are the course's own code, loaded in the grader's process only.
"""
import functools
import importlib.util
import os
from pathlib import Path

from .misconceptions import load_catalogue
from .nbgrader_run import ROOT


def course_root(root=None):
    return Path(root or os.environ.get("SEQ_COURSE_ROOT") or ROOT).resolve()


def folder(assignment, root=None):
    return course_root(root) / "assignments" / assignment


@functools.lru_cache(maxsize=None)
def _module(path):
    spec = importlib.util.spec_from_file_location(
        f"assignment_{Path(path).parent.name}_{Path(path).stem}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def rules(assignment, root=None):
    """The module ``rules.py`` of the assignment, or None."""
    path = folder(assignment, root) / "rules.py"
    return _module(str(path)) if path.exists() else None


def catalogue(assignment, root=None):
    """The assignment's misconceptions ([] when it has no catalogue)."""
    path = folder(assignment, root) / "catalogue.py"
    return _catalogue(str(path)) if path.exists() else []


@functools.lru_cache(maxsize=None)
def _catalogue(path):
    return tuple(load_catalogue(path))
