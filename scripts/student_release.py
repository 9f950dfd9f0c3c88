"""Build exactly what students receive: ``make student-release``.

Writes ``_build/student-release/`` (and a .zip of it beside) with the
released exercises (``exercises/``), the course library (``seqmodels/``,
its student view: the functions and classes that graded parts ask for are
stubs, :mod:`autograder.library_view`), the data (``data/``), the files
that install the environment (``pyproject.toml``, ``requirements.lock``,
``Makefile``, ``scripts/check_python.sh``) and a short ``STUDENTS.md``.
It holds no solution, hidden test, wrong fixture, authoring script or
grader: the test ``tests/test_student_release.py`` scans it.
"""
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
from autograder import library_view  # noqa: E402

INCLUDE = ["exercises", "data", "pyproject.toml",
           "requirements.lock", "Makefile", "scripts/check_python.sh"]
IGNORE = shutil.ignore_patterns("__pycache__", "*.pyc", ".ipynb_checkpoints")
README = """# Sequence Models with MXNet: exercises

Set up once (Python 3.11): `make install`, then open a notebook:

    .venv/bin/jupyter lab exercises/rnn/rnn.ipynb

Fill in the cells marked `# YOUR CODE HERE`, run the test cell below
each, and check the whole notebook before you hand it in:

    .venv/bin/nbgrader validate exercises/rnn/rnn.ipynb

The course library in `seqmodels/` leaves out what the exercises ask
you to write: calling one of those functions says so. The grader also
runs hidden tests: the visible ones are necessary, not
sufficient. The book that goes with the exercises is on the course's web
site.
"""


def build(target):
    target = Path(target)
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    for name in INCLUDE:
        src = ROOT / name
        dest = target / name
        dest.parent.mkdir(parents=True, exist_ok=True)
        if src.is_dir():
            shutil.copytree(src, dest, ignore=IGNORE)
        else:
            shutil.copyfile(src, dest)
    # the student view of the library: every notebook's set-up cells and
    # visible tests run with it at home
    library_view.write(target / "seqmodels", ROOT / "seqmodels",
                       library_view.stubbed_names(
                           home=True, library=ROOT / "seqmodels"),
                       compiled=False)
    (target / "STUDENTS.md").write_text(README)
    archive = shutil.make_archive(str(target), "zip", target.parent,
                                  target.name)
    return target, Path(archive)


if __name__ == "__main__":
    out = sys.argv[1] if len(sys.argv) > 1 else ROOT / "_build" / \
        "student-release"
    folder, archive = build(out)
    print(f"Student release: {folder} ({archive})")
