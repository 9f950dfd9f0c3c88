"""Find each student's notebooks in a folder or .zip and vet them.

A bad file (not a notebook, not valid JSON, no cells, not made from the
released exercise) becomes a :class:`Problem` for that student only; the
other students are graded as usual.
"""
import json
import re
import shutil
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

SKIP = {"__MACOSX", ".ipynb_checkpoints"}


class InputError(Exception):
    """The submissions argument itself is unusable (nothing is graded)."""


@dataclass
class Student:
    student_id: str
    folder: Path
    notebooks: dict = field(default_factory=dict)  # release name -> path
    problems: list = field(default_factory=list)


def student_id_for(name):
    """A folder name made safe as an nbgrader student id."""
    sid = re.sub(r"[^A-Za-z0-9_.-]+", "_", name).strip("._")
    return sid or "unnamed"


def open_submissions(path, scratch, assignment):
    """The folder holding one folder per student; a .zip is extracted into
    ``scratch`` first."""
    path = Path(path)
    if not path.exists():
        raise InputError(f"{path} does not exist: give a folder or a .zip "
                         "with one folder per student.")
    if path.is_file():
        if not zipfile.is_zipfile(path):
            raise InputError(f"{path} is a file but not a .zip archive.")
        target = Path(tempfile.mkdtemp(dir=scratch, prefix="unzipped-"))
        with zipfile.ZipFile(path) as archive:
            for member in archive.namelist():
                dest = (target / member).resolve()
                if not str(dest).startswith(str(target.resolve())):
                    raise InputError(f"{path}: unsafe path {member!r}")
            archive.extractall(target)
        path = target
    return unwrap(path, assignment)


def _visible_dirs(folder):
    return sorted(p for p in folder.iterdir()
                  if p.is_dir() and p.name not in SKIP
                  and not p.name.startswith("."))


def unwrap(folder, assignment):
    """Skip a single wrapping folder (``cohort.zip`` -> ``cohort/<student>``).

    A lone folder that itself holds notebooks or an ``<assignment>`` folder
    is a student (a cohort of one), not a wrapper.
    """
    dirs = _visible_dirs(folder)
    files = [p for p in folder.iterdir()
             if p.is_file() and not p.name.startswith(".")]
    if len(dirs) != 1 or files:
        return folder
    only = dirs[0]
    if list(only.glob("*.ipynb")) or (only / assignment).is_dir():
        return folder
    return only


def find_notebook(folder, name, assignment):
    """Locate ``name`` in a student's folder (or its single notebook)."""
    for candidate in (folder / name, folder / assignment / name):
        if candidate.is_file():
            return candidate
    found = [p for p in folder.rglob("*.ipynb")
             if not SKIP.intersection(p.parts)]
    return found[0] if len(found) == 1 else None


def vet_notebook(path):
    """None if ``path`` is a usable notebook, else why it is not."""
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        return f"{path.name} is not a text file, so not a notebook"
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as err:
        return (f"{path.name} is not valid JSON ({err.msg} at line "
                f"{err.lineno}, column {err.colno}): the file is damaged "
                "or is not a notebook")
    if not isinstance(raw, dict) or not isinstance(raw.get("cells"), list):
        return f"{path.name} is JSON but not a notebook (no 'cells' list)"
    if not raw["cells"]:
        return f"{path.name} has no cells"
    try:
        nb = nbformat.reads(text, as_version=4)
        nbformat.validate(nb)
    except Exception as err:  # nbformat raises several types
        first = str(err).strip().splitlines()[0][:200]
        return f"{path.name} is not a valid notebook: {first}"
    if not any("nbgrader" in c.get("metadata", {}) for c in nb.cells):
        return (f"{path.name} has no nbgrader cells: hand in the notebook "
                "from exercises/, not a copy pasted into a new one")
    return None


def collect(root, assignment, expected):
    """One :class:`Student` per folder of ``root``, notebooks vetted.

    Loose files at the top level are returned as problems of a pseudo
    student named after the file, so they are reported, not lost.
    """
    students, seen = [], {}
    for entry in sorted(root.iterdir()):
        if entry.name in SKIP or entry.name.startswith("."):
            continue
        sid = student_id_for(entry.stem if entry.is_file() else entry.name)
        if sid in seen:
            sid = f"{sid}_{len(seen)}"
        seen[sid] = entry
        student = Student(sid, entry)
        students.append(student)
        if entry.is_file():
            student.problems.append(
                f"{entry.name} is not inside a student folder: expected "
                "one folder per student")
            continue
        for name in expected:
            path = find_notebook(entry, name, assignment)
            if path is None:
                student.problems.append(f"{name} is missing")
                continue
            problem = vet_notebook(path)
            if problem:
                student.problems.append(problem)
            else:
                student.notebooks[name] = path
    return students


def stage(student, submitted_dir, assignment):
    """Copy a vetted student's notebooks to nbgrader's submitted folder."""
    target = Path(submitted_dir) / student.student_id / assignment
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    for name, path in student.notebooks.items():
        shutil.copyfile(path, target / name)
    return target
