"""One grading job: one student's submission, graded in isolation.

A job gets its own folder (its own course root, gradebook and nbgrader
folders), runs ``nbgrader autograde`` there with the student's kernel in
the sandbox (:mod:`autograder.sandbox`), and returns only a *result*, a
:class:`autograder.records.JobResult` (plain data that can travel
between processes or machines): status,
part scores, failure messages, the feedback page (HTML, with every
test's name, points and message but no hidden test's source), problems
and where the job's time went.

The job never touches the course's gradebook, ``grades.csv``,
``report.md`` or ``feedback/``: the instructor's process writes those
from the results (:mod:`autograder.cohort`). The job's folder is
deleted when it ends.
"""
import base64
import functools
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from . import results, sandbox
from .feedback import readable
from .nbgrader_run import HERE, gradebook
from .records import JobResult, JobSpec


def _report(log):
    """The JSON line that :mod:`autograder.job_steps` prints last."""
    for line in reversed(log.splitlines()):
        if line.startswith("{"):
            try:
                return json.loads(line)
            except ValueError:
                break
    return {}


@functools.cache
def _context():
    """The fork server's context, made once per process."""
    import multiprocessing
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(["autograder.job_steps", "autograder.preload"])
    return ctx


def warm_up():
    """Start the fork server now (it imports nbgrader, about 3 s), so that
    it is ready when the first job needs it; the grader calls this while
    it prepares the cohort."""
    from multiprocessing import forkserver
    _context()
    forkserver.ensure_running()


def _steps_process(args, env, log_path):
    """Start :func:`autograder.job_steps.child` in a process forked from a
    fork server that has nbgrader imported (about 3 s saved per job), or
    return None where that cannot work (a daemonic Dask worker)."""
    from . import job_steps
    try:
        proc = _context().Process(target=job_steps.child, args=(
            args, env, str(HERE), str(log_path)))
        proc.start()
    except AssertionError:  # daemonic processes may not have children
        return None
    return proc


def _steps(args, env, timeout, log_path):
    """Run nbgrader's steps of a job: (exit code, output, timed out)."""
    proc = _steps_process(args, env, log_path)
    if proc is None:
        return _nbgrader(["autograder.job_steps", *args], env, timeout)
    proc.join(timeout)
    timed_out = proc.is_alive()
    if timed_out:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.join()
    log = Path(log_path).read_text() if Path(log_path).exists() else ""
    return proc.exitcode, log, timed_out


def _nbgrader(args, env, timeout):
    """Run ``python -m <args>`` (nbgrader's steps) in its own process
    group; kill the whole group (kernel and sandbox included) when
    ``timeout`` seconds pass, or when the grader itself dies."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "autograder.guarded", *args],
        cwd=HERE, env={**env, "SEQ_GRADER_PID": str(os.getpid())},
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        start_new_session=True)
    try:
        out, _ = proc.communicate(timeout=timeout)
        return proc.returncode, out, False
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        out, _ = proc.communicate()
        return proc.returncode, out, True
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def _env(course_root, workspace, extra):
    bindir = str(Path(sys.executable).parent)  # nbgrader calls `alembic`
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("SEQ_", "JUPYTER", "JPY_"))}
    env.update(SEQ_COURSE_ROOT=str(course_root),
               SEQ_GRADING_WORKSPACE=str(workspace),
               PATH=bindir + os.pathsep + os.environ.get("PATH", ""))
    env.update(extra)
    return env


def why(log):
    """The most telling line of a failed nbgrader log."""
    lines = log.splitlines()
    for pattern in ("MemoryError", "DeadKernelError", "CellTimeoutError",
                    "Timeout", "Kernel died", "ERROR"):
        hits = [ln for ln in lines if pattern in ln
                and "There was an error processing" not in ln]
        if hits:
            return hits[0].strip()[:240]
    return (log.strip()[-240:] or "no output")


def run(spec):
    """Grade one submission (a :class:`records.JobSpec`, or its fields
    as a dict); returns a :class:`records.JobResult`. Everything travels
    in the spec, so a job runs on any machine that has the course's
    environment (a Dask worker)."""
    if isinstance(spec, dict):
        spec = JobSpec(**spec)
    limits = sandbox.Limits(**spec.limits)
    a, sid = spec.assignment, spec.student
    result = JobResult(student=sid)
    start = time.perf_counter()
    job = Path(tempfile.mkdtemp(prefix=f"job-{sid}-",
                                dir=spec.jobs_dir))
    try:
        course = job / "course"
        ws = job / "ws"
        source = course / "solutions" / a
        source.mkdir(parents=True)
        for name, data in spec.files.items():
            (source / name).write_bytes(base64.b64decode(data))
        ws.mkdir()
        (ws / "gradebook.db").write_bytes(base64.b64decode(spec.template))
        target = ws / "submitted" / sid / a
        target.mkdir(parents=True)
        for name, text in spec.notebooks.items():
            (target / name).write_text(text)
        extra = sandbox.write_kernel(job, limits, spec.sandboxed)
        if spec.plan:
            (job / "plan.json").write_text(json.dumps(spec.plan))
            extra["SEQ_GRADING_PLAN"] = str(job / "plan.json")
        extra["SEQ_CELL_TIMEOUT"] = str(limits.cell_timeout)
        env = _env(course, ws, extra)
        result.seconds["setup"] = time.perf_counter() - start
        t = time.perf_counter()
        code, log, timed_out = _steps(
            [a, sid, str(limits.output)], env, limits.notebook_timeout,
            job / "steps.log")
        result.seconds["nbgrader"] = time.perf_counter() - t
        if timed_out:
            result.problems.append(
                f"the notebook ran longer than {limits.notebook_timeout} s "
                "in all: not graded (raise --notebook-timeout if that is "
                "too short)")
            return result
        report = _report(log)
        steps = report.get("autograde", {})
        if code != 0 or not steps.get("success"):
            text = steps.get("log", "") + steps.get("error", "") or log
            result.problems.append(f"autograde failed: {why(text)}")
            result.log = text[-20000:]
            return result
        t = time.perf_counter()
        _, url = gradebook(ws)
        result.parts = {k: list(v) for k, v in results.part_scores(
            url, a, sid).items()}
        result.messages = report["messages"]
        result.misconceptions = report.get("misconceptions", {})
        result.problems += report["crashes"]
        result.seconds["cells"] = report["cell_seconds"]
        result.seconds.update(report.get("step_seconds", {}))
        if report["cut"]:
            result.problems.append(
                f"output cut at {limits.output:,} characters in: "
                + ", ".join(report["cut"]))
        pages = sorted((ws / "feedback" / sid / a).glob("*.html"))
        result.feedback = "\n".join(readable(p.read_text()) for p in pages)
        feedback = report.get("feedback", {})
        if not feedback.get("success") or not pages:
            result.problems.append("no feedback page: " + (
                feedback.get("log", "") + feedback.get("error", "")
            ).strip()[-200:])
        result.status = "graded"
        result.seconds["results"] = time.perf_counter() - t
        return result
    finally:
        result.seconds["total"] = time.perf_counter() - start
        if not os.environ.get("SEQ_KEEP_JOBS"):
            shutil.rmtree(job, ignore_errors=True)
