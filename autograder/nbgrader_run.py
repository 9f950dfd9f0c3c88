"""Run nbgrader with the course's configuration.

nbgrader's configuration is ``autograder/nbgrader_config.py``; the course
root (``solutions/`` and ``exercises/``), the workspace and the release
folder are the variables that file reads, from the environment (a grading
job's process) or from a dict (:func:`config`, graders in one process).
"""
import functools
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


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


def config(settings):
    """nbgrader's configuration, read from ``nbgrader_config.py`` with
    ``settings`` ({variable: value}) in place of the environment, so that
    graders in threads of one process each get their own."""
    from traitlets.config import Config
    c = Config()
    path = HERE / "nbgrader_config.py"
    exec(compile(path.read_text(), str(path), "exec"), {
        "get_config": lambda: c, "__file__": str(path),
        "__name__": "nbgrader_config", "SEQ_SETTINGS": dict(settings)})
    return c


@functools.cache
def alembic_head():
    """The newest revision of nbgrader's gradebook schema, read from its
    migration scripts in this process. nbgrader asks the ``alembic``
    command for it whenever it creates a gradebook: about 4 s, most of it
    that command importing nbgrader again."""
    import nbgrader
    from alembic.script import ScriptDirectory
    return ScriptDirectory(str(Path(nbgrader.__file__).parent / "alembic")
                           ).get_current_head()


def _new_gradebooks_in_process():
    import nbgrader.api
    nbgrader.api.get_alembic_version = alembic_head


def generate(assignment, workspace, release_dir, root=ROOT):
    """Generate the student version of ``assignment`` into ``release_dir``
    (and record its cells and points in the workspace's gradebook), with
    nbgrader's Python API in this process: a ``nbgrader`` command would
    spend about 3 s importing nbgrader again."""
    from nbgrader.apps.api import NbGraderAPI
    _new_gradebooks_in_process()
    Path(workspace).mkdir(parents=True, exist_ok=True)
    api = NbGraderAPI(config=config({
        "SEQ_GRADING_WORKSPACE": str(workspace),
        "SEQ_COURSE_ROOT": str(root),
        "SEQ_RELEASE_DIRECTORY": str(release_dir)}))
    result = api.generate_assignment(assignment, force=True)
    if not result.get("success"):
        raise RuntimeError("nbgrader generate_assignment failed:\n"
                           + result.get("log", "") + result.get("error", ""))
    return Path(release_dir) / assignment
