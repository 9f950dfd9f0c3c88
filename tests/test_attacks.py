"""Hostile and broken submissions against the real grader.

Two cohorts of the ``tiny`` assignment (``tests/tiny_course.py``, no
MXNet, so a job takes seconds), each with honest students beside the
attacks, graded by ``python -m autograder grade`` with the sandbox on:

* **cohort A**, handed in as a .zip, with the code reading on: cheats
  from inside the notebook (patched numpy, builtins, IPython, ``exec``...)
  that change nothing, since the tests run in the grader's process (they
  score what their answers earn and are reported; ``test_kernel_attacks``
  tries many more), notebook tampering (edited or deleted tests,
  inflated points, a changed kernel), bad files and names, unsafe archive
  members;
* **cohort B**, a folder, graded with ``--no-code-check`` so that the
  code reaches the sandboxed kernel, as code that fools the static check
  would: reading solutions, gradebooks, other students and the home
  folder, writing outside the job, the network, memory, processes, disk,
  output, crashes, timeouts, processes left behind.

An attack that the sandbox must stop is written as a *canary*: the
student's ``square`` is right only if the attack failed, so the score
shows the outcome, and the test also checks from outside that nothing
was read or written. Every kind has its expected row asserted; honest
students keep full marks; the batch finishes; the course gradebook
holds exactly the graded rows.
"""
import csv
import json
import os
import re
import socket
import threading
import zipfile
from pathlib import Path

import nbformat
import pytest

from autograder.__main__ import main as autograder_main

import tiny_course
from tiny_course import NB, POINTS, A

ROOT = Path(__file__).resolve().parent.parent
FULL = sum(POINTS.values())
WRONG_SQUARE = "def square(x):\n    return x + x"
LIMITS = ["--timeout", "20", "--notebook-timeout", "120", "--memory", "2",
          "--processes", "64", "--file-size", "16", "--scratch", "64",
          "--output", "10000", "--workers", "2"]
MARKER = "seqmodels-attack-left-behind"


def canary(attempt):
    """An answer cell: ``square`` is right only if ``attempt`` raised."""
    body = "\n".join("    " + line for line in attempt.splitlines())
    return ("def _attempt():\n" + body + "\n\n"
            "try:\n    _attempt()\n    breached = True\n"
            "except BaseException:\n    breached = False\n\n"
            "def square(x):\n    return -1 if breached else x * x")


def write(nb, path):
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, str(path))


def rows_of(out):
    with open(out / "grades.csv") as f:
        return {r["student"]: r for r in csv.DictReader(f)}


def gradebook_ids(workspace):
    return tiny_course.gradebook_scores(workspace)


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    root = tiny_course.make(tmp_path_factory.mktemp("tiny"))
    (root / "canary.txt").write_text("untouched")
    return root


# ------------------------------------------------------------- cohort A
# name -> (answers, edit, expected): expected is a dict of the row's
# status, total and per-part scores, and words its problems or flags say.
def _drop_test(gid):
    def edit(nb):
        nb.cells = [c for c in nb.cells if c.metadata.get(
            "nbgrader", {}).get("grade_id") != gid]
    return edit


def _edit_cells(fn):
    def edit(nb):
        for cell in nb.cells:
            fn(cell, cell.metadata.get("nbgrader", {}))
    return edit


def _tests_to_pass(cell, meta):
    if meta.get("grade"):
        cell.source = "pass  # tests removed"


def _locked_edit(cell, meta):
    if meta.get("grade_id") == "setup":
        cell.source = "onp = None"


def _inflate(cell, meta):
    if meta.get("grade"):
        meta["points"] = 100


def _unmark_test(cell, meta):
    if meta.get("grade_id") == "square_tests":
        cell.metadata.pop("nbgrader")
        cell.source = "pass"


def _duplicate(nb):
    extra = [c for c in nb.cells
             if c.metadata.get("nbgrader", {}).get("grade_id") == "mean"]
    nb.cells.append(nbformat.from_dict(json.loads(json.dumps(extra[0]))))
    nb.cells[-1].source = "def mean(xs):\n    return 0"


def _kernelspec(nb):
    nb.metadata["kernelspec"] = {"name": "evil", "display_name": "evil",
                                 "language": "python"}


# Code that reaches beyond its answers changes nothing (the tests run in
# the grader's process): the row scores what the answers earn (here a
# wrong square beside a right mean), and the code is reported.
FLAG = dict(status="graded", score=1.0, parts={"square_tests": 0.0},
            reported=True)
COHORT_A = {
    "honest": ({}, None, dict(status="graded", score=FULL)),
    "honest_2": ({}, None, dict(status="graded", score=FULL)),
    # cheating from inside the notebook: reported, no effect on scores
    "patch_numpy": ({"square": "import numpy\nnumpy.allclose = lambda *a,"
                     " **k: True\n" + WRONG_SQUARE}, None,
                    dict(FLAG, words="numpy.allclose")),
    "patch_builtins": ({"square": "import builtins\nbuiltins.abs = lambda "
                        "x: 0\n" + WRONG_SQUARE}, None,
                       dict(FLAG, words="imports `builtins`")),
    "shadow_abs": ({"square": "abs = lambda x: 0\n" + WRONG_SQUARE}, None,
                   dict(FLAG, words="rebinds the builtin `abs`")),
    "shadow_locked": ({"square": "class _N:\n    def allclose(self, *a):\n"
                       "        return True\n    def arange(self, *a):\n"
                       "        return 0\nonp = _N()\n" + WRONG_SQUARE},
                      None, dict(FLAG, words="rebinds `onp`")),
    "exec_string": ({"square": 'exec("def square(x): return x + x")'},
                    None, dict(FLAG, words="uses `exec`")),
    "setattr_import": ({"square": "setattr(__import__('numpy'), "
                        "'allclose', lambda *a: True)\n" + WRONG_SQUARE},
                       None, dict(FLAG, words="uses `setattr`")),
    "ipython_rewrite": ({"square": "get_ipython().ast_transformers.append"
                         "(None)\n" + WRONG_SQUARE}, None,
                        dict(FLAG, words="get_ipython")),
    "swallow_errors": ({"square": "ip = get_ipython()\nip.set_custom_exc("
                        "(Exception,), lambda *a, **k: None)\n"
                        + WRONG_SQUARE}, None,
                       dict(FLAG, words="set_custom_exc")),
    "shell_escape": ({"square": "!cat /etc/passwd\n" + WRONG_SQUARE}, None,
                     dict(FLAG, words="IPython syntax")),
    "sys_modules": ({"square": "import sys\nsys.modules['numpy'].allclose"
                     " = abs\n" + WRONG_SQUARE}, None,
                    dict(FLAG, words="uses `.modules`")),
    "dunder_globals": ({"square": WRONG_SQUARE + "\nsquare.__globals__"
                        "['abs'] = len"}, None,
                       dict(FLAG, words="__globals__")),
    "private_attr": ({"square": "onp._NoValue = 0\n" + WRONG_SQUARE},
                     None, dict(FLAG, words="._NoValue")),
    "ctypes_poke": ({"square": "import ctypes\n" + WRONG_SQUARE}, None,
                    dict(FLAG, words="imports `ctypes`")),
    "open_file": ({"square": "open('/etc/hostname').read()\n"
                   + WRONG_SQUARE}, None, dict(FLAG, words="uses `open`")),
    "extra_cell_cheat": ({}, lambda nb: nb.cells.insert(3, nbformat.v4.
                         new_code_cell("import numpy\nnumpy.allclose = "
                                       "lambda *a, **k: True")),
                         dict(FLAG, score=FULL, parts={}, words="cell 4")),
    # wrong answers that special-case the visible tests: the hidden
    # tests catch them
    "special_case_visible": ({"square": "def square(x):\n    return 9 if"
                              " x == 3 else 0"}, None,
                             dict(status="graded", score=1.0,
                                  parts={"square_tests": 0.0})),
    "hardcoded_mean": ({"mean": "def mean(xs):\n    return 2"}, None,
                       dict(status="graded", score=2.0,
                            parts={"mean_tests": 0.0})),
    # notebook tampering: nbgrader restores, the points stay the course's
    "tests_replaced": ({"square": WRONG_SQUARE}, _edit_cells(
        _tests_to_pass), dict(status="graded", score=1.0,
                              parts={"square_tests": 0.0})),
    "locked_edited": ({}, _edit_cells(_locked_edit),
                      dict(status="graded", score=FULL)),
    "points_inflated": ({}, _edit_cells(_inflate),
                        dict(status="graded", score=FULL, max=FULL)),
    "test_deleted": ({"square": WRONG_SQUARE}, _drop_test("square_tests"),
                     dict(status="graded", score=1.0,
                          words="test cells deleted")),
    "test_unmarked": ({"square": WRONG_SQUARE}, _edit_cells(_unmark_test),
                      dict(status="graded", score=1.0,
                           words="test cells deleted")),
    # a second copy of a graded cell: nbgrader refuses the notebook
    "duplicate_answer_cell": ({}, _duplicate,
                              dict(status="not graded",
                                   words="autograde failed")),
    "kernel_changed": ({}, _kernelspec, dict(status="graded", score=FULL)),
}


def _build_a(course, folder):
    for name, (answers, edit, _) in COHORT_A.items():
        write(tiny_course.submission(course, answers, edit),
              folder / name / NB)
    honest = tiny_course.submission(course)
    # names that must not collide or vanish
    for name in ("a~b", "a_b", ".hidden", "José Ñ", "with space"):
        write(honest, folder / name / NB)
    v3 = nbformat.v3.convert.downgrade(nbformat.from_dict(
        json.loads(nbformat.writes(honest))))
    (folder / "nbformat_v3").mkdir()
    (folder / "nbformat_v3" / NB).write_text(json.dumps(v3))
    (folder / "bad_json").mkdir()
    (folder / "bad_json" / NB).write_text('{"cells": [{"cell_type": ')
    (folder / "binary").mkdir()
    (folder / "binary" / NB).write_bytes(b"%PDF-1.4\n\xff\xfe\x00")
    (folder / "no_cells").mkdir()
    (folder / "no_cells" / NB).write_text(json.dumps(
        {"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}))
    plain = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
        SOLUTION_TEXT)])
    write(plain, folder / "pasted_into_new" / NB)
    (folder / "deep_json").mkdir()
    (folder / "deep_json" / NB).write_text("[" * 100_000 + "]" * 100_000)
    (folder / "empty_folder").mkdir()
    (folder / "wrong_name").mkdir()
    write(honest, folder / "wrong_name" / "Untitled.ipynb")
    write(honest, folder / "wrong_name" / "copy.ipynb")
    (folder / "loose_file.ipynb").write_text(nbformat.writes(honest))


SOLUTION_TEXT = "\n\n".join(tiny_course.SOLUTION.values())
ROWS_A = {  # not graded: the reason's words
    "bad_json": "not valid JSON", "binary": "not a text file",
    "no_cells": "has no cells", "pasted_into_new": "no nbgrader cells",
    "deep_json": "not valid JSON", "empty_folder": "is missing",
    "wrong_name": "is missing", "loose_file": "not inside a student folder",
}


@pytest.fixture(scope="module")
def cohort_a(course, tmp_path_factory):
    base = tmp_path_factory.mktemp("cohort_a")
    folder = base / "cohort"
    _build_a(course, folder)
    archive = base / "cohort.zip"
    with zipfile.ZipFile(archive, "w") as z:
        for path in sorted(folder.rglob("*")):
            z.write(path, "cohort" / path.relative_to(folder))
        z.writestr("cohort/zip_slip/../../../escaped.txt", "out")
        z.writestr("/abs_path/evil.txt", "out")
        link = zipfile.ZipInfo("cohort/zip_link/tiny.ipynb")
        link.external_attr = (0o120777 << 16)
        z.writestr(link, "/etc/passwd")
    out, ws = base / "results", base / "workspace"
    code = autograder_main(["grade", str(archive), "--assignment", A,
                            "--course", str(course), "--workspace", str(ws),
                            "--out", str(out), *LIMITS])
    assert code == 0
    return rows_of(out), ws, out, base


def _check_row(row, expected):
    assert row["status"] == expected["status"], row
    if "score" in expected:
        assert float(row["score"]) == expected["score"], row
    if "max" in expected:
        assert float(row["max_score"]) == expected["max"], row
    for part, score in expected.get("parts", {}).items():
        assert float(row[part]) == score, row
    if "words" in expected:
        assert expected["words"] in row["problems"] + row["flagged"], row


@pytest.mark.parametrize("name", sorted(COHORT_A))
def test_cohort_a_outcome(cohort_a, name):
    rows, *_ = cohort_a
    _check_row(rows[name], COHORT_A[name][2])


@pytest.mark.parametrize("name", sorted(ROWS_A))
def test_cohort_a_bad_files_get_a_row_with_the_reason(cohort_a, name):
    rows, *_ = cohort_a
    row = rows[name]
    assert row["status"] == "not graded" and ROWS_A[name] in row[
        "problems"], row


def test_cohort_a_names_stay_apart_and_nothing_is_lost(cohort_a):
    rows, *_ = cohort_a
    by_folder = {r["folder"]: r for r in rows.values()}
    for name in ("a~b", "a_b", ".hidden", "José Ñ", "with space"):
        assert by_folder[name]["status"] == "graded", by_folder[name]
        assert float(by_folder[name]["score"]) == FULL
    assert by_folder["a_b"]["student"] == "a_b"
    assert by_folder["a~b"]["student"].startswith("a_b-")
    expected = (set(COHORT_A) | set(ROWS_A) | {
        "a~b", "a_b", ".hidden", "José Ñ", "with space", "nbformat_v3",
        "zip_slip", "zip_link", "loose_file.ipynb", "abs_path"}) - {
        "loose_file"}
    assert set(by_folder) == expected


def test_cohort_a_nbformat_v3_is_converted_and_graded(cohort_a):
    rows, *_ = cohort_a
    assert rows["nbformat_v3"]["status"] == "graded"
    assert float(rows["nbformat_v3"]["score"]) == FULL


def test_cohort_a_unsafe_archive_members_are_reported_not_extracted(
        cohort_a):
    rows, _, _, base = cohort_a
    by_folder = {r["folder"]: r for r in rows.values()}
    assert "path out of the archive" in by_folder["zip_slip"]["problems"]
    assert "symbolic link" in by_folder["zip_link"]["problems"]
    assert by_folder["zip_link"]["status"] == "not graded"
    assert not list(base.rglob("escaped.txt"))
    assert not Path("/abs_path").exists() and not Path(
        "/tmp/escaped.txt").exists()


def test_cohort_a_report_flags_the_cheats(cohort_a):
    rows, _, out, _ = cohort_a
    tiny_course.assert_reported(out, [
        name for name, (_, _, expected) in COHORT_A.items()
        if expected.get("reported")])


def test_cohort_a_gradebook_holds_exactly_the_graded_rows(cohort_a):
    rows, ws, *_ = cohort_a
    graded = {s: float(r["score"]) for s, r in rows.items()
              if r["status"] == "graded"}
    assert gradebook_ids(ws) == graded


def test_cohort_a_feedback_never_shows_hidden_tests(cohort_a):
    rows, _, out, _ = cohort_a
    pages = list((out / "feedback").glob("*.html"))
    assert len(pages) == sum(r["status"] == "graded" for r in rows.values())
    for page in pages:
        html = page.read_text()
        assert re.search(r"Score: [\d.]+ / [\d.]+", html)
        assert "HIDDEN" not in html and "onp.arange(-3.0, 4.0)" not in html
        assert "-2.5" not in html


# ------------------------------------------------------------- cohort B
@pytest.fixture(scope="module")
def listener():
    """A TCP server on 127.0.0.1 that records every connection."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    server.settimeout(0.5)
    seen, stop = [], threading.Event()

    def serve():
        while not stop.is_set():
            try:
                conn, _ = server.accept()
                seen.append(conn.recv(100))
                conn.close()
            except OSError:
                pass
    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield server.getsockname()[1], seen
    stop.set()
    thread.join()
    server.close()


def _attacks_b(course, base, port, home_canary):
    ws, out = base / "workspace", base / "results"
    cohort = base / "cohort"
    sol = course / "solutions" / A / NB
    reads = {
        "read_course_solutions": ROOT / "solutions" / "rnn" / "rnn.ipynb",
        "read_tiny_solutions": sol,
        "read_gradebook": ws / "gradebook.db",
        "read_neighbour": cohort / "honest" / NB,
        "read_tests_folder": ROOT / "tests" / "test_attacks.py",
    }
    attacks = {name: f"open({str(path)!r}).read()"
               for name, path in reads.items()}
    attacks.update({
        "read_home": f"open({str(home_canary)!r}).read()",
        "env_leak": "import os\nassert [k for k in os.environ if "
                    "k.startswith(('SEQ_', 'JUPYTER', 'JPY_'))]",
        "write_results": f"open({str(out / 'pwned.txt')!r}, 'w').write('x')",
        "write_course": f"open({str(course / 'canary.txt')!r}, 'a')"
                        ".write('x')",
        "write_library": "import seqmodels, os\nopen(os.path.join("
                         "os.path.dirname(seqmodels.__file__), 'pwned.py'),"
                         " 'w').write('x')",
        "network_local": f"import socket\nsocket.create_connection(("
                         f"'127.0.0.1', {port}), timeout=3).send(b'leak')",
        "network_out": "import socket\nsocket.create_connection(("
                       "'93.184.216.34', 80), timeout=3)",
        "memory_hog": "x = bytearray(3 * 2 ** 30)",
        "fork_bomb": "import os, time\nn = 0\nfor _ in range(200):\n"
                     "    pid = os.fork()\n    if pid == 0:\n"
                     "        time.sleep(5)\n        os._exit(0)\n"
                     "    n += 1\nassert n >= 64",
        "big_file": "open('/tmp/work/big', 'wb').write(b'x' * 100 * 2 ** 20)",
        "fill_disk": "import os\nfor i in range(20):\n"
                     "    with open(f'/tmp/fill{i}', 'wb') as f:\n"
                     "        f.write(b'x' * 15 * 2 ** 20)",
        "read_job_gradebook": "import glob\nopen(glob.glob('/tmp/job-*/ws/"
                              "gradebook.db')[0], 'rb').read()",
    })
    answers = {name: {"square": canary(code)}
               for name, code in attacks.items()}
    answers.update({
        "honest": {}, "honest_2": {},
        "huge_output": {"square": "print('x' * 50_000_000)\n"
                        + tiny_course.SOLUTION["square"]},
        "infinite_loop": {"mean": "while True:\n    pass"},
        "kernel_exit": {"mean": "import os\nos._exit(3)"},
        "left_behind": {"square": "import subprocess, sys\nsubprocess.Popen"
                        "([sys.executable, '-c', 'import time; "
                        f"time.sleep(600)', '{MARKER}'], "
                        "start_new_session=True)\n"
                        + tiny_course.SOLUTION["square"]},
    })
    for name, ans in answers.items():
        write(tiny_course.submission(course, ans), cohort / name / NB)
    # links out of the cohort are not followed
    (cohort / "link_folder").symlink_to(course / "solutions" / A)
    (cohort / "link_notebook").mkdir()
    (cohort / "link_notebook" / NB).symlink_to(sol)
    return cohort, ws, out, set(attacks)


@pytest.fixture(scope="module")
def cohort_b(course, tmp_path_factory, listener):
    port, seen = listener
    base = tmp_path_factory.mktemp("cohort_b")
    home_canary = Path.home() / f".{MARKER}-{os.getpid()}"
    home_canary.write_text("the instructor's own file")
    try:
        cohort, ws, out, canaries = _attacks_b(course, base, port,
                                               home_canary)
        code = autograder_main([
            "grade", str(cohort), "--assignment", A, "--course", str(course),
            "--workspace", str(ws), "--out", str(out), "--no-code-check",
            *LIMITS])
    finally:
        home_canary.unlink()
    assert code == 0
    return rows_of(out), ws, out, canaries, seen


def test_cohort_b_every_sandbox_attack_fails(cohort_b):
    rows, _, _, canaries, _ = cohort_b
    for name in sorted(canaries):
        row = rows[name]
        assert row["status"] == "graded", (name, row)
        assert float(row["square_tests"]) == POINTS["square_tests"], (
            f"{name}: the attack succeeded inside the sandbox", row)


def test_cohort_b_nothing_outside_the_job_changed(cohort_b, course):
    _, _, out, _, seen = cohort_b
    assert (course / "canary.txt").read_text() == "untouched"
    assert not (out / "pwned.txt").exists()
    import seqmodels
    assert not (Path(seqmodels.__file__).parent / "pwned.py").exists()
    assert seen == []  # no connection reached the local server


def test_cohort_b_honest_students_keep_full_marks(cohort_b):
    rows, *_ = cohort_b
    for name in ("honest", "honest_2"):
        assert float(rows[name]["score"]) == FULL


def test_cohort_b_crashes_and_floods_get_a_row_with_the_reason(cohort_b):
    rows, *_ = cohort_b
    huge = rows["huge_output"]
    assert huge["status"] == "graded" and float(huge["score"]) == FULL
    assert "output cut at 10,000 characters" in huge["problems"]
    # an answer cell that never ends or ends its kernel costs its own
    # part: the kernel is restarted with the cells before, the rest graded
    for name in ("infinite_loop", "kernel_exit"):
        row = rows[name]
        assert row["status"] == "graded", row
        assert (float(row["square_tests"]), float(row["mean_tests"])) == (
            POINTS["square_tests"], 0.0), row


def test_cohort_b_symlinks_are_not_followed(cohort_b):
    rows, *_ = cohort_b
    for name in ("link_folder", "link_notebook"):
        assert rows[name]["status"] == "not graded"
        assert "symbolic link" in rows[name]["problems"]


def test_cohort_b_leaves_no_process_behind(cohort_b):
    left = []
    for pid in os.listdir("/proc"):
        try:
            cmd = Path(f"/proc/{pid}/cmdline").read_bytes()
        except OSError:
            continue
        if MARKER.encode() in cmd and str(os.getpid()) != pid:
            left.append(pid)
    assert left == []
    assert float(cohort_b[0]["left_behind"]["score"]) == FULL


def test_cohort_b_gradebook_holds_exactly_the_graded_rows(cohort_b):
    rows, ws, *_ = cohort_b
    assert gradebook_ids(ws) == {s: float(r["score"]) for s, r in
                                 rows.items() if r["status"] == "graded"}
