"""Run nbgrader commands with the course's configuration.

nbgrader reads ``autograder/nbgrader_config.py`` from its working folder;
the course root (``solutions/`` and ``exercises/``), the workspace and the
release folder are passed through the environment variables that file
reads.
"""
import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


def nbgrader(args, workspace, release_dir=None, timeout=None, root=ROOT):
    """Run ``nbgrader <args>``; return (returncode, combined output)."""
    bindir = str(Path(sys.executable).parent)  # nbgrader calls `alembic`
    env = dict(os.environ, SEQ_GRADING_WORKSPACE=str(workspace),
               SEQ_COURSE_ROOT=str(root),
               PATH=bindir + os.pathsep + os.environ.get("PATH", ""))
    if release_dir is not None:
        env["SEQ_RELEASE_DIRECTORY"] = str(release_dir)
    if timeout is not None:
        env["SEQ_CELL_TIMEOUT"] = str(timeout)
    proc = subprocess.run(
        [sys.executable, "-m", "nbgrader", *args], cwd=HERE, env=env,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    return proc.returncode, proc.stdout


def gradebook(workspace):
    """(path, SQLAlchemy URL) of the workspace's gradebook, as in
    ``nbgrader_config.py``."""
    path = Path(workspace) / "gradebook.db"
    return path, f"sqlite:///{path}"


def release_notebooks(assignment, root=ROOT):
    """Names of the notebooks students receive for ``assignment``."""
    folder = Path(root) / "exercises" / assignment
    names = sorted(p.name for p in folder.glob("*.ipynb"))
    if not names:
        known = sorted(p.name for p in (Path(root) / "solutions").iterdir()
                       if p.is_dir())
        raise FileNotFoundError(
            f"no notebooks in {folder}: is {assignment!r} an assignment? "
            f"Known: {known}")
    return names


def generate(assignment, workspace, release_dir, root=ROOT):
    """Generate the student version of ``assignment`` into ``release_dir``
    (and record its cells and points in the workspace's gradebook)."""
    code, out = nbgrader(["generate_assignment", assignment, "--force"],
                         workspace, release_dir=release_dir, root=root)
    if code:
        raise RuntimeError(f"nbgrader generate_assignment failed:\n{out}")
    return Path(release_dir) / assignment
