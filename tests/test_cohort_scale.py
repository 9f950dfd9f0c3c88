"""Grading at cohort scale: a real Dask cluster, a killed grader, progress.

All on the ``tiny`` assignment (``tests/tiny_course.py``, a job takes
seconds), sandbox on:

* a Dask scheduler and two worker processes started here on 127.0.0.1
  grade a cohort with exactly the rows of a local run, and the sandbox
  holds on the workers (a canary that reads the course's solutions);
* the grader killed with SIGKILL in the middle of a cohort leaves no job
  running; run again, it grades only the students not finished, and
  ``grades.csv`` and the gradebook (read with nbgrader's own API) hold
  every student exactly once with the right scores;
* the progress lines and ``summary.png``.
"""
import csv
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import psutil
import pytest
from nbgrader.api import Gradebook

from autograder.__main__ import main as autograder_main

import tiny_course
from tiny_course import NB, A

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
import bench_grading  # noqa: E402

WRONG = {"square": "def square(x):\n    return x + x"}
CANARY = ("import os\n"
          "seen = os.path.exists({path!r})\n"
          "def square(x):\n    return -1 if seen else x * x")


def cohort(root, folder, n_honest=3):
    """Honest students, a wrong square, a blank, a canary, a stray file."""
    subs = {f"honest{i}": None for i in range(n_honest)}
    subs["wrong"] = WRONG
    subs["canary"] = {"square": CANARY.format(
        path=str(root / "solutions" / A / NB))}
    for sid, answers in subs.items():
        path = folder / sid / NB
        path.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(tiny_course.submission(root, answers), str(path))
    blank = folder / "blank" / NB
    blank.parent.mkdir()
    nbformat.write(tiny_course.released(root), str(blank))
    (folder / "notes.txt").write_text("not a submission")
    return folder


def grade_args(root, subs, tmp, *extra):
    return ["grade", str(subs), "--assignment", A, "--course", str(root),
            "--workspace", str(tmp / "ws"), "--out", str(tmp / "out"),
            "--timeout", "60", "--no-code-check", *extra]


def rows(out):
    with open(out / "grades.csv") as f:
        return {r["student"]: {k: v for k, v in r.items()}
                for r in csv.DictReader(f)}


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    return tiny_course.make(tmp_path_factory.mktemp("tiny_scale"))


@pytest.fixture(scope="module")
def local(course, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("local")
    subs = cohort(course, tmp / "cohort")
    assert autograder_main(grade_args(course, subs, tmp,
                                      "--workers", "2")) == 0
    return subs, tmp / "out"


@pytest.fixture
def dask_cluster(tmp_path):
    """``dask scheduler`` and two ``dask worker`` processes (one thread
    each) on 127.0.0.1, started and stopped here (the benchmark's own
    cluster, ``scripts/bench_grading.py``)."""
    address, procs = bench_grading.dask_cluster(tmp_path)
    try:
        yield address
    finally:
        for p in procs:
            os.killpg(p.pid, signal.SIGKILL)
            p.wait()


def test_local_cohort_scores_and_rows(local, course):
    subs, out = local
    got = rows(out)
    [stray] = set(got) - {"blank", "canary", "honest0", "honest1",
                          "honest2", "wrong"}
    assert got[stray]["status"] == "not graded"
    assert got[stray]["folder"] == "notes.txt"
    for i in range(3):
        assert float(got[f"honest{i}"]["score"]) == 3
    assert float(got["canary"]["score"]) == 3  # solutions not visible
    assert float(got["wrong"]["square_tests"]) == 0
    assert float(got["wrong"]["mean_tests"]) == 1
    assert float(got["blank"]["score"]) == 0


def test_summary_figure_and_progress(local, course, tmp_path, capfd):
    subs, out = local
    png = (out / "summary.png").read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 10_000
    # a second run is all cached, and says so line by line
    assert autograder_main(grade_args(course, subs, out.parent,
                                      "--workers", "2")) == 0
    err = capfd.readouterr().err
    assert "[6/6]" in err and "ETA" in err
    assert err.count("(cached)") == 6


def test_dask_cluster_grades_exactly_like_local(local, course, tmp_path,
                                                dask_cluster):
    subs, out = local
    assert autograder_main(grade_args(course, subs, tmp_path, "--scheduler",
                                      dask_cluster)) == 0
    on_dask, here = rows(tmp_path / "out"), rows(out)
    assert on_dask == here
    with Gradebook(f"sqlite:///{tmp_path / 'ws' / 'gradebook.db'}") as gb:
        assert {s.student.id: s.score for s in gb.assignment_submissions(
            A)} == {k: float(r["score"]) for k, r in here.items()
                    if r["status"] == "graded"}


def job_processes(ids):
    """Processes of grading jobs of these students still alive."""
    found = []
    for p in psutil.process_iter(["cmdline"]):
        cmd = " ".join(p.info["cmdline"] or [])
        if "autograder.guarded" in cmd and any(
                f"--student={i}" in cmd for i in ids):
            found.append(p)
    return found


def test_killed_grader_resumes_without_regrading(course, tmp_path):
    n = 6
    subs = tmp_path / "cohort"
    ids = [f"resume{i}" for i in range(n)]
    for i, sid in enumerate(ids):
        path = subs / sid / NB
        path.parent.mkdir(parents=True)
        nbformat.write(tiny_course.submission(
            course, WRONG if i % 3 == 0 else None), str(path))
    args = grade_args(course, subs, tmp_path, "--workers", "1")
    cache = tmp_path / "ws" / "cache" / A
    proc = subprocess.Popen(
        [sys.executable, "-m", "autograder", *args], cwd=ROOT,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 600
    while len(list(cache.glob("*.json"))) < 2:
        assert proc.poll() is None, "the grader ended before it was killed"
        assert time.monotonic() < deadline
        time.sleep(0.2)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    finished = len(list(cache.glob("*.json")))
    assert finished < n
    for _ in range(100):  # the running job dies with its grader
        if not job_processes(ids):
            break
        time.sleep(0.1)
    assert job_processes(ids) == []
    again = subprocess.run(
        [sys.executable, "-m", "autograder", *args], cwd=ROOT,
        capture_output=True, text=True, timeout=900)
    assert again.returncode == 0, again.stderr
    assert again.stderr.count("(cached)") == finished
    assert len(list(cache.glob("*.json"))) == n
    got = rows(tmp_path / "out")
    assert sorted(got) == ids
    expected = {sid: 1.0 if i % 3 == 0 else 3.0 for i, sid in enumerate(ids)}
    assert {k: float(r["score"]) for k, r in got.items()} == expected
    with Gradebook(f"sqlite:///{tmp_path / 'ws' / 'gradebook.db'}") as gb:
        subs_db = gb.assignment_submissions(A)
        assert sorted(s.student.id for s in subs_db) == ids
        assert {s.student.id: s.score for s in subs_db} == expected


def test_grading_benchmark_in_reduced_size(tmp_path, capsys):
    """``scripts/bench_grading.py`` on 3 tiny submissions (a solution, a
    blank, a wrong part), plain nbgrader against the grader with two
    workers (the other ways are graded in this file's other tests): the
    same scores, and it prints each throughput and overhead."""
    out = tmp_path / "bench.json"
    assert bench_grading.main(["--size", "3", "--out", str(out),
                               "--ways", "ac"]) == 0
    report = json.loads(out.read_text())
    assert report["scores_identical"] is True
    assert sorted(report["runs"]) == ["a", "c"]
    for k in "c":
        per_job = report["runs"][k]["per_job"]
        assert 0 < per_job["cells"] < per_job["job"]
    printed = capsys.readouterr().out
    assert "nb/min" in printed and "the rest" in printed
