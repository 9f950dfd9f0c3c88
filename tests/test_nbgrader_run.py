"""nbgrader's set-up in the grader's own process (autograder.nbgrader_run)."""
import os
import subprocess
import sys
from pathlib import Path

from autograder import nbgrader_run


def test_alembic_head_is_what_the_alembic_command_says():
    """The gradebook revision read in-process is the one nbgrader itself
    would stamp a new gradebook with (it runs ``alembic heads``)."""
    from nbgrader.dbutil import _temp_alembic_ini
    env = dict(os.environ, PATH=str(Path(sys.executable).parent)
               + os.pathsep + os.environ.get("PATH", ""))
    with _temp_alembic_ini("sqlite:////tmp/unused.db") as ini:
        out = subprocess.check_output(["alembic", "-c", ini, "heads"],
                                      env=env, text=True)
    assert out.split()[0] == nbgrader_run.alembic_head()


def test_config_reads_settings_not_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("SEQ_GRADING_WORKSPACE", "/elsewhere")
    (tmp_path / "course" / "solutions" / "a1").mkdir(parents=True)
    c = nbgrader_run.config({"SEQ_GRADING_WORKSPACE": str(tmp_path),
                             "SEQ_COURSE_ROOT": str(tmp_path / "course"),
                             "SEQ_CELL_TIMEOUT": "7"})
    assert c.CourseDirectory.db_url == f"sqlite:///{tmp_path}/gradebook.db"
    assert c.CourseDirectory.root == str(tmp_path / "course")
    assert c.Execute.timeout == 7
    assert c.CourseDirectory.db_assignments == [{"name": "a1"}]
    assert "KernelManager" not in c  # no job's sandbox kernel here
    assert os.environ["SEQ_GRADING_WORKSPACE"] == "/elsewhere"


def test_generate_makes_the_gradebook_and_the_student_version(tmp_path):
    import tiny_course
    root = tiny_course.make(tmp_path / "course")
    released = root / "exercises" / "tiny" / "tiny.ipynb"
    assert "raise NotImplementedError()" in released.read_text()
    ws = tmp_path / "ws"
    nbgrader_run.generate("tiny", ws, tmp_path / "release", root)
    from nbgrader.api import Gradebook
    with Gradebook(nbgrader_run.gradebook(ws)[1]) as gb:
        assert gb.find_assignment("tiny").max_score == 3
