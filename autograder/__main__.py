"""``python -m autograder``: release exercises and autograde a cohort.

    python -m autograder grade SUBMISSIONS --assignment A [options]
    python -m autograder release --assignment A

``grade`` takes a folder or a .zip with one folder per student (each
holding the assignment's notebook, directly or in an ``<assignment>/``
subfolder). Every student is graded by an isolated job
(:mod:`autograder.job`) whose kernel runs in a bubblewrap sandbox
(:mod:`autograder.sandbox`), several jobs at a time (``--workers``).
Only this process writes the course gradebook, ``grades.csv``,
``report.md`` and ``feedback/<student>.html``, from the jobs' results.
Every entry of the cohort gets a row: graded, or not graded with the
reason. Code that reaches beyond its answers (:mod:`autograder.tamper`)
changes no score: it is listed for the instructor.
"""
import argparse
import base64
import concurrent.futures
import hashlib
import json
import os
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

import nbformat
from nbgrader.api import Gradebook

from . import job, results, sandbox, submissions, tamper
from . import plan as cell_plan
from .nbgrader_run import ROOT, generate, gradebook, release_notebooks

DEFAULT_WORKSPACE = ROOT / "autograder" / "workspace"
MIB = 2 ** 20


def make_template(workspace, assignment, scratch):
    """A gradebook holding only ``assignment`` (its cells and points),
    copied into every job; made from the course gradebook without its
    students."""
    db, _ = gradebook(workspace)
    template = Path(scratch) / "template.db"
    shutil.copyfile(db, template)
    with Gradebook(f"sqlite:///{template}") as gb:
        for student in list(gb.students):
            gb.remove_student(student.id)
    return template


def source_version(assignment, root=ROOT):
    """Hash of the assignment's source notebooks: a change of the tests
    regrades everyone."""
    h = hashlib.sha256()
    for p in sorted((root / "solutions" / assignment).glob("*.ipynb")):
        h.update(p.name.encode() + b"\0" + p.read_bytes())
    return h.hexdigest()[:16]


def cache_key(spec, version):
    h = hashlib.sha256(json.dumps({
        "version": version, "notebooks": spec["notebooks"],
        "limits": spec["limits"], "sandboxed": spec["sandboxed"],
        "student": spec["student"]}, sort_keys=True).encode())
    return h.hexdigest()[:24]


def max_points(assignment, root=ROOT):
    """{grade_id: points} of the test cells, from the source notebooks."""
    points = {}
    for p in sorted((root / "solutions" / assignment).glob("*.ipynb")):
        for cell in nbformat.read(str(p), as_version=4).cells:
            meta = cell.metadata.get("nbgrader", {})
            if meta.get("grade"):
                points[meta["grade_id"]] = float(meta.get("points", 0))
    return points


def deleted_tests(nb, source_nb):
    """Test cells of the source that a submission no longer has."""
    ids = {c.metadata.get("nbgrader", {}).get("grade_id") for c in nb.cells}
    return [c.metadata["nbgrader"]["grade_id"] for c in source_nb.cells
            if c.metadata.get("nbgrader", {}).get("grade")
            and c.metadata["nbgrader"]["grade_id"] not in ids]


def answer_parts(source_nb):
    """{answer cell's grade_id: grade_id of the test cell after it}."""
    parts, pending = {}, []
    for cell in source_nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("solution") and cell.cell_type == "code":
            pending.append(meta.get("grade_id"))
        elif meta.get("grade"):
            parts.update({gid: meta.get("grade_id") for gid in pending})
            pending = []
    return parts


def apply_rule_breaks(row, result):
    """A part whose answer broke the assignment's rule scores 0."""
    for part, why in row["rule_breaks"].items():
        if part in result["parts"]:
            result["parts"][part] = [0.0, result["parts"][part][1]]
            result["messages"][part] = f"this part's answer {why}"


TAMPER_NOTE = (
    '<div style="border:2px solid #b00;padding:8px;margin:8px 0">'
    "<b>About some of your code.</b> Your notebook has code that reaches "
    "beyond its answers ({what}). It changed nothing: the tests run "
    "outside your notebook's kernel, and only what your functions return "
    "is checked. Your instructor sees this note too.</div>")


def with_note(page, flags):
    """The feedback page with a note about code that tried to reach the
    grading, at the top of its body."""
    import html
    what = html.escape("; ".join(flags[:3])
                       + (f"; and {len(flags) - 3} more" if len(flags) > 3
                          else ""))
    note = TAMPER_NOTE.format(what=what)
    at = page.find("<body")
    if at < 0:
        return note + page
    at = page.find(">", at) + 1
    return page[:at] + note + page[at:]


def limits_from(args):
    # On Dask, each worker process runs one job at a time with one thread
    # (start workers with --nthreads 1, as many as the machine has cores).
    jobs_here = 0 if args.scheduler else args.workers
    threads = args.threads or (max(1, (os.cpu_count() or 1) // jobs_here)
                               if jobs_here else 1)
    return sandbox.Limits(
        memory=int(args.memory * 2 ** 30), processes=args.processes,
        file_size=args.file_size * MIB, scratch=args.scratch * MIB,
        output=args.output, cell_timeout=args.timeout,
        notebook_timeout=args.notebook_timeout, threads=threads)


def plan(students, args, template, limits):
    """(rows of students not graded, job specs, tamper findings)."""
    root = Path(args.course)
    sources = {name: nbformat.read(
        str(root / "solutions" / args.assignment / name), as_version=4)
        for name in release_notebooks(args.assignment, root)}
    grading_plan = {n: cell_plan.make(nb).as_dict()
                    for n, nb in sources.items()}
    rows, specs = [], []
    template = base64.b64encode(Path(template).read_bytes()).decode()
    files = {f.name: base64.b64encode(f.read_bytes()).decode()
             for f in sorted((root / "solutions" / args.assignment).iterdir())
             if f.is_file() and f.suffix != ".ipynb"}
    for s in students:
        row = dict(student=s.student_id, name=s.name, status="not graded",
                   problems=list(s.problems), parts={}, messages={},
                   flags=[], rule_breaks={})
        if len(s.notebooks) != len(sources):
            rows.append(row)
            continue
        texts = {n: submissions.read_notebook(p)
                 for n, p in s.notebooks.items()}
        for n, text in texts.items():
            nb = nbformat.reads(text, as_version=4)
            gone = deleted_tests(nb, sources[n])
            if gone:
                row["problems"].append(
                    "test cells deleted (nbgrader scores them 0): "
                    + ", ".join(gone))
            if not args.no_code_check:
                row["flags"] += [f for f in tamper.scan_notebook(
                    nb, sources[n], args.assignment) if tamper.matters(f)]
                parts_of = answer_parts(sources[n])
                for gid, why in tamper.rule_breaks(
                        nb, sources[n], args.assignment).items():
                    if gid in parts_of:
                        row["rule_breaks"][parts_of[gid]] = why
        specs.append(dict(
            assignment=args.assignment, student=s.student_id,
            notebooks=texts, template=template, files=files,
            plan=grading_plan, limits=limits.as_dict(),
            sandboxed=not args.unsandboxed,
            jobs_dir=None, row=row))
    return rows, specs


def run_jobs(specs, args, cache_dir, version, on_result):
    """Run the job specs ``args.workers`` at a time (or on a Dask
    cluster); reuse a cached result for a submission already graded with
    this version of the assignment and the same limits."""
    todo = []
    for spec in specs:
        key = cache_key(spec, version)
        spec["key"] = key
        cached = cache_dir / f"{key}.json"
        if cached.exists() and not args.regrade:
            on_result(spec, json.loads(cached.read_text()), cached=True)
        else:
            todo.append(spec)
    if not todo:
        return

    def store(spec, result):
        tmp = cache_dir / f".{spec['key']}.tmp"
        tmp.write_text(json.dumps(result))
        os.replace(tmp, cache_dir / f"{spec['key']}.json")
        on_result(spec, result, cached=False)

    def finish(spec, fut, where):
        try:
            result = fut.result()
        except Exception as err:  # reported in the row
            # not cached: the next run tries this submission again
            on_result(spec, dict(status="not graded", seconds={}, problems=[
                f"the grading job failed {where}: {type(err).__name__}: "
                f"{str(err)[:200]}"]), cached=False)
        else:
            store(spec, result)

    payload = [{k: v for k, v in s.items() if k not in ("row", "key")}
               for s in todo]
    if args.scheduler:
        return run_on_dask(args.scheduler, payload, todo, finish)
    with concurrent.futures.ThreadPoolExecutor(args.workers) as pool:
        futures = {pool.submit(job.run, p): s for p, s in zip(payload, todo)}
        for fut in concurrent.futures.as_completed(futures):
            finish(futures[fut], fut, "in the grader")


def run_on_dask(address, payload, todo, finish):
    """The same jobs on an existing Dask cluster: one task per job, run by
    whichever worker is free, in that worker's sandbox. A task that fails
    (its worker lost twice, the job crashed) gives that student a row
    with the reason; the others go on."""
    from distributed import Client, as_completed
    with Client(address, timeout="30s") as client:
        futures = {client.submit(job.run, p, pure=False, retries=1,
                                 key=f"grade-{s['key']}"): s
                   for p, s in zip(payload, todo)}
        for fut in as_completed(futures):
            finish(futures[fut], fut, f"on the Dask cluster {address}")


def grade(args):
    workspace = Path(args.workspace).resolve()
    out = Path(args.out or workspace / "results" / args.assignment)
    workspace.mkdir(parents=True, exist_ok=True)
    if args.unsandboxed:
        print("warning: --unsandboxed: student code runs with your "
              "rights, network and files", file=sys.stderr)
    else:
        sandbox.check()
    root = Path(args.course).resolve()
    expected = release_notebooks(args.assignment, root)
    limits = limits_from(args)
    start = time.perf_counter()
    points = max_points(args.assignment, root)
    version = source_version(args.assignment, root)
    cache_dir = workspace / "cache" / args.assignment
    cache_dir.mkdir(parents=True, exist_ok=True)
    db_path, db_url = gradebook(workspace)
    if not args.scheduler:
        threading.Thread(target=job.warm_up, daemon=True).start()
    with tempfile.TemporaryDirectory() as scratch:
        cohort, zip_problems = submissions.open_submissions(
            args.submissions, scratch, args.assignment)
        students = submissions.collect(cohort, args.assignment, expected,
                                       zip_problems)
        if not students:
            raise submissions.InputError(f"no student folders in {cohort}")
        marker = workspace / "release" / f".{args.assignment}.version"
        if not (db_path.exists() and marker.exists()
                and marker.read_text() == version):
            # the gradebook learns the assignment's cells and points;
            # unchanged sources need no second run
            generate(args.assignment, workspace, workspace / "release", root)
            marker.write_text(version)
        template = make_template(workspace, args.assignment, scratch)
        rows, specs = plan(students, args, template, limits)
        feedback = out / "feedback"
        feedback.mkdir(parents=True, exist_ok=True)
        progress = Progress(len(specs), len(rows))

        def on_result(spec, result, cached):
            row = spec["row"]
            row["problems"] += result["problems"]
            row["seconds"] = result["seconds"]
            if result["status"] == "graded":
                apply_rule_breaks(row, result)
                row.update(status="graded", messages=result["messages"],
                           parts={k: tuple(v) for k, v in
                                  result["parts"].items()})
                results.record(db_url, args.assignment, row["student"],
                               result["parts"])
                page = feedback / f"{row['student']}.html"
                page.write_text(with_note(result["feedback"], row["flags"])
                                if row["flags"] else result["feedback"])
            rows.append(row)
            progress.done(row, cached)

        run_jobs(specs, args, cache_dir, version, on_result)
    graded_ids = {r["student"] for r in rows if r["status"] == "graded"}
    for r in rows:
        if r["status"] != "graded":
            results.forget(db_url, args.assignment, r["student"])
            stale = feedback / f"{r['student']}.html"
            if stale.exists():
                stale.unlink()
        if r["parts"]:
            r["score"] = sum(s for s, _ in r["parts"].values())
            r["max_score"] = sum(m for _, m in r["parts"].values())
    rows.sort(key=lambda r: r["student"])
    parts = list(points)
    results.write_grades(out / "grades.csv", rows, parts)
    results.write_report(out / "report.md", args.assignment, rows, parts,
                         points)
    results.write_figure(out / "summary.png", args.assignment, rows, parts,
                         points)
    for r in rows:
        total = (f"{r['score']:g}/{r['max_score']:g}" if "score" in r
                 else "-")
        note = "; ".join(r["problems"] + r["flags"][:2])
        print(f"{r['student']:<24} {r['status']:<11} {total:>8}  "
              f"{note[:300]}")
    print(f"Graded {len(graded_ids)} of {len(rows)} in "
          f"{time.perf_counter() - start:.0f} s. Results: "
          f"{out / 'grades.csv'}, {out / 'report.md'}, "
          f"{out / 'summary.png'}, {feedback}/ "
          f"(gradebook {db_url})")
    return 0


class Progress:
    """One line per finished job: done/total, failures, ETA."""

    def __init__(self, total, not_graded):
        self.total, self.n, self.failed = total, 0, 0
        self.start = time.perf_counter()
        if not_graded:
            print(f"{not_graded} entries not graded (see grades.csv); "
                  f"grading {total}", file=sys.stderr)

    def done(self, row, cached):
        self.n += 1
        self.failed += row["status"] != "graded"
        spent = time.perf_counter() - self.start
        eta = spent / self.n * (self.total - self.n)
        print(f"[{self.n}/{self.total}] {row['student']}: {row['status']}"
              f"{' (cached)' if cached else ''}; {self.failed} not graded;"
              f" ETA {eta:.0f} s", file=sys.stderr, flush=True)


def release(args):
    """Regenerate exercises/<assignment> from solutions/<assignment>."""
    target = (Path(args.into).resolve() if args.into
              else Path(args.course).resolve() / "exercises")
    with tempfile.TemporaryDirectory() as ws:
        folder = generate(args.assignment, Path(ws), target,
                          Path(args.course).resolve())
    print(f"Student version written to {folder}")
    return 0


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="python -m autograder", description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    d = sandbox.Limits()
    g = sub.add_parser("grade", help="autograde a folder or .zip of "
                       "submissions (one folder per student)")
    g.add_argument("submissions", help="folder or .zip")
    g.add_argument("--assignment", required=True,
                   help="e.g. rnn (a folder of solutions/)")
    g.add_argument("--workspace", default=str(DEFAULT_WORKSPACE),
                   help="course gradebook, result cache (git-ignored)")
    g.add_argument("--out", help="results folder (default: "
                   "WORKSPACE/results/ASSIGNMENT)")
    g.add_argument("--workers", type=int, default=os.cpu_count() or 1,
                   help="grading jobs at once (default: the cores)")
    g.add_argument("--scheduler", metavar="tcp://HOST:PORT",
                   help="send the jobs to this Dask scheduler's workers "
                   "instead of running them here (each worker needs the "
                   "course's environment and bubblewrap)")
    g.add_argument("--course", default=str(ROOT), help="course root "
                   "holding solutions/ and exercises/ (default: this one)")
    g.add_argument("--no-code-check", action="store_true",
                   help="grade without the check for code that tries to "
                   "change the grading (the sandbox still applies)")
    g.add_argument("--regrade", action="store_true",
                   help="grade again even submissions already graded")
    g.add_argument("--unsandboxed", action="store_true",
                   help="run student code without the sandbox (only for "
                   "trusted submissions, where bubblewrap cannot work)")
    g.add_argument("--timeout", type=int, default=d.cell_timeout,
                   help=f"seconds per cell (default {d.cell_timeout})")
    g.add_argument("--notebook-timeout", type=int,
                   default=d.notebook_timeout, help="seconds per notebook "
                   f"(default {d.notebook_timeout})")
    g.add_argument("--memory", type=float, default=d.memory / 2 ** 30,
                   help=f"GiB per kernel process (default "
                   f"{d.memory / 2 ** 30:g})")
    g.add_argument("--processes", type=int, default=d.processes,
                   help=f"processes per kernel (default {d.processes})")
    g.add_argument("--file-size", type=int, default=d.file_size // MIB,
                   help=f"MiB per written file (default "
                   f"{d.file_size // MIB})")
    g.add_argument("--scratch", type=int, default=d.scratch // MIB,
                   help=f"MiB of private /tmp (default {d.scratch // MIB})")
    g.add_argument("--output", type=int, default=d.output,
                   help=f"characters kept per output (default {d.output})")
    g.add_argument("--threads", type=int, default=0,
                   help="CPU threads per job (default: cores / workers)")
    g.set_defaults(func=grade)
    r = sub.add_parser("release", help="regenerate exercises/ from "
                       "solutions/")
    r.add_argument("--assignment", required=True)
    r.add_argument("--into", help="release folder (default exercises/)")
    r.add_argument("--course", default=str(ROOT), help="course root")
    r.set_defaults(func=release)
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except (submissions.InputError, FileNotFoundError, RuntimeError,
            sandbox.SandboxUnavailable) as err:
        print(f"error: {err}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
