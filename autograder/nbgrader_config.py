"""nbgrader configuration of the course (used by ``python -m autograder``).

Source notebooks (with solutions and hidden tests) live in ``solutions/``,
the generated student versions in ``exercises/``. Everything produced by
grading (submissions, autograded copies, feedback, the gradebook) goes to a
git-ignored workspace: ``autograder/workspace`` unless the environment
variable ``SEQ_GRADING_WORKSPACE`` names another folder.
"""
import os
from pathlib import Path

c = get_config()  # noqa: F821  (provided by nbgrader/traitlets)
# The variables below come from the environment, or from the dict
# SEQ_SETTINGS when autograder.nbgrader_run.config() loads this file in
# a process that may run several graders at once.
env = globals().get("SEQ_SETTINGS", os.environ)

ROOT = Path(env.get("SEQ_COURSE_ROOT",
                    Path(__file__).resolve().parent.parent))
WORKSPACE = Path(env.get("SEQ_GRADING_WORKSPACE",
                         ROOT / "autograder" / "workspace")).resolve()

c.CourseDirectory.course_id = "seqmodels-mxnet"
c.CourseDirectory.root = str(ROOT)
c.CourseDirectory.source_directory = "solutions"
c.CourseDirectory.release_directory = env.get(
    "SEQ_RELEASE_DIRECTORY", "exercises")
c.CourseDirectory.submitted_directory = str(WORKSPACE / "submitted")
c.CourseDirectory.autograded_directory = str(WORKSPACE / "autograded")
c.CourseDirectory.feedback_directory = str(WORKSPACE / "feedback")
c.CourseDirectory.db_url = f"sqlite:///{WORKSPACE / 'gradebook.db'}"
c.CourseDirectory.db_assignments = [
    dict(name=p.name) for p in sorted((ROOT / "solutions").iterdir())
    if p.is_dir()]

# Seconds per cell: a safety limit that stops an infinite loop, never a
# verdict (training tasks are budgeted in tokens, not seconds).
c.Execute.timeout = int(env.get("SEQ_CELL_TIMEOUT", "300"))
c.Execute.interrupt_on_timeout = True
# A cell that prints without end is cut to this many lines (the grading
# job also cuts every output to --output characters).
c.LimitOutput.max_lines = 2000

# A grading job's kernel runs in a sandbox without network: nbgrader
# reaches it over Unix sockets in the job's runtime folder
# (autograder/sandbox.py writes the kernel spec).
KERNEL_DIR = env.get("SEQ_KERNEL_DIR")
if KERNEL_DIR:
    c.KernelManager.transport = "ipc"
    c.KernelManager.ip = os.path.join(KERNEL_DIR, "kernel-ipc")
    c.KernelManager.connection_file = os.path.join(KERNEL_DIR,
                                                   "kernel.json")

# Tests run in this process, student code only in its kernel
# (autograder/split_execute.py): nbgrader's Execute step is replaced,
# every other step of autograde is nbgrader's own.
from nbconvert.preprocessors import ClearMetadataPreprocessor  # noqa: E402
from nbgrader.preprocessors import (  # noqa: E402
    AssignLatePenalties,
    CheckCellMetadata,
    IgnorePattern,
    LimitOutput,
    SaveAutoGrades,
)

from autograder.split_execute import SplitExecute  # noqa: E402

c.Autograde.autograde_preprocessors = [
    SplitExecute, IgnorePattern, ClearMetadataPreprocessor, LimitOutput,
    SaveAutoGrades, AssignLatePenalties, CheckCellMetadata]
GRADING_PLAN = env.get("SEQ_GRADING_PLAN")
if GRADING_PLAN:
    os.environ["SEQ_GRADING_PLAN"] = GRADING_PLAN

# The stub students see in place of a solution.
c.ClearSolutions.code_stub = {
    "python": "# YOUR CODE HERE\nraise NotImplementedError()"}
