"""``python -m autograder.job_steps ASSIGNMENT STUDENT OUTPUT_CHARS``:
the nbgrader half of a grading job, in one process.

Run by :func:`autograder.job.run` in the job's folder (through
:mod:`autograder.guarded`): ``autograde`` with the student's kernel in
the sandbox, then the autograded notebooks made safe to show
(:func:`autograder.feedback.sanitize_for_feedback`), then
``generate_feedback``, all through nbgrader's Python API, so nbgrader and
its templates are loaded once per job instead of once per command. Prints
one JSON line: each step's success and log, and the cells whose output
was cut.
"""
import json
import os
import sys
import time
from datetime import datetime
from pathlib import Path

import nbformat
from nbgrader.apps.api import NbGraderAPI

from . import guarded, results
from .feedback import sanitize_for_feedback
from .nbgrader_run import config
from .sandbox import Limits


def cell_seconds(nb):
    """Seconds the kernel spent executing the notebook's cells (nbclient
    records when each cell started and finished)."""
    total = 0.0
    for cell in nb.cells:
        t = cell.metadata.get("execution", {})
        if "iopub.execute_input" in t and "shell.execute_reply" in t:
            total += (datetime.fromisoformat(t["shell.execute_reply"][:26])
                      - datetime.fromisoformat(
                          t["iopub.execute_input"][:26])).total_seconds()
    return total


def child(args, env, cwd, log_path):
    """Entry point in a process forked from the grader's fork server
    (which has nbgrader imported already): become the job's own process
    group, die with the fork server, write all output to ``log_path``,
    take the job's environment and folder, then run :func:`main`."""
    os.setsid()
    guarded.die_with_parent()
    fd = os.open(log_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.dup2(fd, 1)
    os.dup2(fd, 2)
    os.environ.clear()
    os.environ.update(env)
    os.chdir(cwd)
    sys.argv = ["autograder.job_steps", *args]
    main()
    sys.stdout.flush()


def main():
    assignment, student, output = sys.argv[1], sys.argv[2], int(sys.argv[3])
    api = NbGraderAPI(config=config(os.environ))
    start = time.perf_counter()
    report = {"autograde": api.autograde(assignment, student, force=True,
                                         create=True), "cut": [],
              "messages": {}, "misconceptions": {}, "crashes": [],
              "cell_seconds": 0.0,
              "step_seconds": {}}
    report["step_seconds"]["autograde"] = time.perf_counter() - start
    if report["autograde"].get("success"):
        graded = Path(api.coursedir.format_path(
            api.coursedir.autograded_directory, student, assignment))
        for path in sorted(graded.glob("*.ipynb")):
            nb = nbformat.read(str(path), as_version=4)
            report["messages"].update(results.failure_messages(nb))
            report["misconceptions"].update(
                results.misconceptions_named(nb))
            report["crashes"] += results.crash_notes(nb)
            report["cell_seconds"] += cell_seconds(nb)
            report["cut"] += sanitize_for_feedback(nb, Limits(output=output))
            nbformat.write(nb, str(path))
        start = time.perf_counter()
        report["feedback"] = api.generate_feedback(assignment, student,
                                                   force=True)
        report["step_seconds"]["feedback"] = time.perf_counter() - start
    print("\n" + json.dumps(report))


if __name__ == "__main__":
    main()
