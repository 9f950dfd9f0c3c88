"""Find each student's notebooks in a folder or .zip and vet them.

Every entry of the cohort folder (a student folder, or a stray file)
becomes one :class:`Student`, and so one row of ``grades.csv``: graded,
or not graded with the reason. Only operating-system litter
(:data:`SKIP`) is passed over. A bad file (not a notebook, not valid JSON,
no cells, not made from the released exercise, a symbolic link, an
unsafe member of a .zip) becomes a problem of that student only; the
other students are graded as usual.
"""
import hashlib
import json
import os
import re
import stat
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import nbformat

#: Names that archivers and file managers add; never a student.
SKIP = {"__MACOSX", ".DS_Store", ".ipynb_checkpoints", "Thumbs.db",
        "desktop.ini"}
#: Largest notebook read, and the most a .zip may expand to.
MAX_NOTEBOOK_BYTES = 50 * 2 ** 20
MAX_ARCHIVE_BYTES = 4 * 2 ** 30


class InputError(Exception):
    """The submissions argument itself is unusable (nothing is graded)."""


@dataclass
class Student:
    student_id: str
    folder: Path
    name: str = ""  # the folder or file name it came from
    notebooks: dict = field(default_factory=dict)  # release name -> path
    problems: list = field(default_factory=list)


def student_id_for(name):
    """A unique, stable nbgrader student id for a folder name.

    A name made only of letters, digits, ``_`` and ``-`` (not starting
    with ``-``) is its own id. Any other name is cleaned and given the
    first 8 hex digits of its SHA-1, so ``a~b`` and ``a_b`` cannot
    become one student: ``a_b-9b9f6c49``.
    """
    if re.fullmatch(r"[A-Za-z0-9_][A-Za-z0-9_-]{0,63}", name):
        return name
    clean = re.sub(r"[^A-Za-z0-9_-]+", "_", name).strip("_-")[:48]
    digest = hashlib.sha1(name.encode("utf-8", "surrogateescape"))
    return f"{clean or 'student'}-{digest.hexdigest()[:8]}"


def open_submissions(path, scratch, assignment):
    """(folder holding one entry per student, {entry name: [problem]})
    for a folder, or for a .zip extracted into ``scratch``."""
    path = Path(path)
    if not path.exists():
        raise InputError(f"{path} does not exist: give a folder or a .zip "
                         "with one folder per student.")
    refused = []
    if path.is_file():
        if not zipfile.is_zipfile(path):
            raise InputError(f"{path} is a file but not a .zip archive.")
        target = Path(tempfile.mkdtemp(dir=scratch, prefix="unzipped-"))
        refused = extract(path, target)
        path = target
    folder = unwrap(path, assignment)
    inner = folder.relative_to(path).parts
    problems = {}
    for parts, why in refused:  # keyed by the student entry they name
        if parts[:len(inner)] == inner and len(parts) > len(inner):
            parts = parts[len(inner):]
        problems.setdefault(parts[0], []).append(why)
    return folder, problems


def extract(archive_path, target):
    """Extract the safe members of a .zip into ``target``.

    A member with an absolute path, ``..``, a symbolic link, or more
    than the size limits is not extracted. Returns a list of (path parts
    of the member, problem).
    """
    refused, total = [], 0
    with zipfile.ZipFile(archive_path) as archive:
        for info in archive.infolist():
            name = info.filename.replace("\\", "/")
            parts = tuple(p for p in PurePosixPath(name).parts
                          if p not in ("/", ""))
            mode = info.external_attr >> 16
            why = None
            if name.startswith("/") or re.match(r"[A-Za-z]:", name):
                why = "an absolute path"
            elif ".." in parts:
                why = "a path out of the archive ('..')"
            elif stat.S_ISLNK(mode):
                why = "a symbolic link"
            elif info.file_size > MAX_NOTEBOOK_BYTES and name.endswith(
                    ".ipynb"):
                why = (f"{info.file_size:,} bytes, over the limit of "
                       f"{MAX_NOTEBOOK_BYTES:,}")
            elif total + info.file_size > MAX_ARCHIVE_BYTES:
                why = "past the archive's size limit"
            if why:
                refused.append((parts or (name,), f"archive member "
                                f"{info.filename!r} not extracted: {why}"))
                continue
            total += info.file_size
            if parts and parts[0] in SKIP:
                continue
            archive.extract(info, target)
    return refused


def _visible(folder):
    return sorted(p for p in folder.iterdir() if p.name not in SKIP)


def unwrap(folder, assignment):
    """Skip single wrapping folders (``cohort.zip`` -> ``cohort/<student>``).

    A lone folder is a student (a cohort of one), not a wrapper, when it
    holds a notebook directly or an ``<assignment>`` folder, or no folder
    at all.
    """
    while True:
        entries = _visible(folder)
        if (len(entries) != 1 or not entries[0].is_dir()
                or entries[0].is_symlink()):
            return folder
        only = entries[0]
        inside = _visible(only)
        if (any(p.name.endswith(".ipynb") and p.name.split(".")[0]
                == assignment for p in inside)
                or (only / assignment).is_dir()
                or not any(p.is_dir() for p in inside)):
            return folder
        folder = only


def _notebooks_under(folder):
    """Notebook files under ``folder``, symbolic links not followed."""
    found, links = [], []
    for dirpath, dirnames, filenames in os.walk(folder, followlinks=False):
        base = Path(dirpath)
        dirnames[:] = [d for d in dirnames if d not in SKIP]
        for d in dirnames:
            if (base / d).is_symlink():
                links.append(base / d)
        for f in filenames:
            p = base / f
            if p.is_symlink():
                links.append(p)
            elif f.endswith(".ipynb"):
                found.append(p)
    return sorted(found), links


def find_notebook(folder, name, assignment):
    """(path of ``name`` in a student's folder or its single notebook,
    or None; symbolic links met on the way)."""
    found, links = _notebooks_under(folder)
    for candidate in (folder / name, folder / assignment / name):
        if candidate in found:
            return candidate, links
    return (found[0] if len(found) == 1 else None), links


def vet_notebook(path):
    """None if ``path`` is a usable notebook, else why it is not."""
    size = path.stat().st_size
    if size > MAX_NOTEBOOK_BYTES:
        return (f"{path.name} is {size:,} bytes, over the limit of "
                f"{MAX_NOTEBOOK_BYTES:,}")
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        return f"{path.name} is not a text file, so not a notebook"
    try:
        raw = json.loads(text)
    except (json.JSONDecodeError, RecursionError) as err:
        where = (f" ({err.msg} at line {err.lineno}, column {err.colno})"
                 if isinstance(err, json.JSONDecodeError) else "")
        return (f"{path.name} is not valid JSON{where}: the file is "
                "damaged or is not a notebook")
    if not isinstance(raw, dict) or not isinstance(
            raw.get("cells", raw.get("worksheets")), list):
        return f"{path.name} is JSON but not a notebook (no 'cells' list)"
    try:
        nb = nbformat.reads(text, as_version=4)  # converts v3 to v4
        nbformat.validate(nb)
    except Exception as err:  # nbformat raises several types
        first = (str(err).strip().splitlines() or [repr(err)])[0][:200]
        return f"{path.name} is not a valid notebook: {first}"
    if not nb.cells:
        return f"{path.name} has no cells"
    if not any("nbgrader" in c.get("metadata", {}) for c in nb.cells):
        version = raw.get("nbformat")
        old = (f" (it is an nbformat {version} notebook, converted)"
               if version != 4 else "")
        return (f"{path.name} has no nbgrader cells{old}: hand in the "
                "notebook from exercises/, not a copy pasted into a new one")
    return None


def read_notebook(path):
    """A vetted notebook as nbformat 4 text (v3 converted)."""
    nb = nbformat.reads(path.read_text(), as_version=4)
    return nbformat.writes(nb)


def collect(root, assignment, expected, problems=None):
    """One :class:`Student` per entry of ``root``, notebooks vetted.

    Loose files at the top level, and members of a .zip that were not
    extracted, are problems of a student named after them, so they are
    reported, not lost.
    """
    problems = problems or {}
    students, seen = [], {}
    names = {e.name for e in root.iterdir() if e.name not in SKIP}
    names |= set(problems) - SKIP
    for name in sorted(names):
        entry = root / name
        sid = student_id_for(Path(name).stem if entry.is_file()
                             and not entry.is_symlink() else name)
        n = 1
        while sid in seen:  # a.ipynb beside a folder named a, say
            n += 1
            sid = student_id_for(f"{name}#{n}")
        seen[sid] = entry
        student = Student(sid, entry, name, problems=list(
            problems.get(name, [])))
        students.append(student)
        if entry.is_symlink():
            student.problems.append(f"{name} is a symbolic link: not "
                                    "followed")
            continue
        if not entry.exists():
            continue  # only unsafe archive members
        if entry.is_file():
            student.problems.append(
                f"{name} is not inside a student folder: expected "
                "one folder per student")
            continue
        for nb_name in expected:
            path, links = find_notebook(entry, nb_name, assignment)
            for link in links:
                student.problems.append(
                    f"{link.relative_to(root)} is a symbolic link: not "
                    "followed")
            if path is None:
                student.problems.append(f"{nb_name} is missing")
                continue
            problem = vet_notebook(path)
            if problem:
                student.problems.append(problem)
            else:
                student.notebooks[nb_name] = path
    return students
