"""Grade a cohort: the work behind ``python -m autograder grade``.

Every student is graded by an isolated job (:mod:`autograder.job`) whose
kernel runs in a bubblewrap sandbox (:mod:`autograder.sandbox`), several
jobs at a time or on a Dask cluster. Only this process writes the course
gradebook, ``grades.csv``, ``report.md`` and ``feedback/<student>.html``,
from the jobs' results (:mod:`autograder.records`). Every entry of the
cohort gets a row: graded, or not graded with the reason. Code that
reaches beyond its answers (:mod:`autograder.tamper`) changes no score:
it is listed for the instructor.
"""
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

from . import (
    assignments,
    job,
    results,
    sandbox,
    similarity,
    submissions,
    tamper,
)
from . import plan as cell_plan
from .nbgrader_run import ROOT, generate, gradebook, release_notebooks
from .records import JobResult, JobSpec, Row

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
    h = hashlib.sha256(json.dumps({"version": version,
                                   **spec.cache_fields()},
                                  sort_keys=True).encode())
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
    for part, why in row.rule_breaks.items():
        if part in result.parts:
            result.parts[part] = [0.0, result.parts[part][1]]
            result.messages[part] = f"this part's answer {why}"


TAMPER_NOTE = (
    '<div style="border:2px solid #b00;padding:8px;margin:8px 0">'
    "<b>About some of your code.</b> Your notebook has code that reaches "
    "beyond its answers ({what}). It changed nothing: the tests run "
    "outside your notebook's kernel, and only what your functions return "
    "is checked. Your instructor sees this note too.</div>")


RULE_NOTE = (
    '<div style="border:2px solid #b00;padding:8px;margin:8px 0">'
    "<b>Part <code>{part}</code> scores 0.</b> Its answer {why}. The part "
    "asks you to write this yourself; the visible tests say so too when "
    "you run them.</div>")


def with_note(page, flags=(), rule_breaks=None):
    """The feedback page with notes at the top of its body: code that
    tried to reach the grading (``flags``), and parts that score 0 for
    breaking a rule (``rule_breaks``, {part: why})."""
    import html
    note = ""
    if flags:
        what = html.escape("; ".join(flags[:3]) + (
            f"; and {len(flags) - 3} more" if len(flags) > 3 else ""))
        note += TAMPER_NOTE.format(what=what)
    for part, why in sorted((rule_breaks or {}).items()):
        note += RULE_NOTE.format(part=html.escape(part.removesuffix(
            "_tests")), why=html.escape(why))
    if not note:
        return page
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
    """(rows of the entries not graded, [(job spec, its row)])."""
    root = Path(args.course)
    sources = {name: nbformat.read(
        str(root / "solutions" / args.assignment / name), as_version=4)
        for name in release_notebooks(args.assignment, root)}
    catalogue = assignments.catalogue(args.assignment, root)
    grading_plan = {n: cell_plan.make(nb, catalogue).as_dict()
                    for n, nb in sources.items()}
    rows, specs = [], []
    template = base64.b64encode(Path(template).read_bytes()).decode()
    files = {f.name: base64.b64encode(f.read_bytes()).decode()
             for f in sorted((root / "solutions" / args.assignment).iterdir())
             if f.is_file() and f.suffix != ".ipynb"}
    for s in students:
        row = Row(student=s.student_id, name=s.name,
                  problems=list(s.problems))
        if len(s.notebooks) != len(sources):
            rows.append(row)
            continue
        texts = {n: submissions.read_notebook(p)
                 for n, p in s.notebooks.items()}
        for n, text in texts.items():
            nb = nbformat.reads(text, as_version=4)
            gone = deleted_tests(nb, sources[n])
            if gone:
                row.problems.append(
                    "test cells deleted (nbgrader scores them 0): "
                    + ", ".join(gone))
            if not args.no_code_check:
                row.flags += [f for f in tamper.scan_notebook(
                    nb, sources[n], args.assignment, root)
                    if tamper.matters(f)]
                parts_of = answer_parts(sources[n])
                for gid, why in tamper.rule_breaks(
                        nb, sources[n], args.assignment, root).items():
                    if gid in parts_of:
                        row.rule_breaks[parts_of[gid]] = why
        specs.append((JobSpec(
            assignment=args.assignment, student=s.student_id,
            notebooks=texts, template=template, files=files,
            plan=grading_plan, limits=limits.as_dict(),
            sandboxed=not args.unsandboxed), row))
    return rows, specs


def run_jobs(jobs, args, cache_dir, version, on_result):
    """Run the jobs (``[(JobSpec, Row)]``) ``args.workers`` at a time (or
    on a Dask cluster); reuse a cached result for a submission already
    graded with this version of the assignment and the same limits.
    ``on_result(row, JobResult, cached)`` is called once per job."""
    todo = []
    for spec, row in jobs:
        key = cache_key(spec, version)
        cached = cache_dir / f"{key}.json"
        if cached.exists() and not args.regrade:
            on_result(row, JobResult.from_dict(json.loads(
                cached.read_text())), cached=True)
        else:
            todo.append((spec, row, key))
    if not todo:
        return

    def finish(job_, fut, where):
        _, row, key = job_
        try:
            result = fut.result()
        except Exception as err:  # reported in the row
            # not cached: the next run tries this submission again
            on_result(row, JobResult(student=row.student, problems=[
                f"the grading job failed {where}: {type(err).__name__}: "
                f"{str(err)[:200]}"]), cached=False)
            return
        tmp = cache_dir / f".{key}.tmp"
        tmp.write_text(json.dumps(result.as_dict()))
        os.replace(tmp, cache_dir / f"{key}.json")
        on_result(row, result, cached=False)

    if args.scheduler:
        return run_on_dask(args.scheduler, todo, finish)
    with concurrent.futures.ThreadPoolExecutor(args.workers) as pool:
        futures = {pool.submit(job.run, spec): (spec, row, key)
                   for spec, row, key in todo}
        for fut in concurrent.futures.as_completed(futures):
            finish(futures[fut], fut, "in the grader")


def run_on_dask(address, todo, finish):
    """The same jobs on an existing Dask cluster: one task per job, run by
    whichever worker is free, in that worker's sandbox. A task that fails
    (its worker lost twice, the job crashed) gives that student a row
    with the reason; the others go on."""
    from distributed import Client, as_completed
    with Client(address, timeout="30s") as client:
        futures = {client.submit(job.run, spec, pure=False, retries=1,
                                 key=f"grade-{key}"): (spec, row, key)
                   for spec, row, key in todo}
        for fut in as_completed(futures):
            finish(futures[fut], fut, f"on the Dask cluster {address}")


def grade(args):
    """Grade a cohort (the ``grade`` command's arguments); returns the
    exit code."""
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
        rows, jobs = plan(students, args, template, limits)
        feedback = out / "feedback"
        feedback.mkdir(parents=True, exist_ok=True)
        progress = Progress(len(jobs), len(rows))

        def on_result(row, result, cached):
            if result.status == "graded":
                apply_rule_breaks(row, result)
                results.record(db_url, args.assignment, row.student,
                               result.parts)
                page = feedback / f"{row.student}.html"
                page.write_text(with_note(result.feedback, row.flags,
                                          row.rule_breaks))
            row.take(result)
            rows.append(row)
            progress.done(row, cached)

        run_jobs(jobs, args, cache_dir, version, on_result)
    graded_ids = {r.student for r in rows if r.status == "graded"}
    for r in rows:
        if r.status != "graded":
            results.forget(db_url, args.assignment, r.student)
            stale = feedback / f"{r.student}.html"
            if stale.exists():
                stale.unlink()
        r.total()
    rows.sort(key=lambda r: r.student)
    parts = list(points)
    results.write_grades(out / "grades.csv", rows, parts)
    compared, found = similar(jobs, rows, root, args.assignment, out)
    results.write_report(out / "report.md", args.assignment, rows, parts,
                         points, extra=similarity.report_lines(
                             found, compared))
    results.write_figure(out / "summary.png", args.assignment, rows, parts,
                         points)
    for r in rows:
        total = (f"{r.score:g}/{r.max_score:g}" if r.score is not None
                 else "-")
        note = "; ".join(r.problems + r.flags[:2])
        print(f"{r.student:<24} {r.status:<11} {total:>8}  {note[:300]}")
    print(f"Graded {len(graded_ids)} of {len(rows)} in "
          f"{time.perf_counter() - start:.0f} s. Results: "
          f"{out / 'grades.csv'}, {out / 'report.md'}, "
          f"{out / 'summary.png'}, {out / 'similarity.png'}, {feedback}/ "
          f"(gradebook {db_url})")
    return 0


def similar(jobs, rows, root, assignment, out):
    """(number compared, similar pairs) of the graded submissions' answer
    code; draws ``similarity.png`` beside the grades."""
    graded = {r.student for r in rows if r.status == "graded"}
    cohort = {}
    for spec, _ in jobs:
        if spec.student in graded:
            cohort[spec.student] = {}
            for text in spec.notebooks.values():
                cohort[spec.student].update(similarity.answers(text))
    starter = {}
    for nb in sorted((root / "exercises" / assignment).glob("*.ipynb")):
        starter.update(similarity.answers(nb.read_text()))
    found, scores = similarity.pairs(cohort, starter)
    compared = len({n for pair in scores for n in pair})
    if scores:
        similarity.write_figure(out / "similarity.png", assignment, scores)
    return compared, found


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
        self.failed += row.status != "graded"
        spent = time.perf_counter() - self.start
        eta = spent / self.n * (self.total - self.n)
        print(f"[{self.n}/{self.total}] {row.student}: {row.status}"
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
