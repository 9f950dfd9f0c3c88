"""Grading throughput, measured in one run on one cohort.

    .venv/bin/python scripts/bench_grading.py [--assignment tiny|rnn|...]
        [--size 40] [--out bench.json]

Builds a cohort of ``--size`` submissions (solutions, blanks and, for a
course assignment, one per wrong fixture, in turn) and grades it four
ways, one after the other, each from scratch:

(a) plain nbgrader, student by student as its documentation shows
    (``nbgrader autograde ASSIGNMENT --student S``, no sandbox), in a
    course folder of its own;
(b) ``python -m autograder grade --workers 1`` (sandbox on);
(c) the same with ``--workers 2``;
(d) the same through a Dask cluster started here on 127.0.0.1 (a
    scheduler and two one-thread workers).

It prints notebooks per minute and the ratio to (a), checks that every
submission got the same part scores all four ways, and splits a job's
time into the notebook's own execution (the kernel's time in the cells)
and the rest (process and kernel start, imports, gradebook, feedback).
``tiny`` (``tests/tiny_course.py``) needs no MXNet: it measures the
grader's overhead alone. Run it on an otherwise idle machine.
"""
import argparse
import csv
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]
BIN = Path(sys.executable).parent

NBGRADER_CONFIG = """\
c = get_config()
c.CourseDirectory.root = {root!r}
c.CourseDirectory.source_directory = "source"
c.Execute.timeout = 600
"""


def build_cohort(assignment, course, folder, size):
    """{student: notebook name}; writes ``folder/<student>/<nb>``."""
    if assignment == "tiny":
        import tiny_course
        nb_name = tiny_course.NB
        kinds = [("solution", tiny_course.submission(course)),
                 ("blank", tiny_course.released(course)),
                 ("wrong_square", tiny_course.submission(course, {
                     "square": "def square(x):\n    return x + x"})),
                 ("wrong_mean", tiny_course.submission(course, {
                     "mean": "def mean(xs):\n    return 0"}))]
    else:
        from authoring import notebooks
        [nb_name] = notebooks.notebooks_of(assignment)
        sol = notebooks.solution_answers(assignment, nb_name)
        kinds = [("solution", notebooks.submission(assignment, nb_name,
                                                   sol)),
                 ("blank", notebooks.read(
                     course / "exercises" / assignment / nb_name))]
        for name, (gid, code) in sorted(
                notebooks.wrong_fixtures(assignment).items()):
            kinds.append((f"wrong_{name}", notebooks.submission(
                assignment, nb_name, {**sol, gid: code})))
    for i in range(size):
        kind, nb = kinds[i % len(kinds)]
        path = folder / f"s{i:03d}_{kind}" / nb_name
        path.parent.mkdir(parents=True)
        nbformat.write(nb, str(path))
    return nb_name


def plain_nbgrader(assignment, course, cohort, work):
    """(a): a course folder as nbgrader's documentation lays it out, then
    ``nbgrader autograde`` once per student. Returns ({student: {part:
    score}}, seconds)."""
    from nbgrader.api import Gradebook
    shutil.copytree(course / "solutions" / assignment,
                    work / "source" / assignment)
    (work / "nbgrader_config.py").write_text(
        NBGRADER_CONFIG.format(root=str(work)))
    env = dict(os.environ, PATH=f"{BIN}{os.pathsep}{os.environ['PATH']}")

    def nbgrader(*args):
        subprocess.run([str(BIN / "nbgrader"), *args], cwd=work, env=env,
                       check=True, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
    nbgrader("generate_assignment", assignment, "--force")
    students = sorted(p.name for p in cohort.iterdir())
    for s in students:
        shutil.copytree(cohort / s, work / "submitted" / s / assignment)
    start = time.perf_counter()
    for s in students:
        nbgrader("autograde", assignment, "--student", s, "--force")
    seconds = time.perf_counter() - start
    scores = {}
    with Gradebook(f"sqlite:///{work / 'gradebook.db'}") as gb:
        for s in students:
            sub = gb.find_submission(assignment, s)
            scores[s] = {g.name: float(g.score) for nb in sub.notebooks
                         for g in nb.grades}
    return scores, seconds


def grader(assignment, course, cohort, work, *extra):
    """(b)-(d): ``python -m autograder grade``. Returns ({student: {part:
    score}}, seconds, [job results])."""
    out = work / "out"
    cmd = [sys.executable, "-m", "autograder", "grade", str(cohort),
           "--assignment", assignment, "--course", str(course),
           "--workspace", str(work / "ws"), "--out", str(out), *extra]
    start = time.perf_counter()
    subprocess.run(cmd, cwd=ROOT, check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    seconds = time.perf_counter() - start
    with open(out / "grades.csv") as f:
        rows = list(csv.DictReader(f))
    fixed = {"student", "status", "score", "max_score", "problems",
             "flagged", "folder"}
    scores = {r["student"]: {k: float(v) for k, v in r.items()
                             if k not in fixed}
              for r in rows if r["status"] == "graded"}
    jobs = [json.loads(p.read_text())
            for p in (work / "ws" / "cache" / assignment).glob("*.json")]
    return scores, seconds, jobs


def dask_cluster(work):
    """A scheduler and two one-thread workers on 127.0.0.1: (address,
    processes)."""
    file = work / "scheduler.json"
    env = dict(os.environ, DASK_DISTRIBUTED__WORKER__DAEMON="False")
    quiet = dict(env=env, stdout=subprocess.DEVNULL,
                 stderr=subprocess.DEVNULL, start_new_session=True)
    procs = [subprocess.Popen([
        str(BIN / "dask"), "scheduler", "--host", "127.0.0.1", "--port",
        "0", "--dashboard-address", "127.0.0.1:0", "--scheduler-file",
        str(file)], **quiet)]
    deadline = time.monotonic() + 30
    while not (file.exists() and file.stat().st_size):
        if time.monotonic() > deadline:
            for p in procs:
                os.killpg(p.pid, signal.SIGKILL)
            raise RuntimeError("the Dask scheduler did not start in 30 s")
        time.sleep(0.1)
    address = json.loads(file.read_text())["address"]
    for i in range(2):
        procs.append(subprocess.Popen([
            str(BIN / "dask"), "worker", address, "--nthreads", "1",
            "--host", "127.0.0.1", "--dashboard-address", "127.0.0.1:0",
            "--local-directory", str(work / f"w{i}")], **quiet))
    from distributed import Client
    with Client(address, timeout="30s") as client:
        client.wait_for_workers(2, timeout=120)
    return address, procs


def overhead(jobs):
    """Median seconds per job: in all, in the notebook's cells, the rest."""
    total = [j["seconds"]["total"] for j in jobs if "cells" in j["seconds"]]
    cells = [j["seconds"]["cells"] for j in jobs if "cells" in j["seconds"]]
    rest = [t - c for t, c in zip(total, cells)]
    return {"job": statistics.median(total), "cells": statistics.median(
        cells), "overhead": statistics.median(rest)}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--assignment", default="tiny")
    parser.add_argument("--size", type=int, default=40)
    parser.add_argument("--out", help="write the figures as JSON here")
    parser.add_argument("--ways", default="abcd", help="which of (a)-(d) "
                        "to run (default all; (a) is the reference)")
    args = parser.parse_args(argv)
    ways = sorted(set(args.ways) & set("abcd"))
    work = Path(tempfile.mkdtemp(prefix="bench-grading-"))
    procs = []
    try:
        if args.assignment == "tiny":
            import tiny_course
            course = tiny_course.make(work / "course")
        else:
            course = ROOT
        cohort = work / "cohort"
        build_cohort(args.assignment, course, cohort, args.size)
        runs, jobs = {}, {}
        if "a" in ways:
            (work / "a").mkdir()
            runs["a"] = plain_nbgrader(args.assignment, course, cohort,
                                       work / "a")
            print(f"(a) plain nbgrader: {runs['a'][1]:.1f} s", flush=True)
        for key, extra in (("b", ["--workers", "1"]),
                           ("c", ["--workers", "2"])):
            if key not in ways:
                continue
            *runs[key], jobs[key] = grader(args.assignment, course, cohort,
                                           work / key, *extra)
            print(f"({key}) grader {' '.join(extra)}: {runs[key][1]:.1f} s",
                  flush=True)
        if "d" in ways:
            address, procs = dask_cluster(work)
            *runs["d"], jobs["d"] = grader(args.assignment, course, cohort,
                                           work / "d", "--scheduler",
                                           address)
            print(f"(d) grader on Dask, 2 workers: {runs['d'][1]:.1f} s")
    finally:
        for p in procs:
            os.killpg(p.pid, signal.SIGKILL)
            p.wait()
    first = runs[ways[0]][0]
    same = all(runs[k][0] == first for k in ways)
    report = {"assignment": args.assignment, "size": args.size,
              "scores_identical": same, "runs": {}}
    names = {"a": "plain nbgrader autograde, one by one",
             "b": "this grader, 1 worker", "c": "this grader, 2 workers",
             "d": "this grader, Dask, 2 workers"}
    print(f"\n{args.size} submissions of {args.assignment}; "
          f"scores identical in ({', '.join(ways)}): {same}")
    print(f"{'':4}{'':40}{'nb/min':>8}{'x (a)':>8}")
    for k in ways:
        rate = args.size / runs[k][1] * 60
        ratio = runs["a"][1] / runs[k][1] if "a" in runs else float("nan")
        report["runs"][k] = {"what": names[k], "seconds": runs[k][1],
                             "per_minute": rate, "ratio": ratio}
        print(f"({k}) {names[k]:<40}{rate:8.1f}{ratio:8.2f}")
    for k in [w for w in ways if w != "a"]:
        o = overhead(jobs[k])
        report["runs"][k]["per_job"] = o
        print(f"({k}) per job (median): {o['job']:.2f} s, of which the "
              f"notebook's cells {o['cells']:.2f} s, the rest "
              f"{o['overhead']:.2f} s")
    if args.out:
        Path(args.out).write_text(json.dumps(report, indent=1))
    shutil.rmtree(work, ignore_errors=True)
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
