"""Read scores from the gradebook and write grades, feedback and a report.

Outputs, in the results folder:

* ``grades.csv``: one row per student: status, total, one column per
  graded part (the nbgrader ``grade_id``), and why a submission was not
  graded;
* ``feedback/<student>.html``: nbgrader's per-student feedback;
* ``report.md``: what the class got wrong, part by part, with the most
  common failure messages.
"""
import collections
import csv
import warnings
from pathlib import Path

import nbformat
from nbgrader.api import Gradebook


def part_scores(db_url, assignment, student_id):
    """{grade_id: (score, max_score)} of a student's latest autograde."""
    scores = {}
    with Gradebook(db_url) as gb:
        sub = gb.find_submission(assignment, student_id)
        for nb in sub.notebooks:
            for grade in nb.grades:
                scores[grade.name] = (grade.score, grade.max_score)
    return scores


def failure_messages(nb):
    """{grade_id: first line of the error} for failing test cells of an
    autograded notebook (a path or a notebook)."""
    messages = {}
    if not hasattr(nb, "cells"):
        nb = nbformat.read(str(nb), as_version=4)
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if not meta.get("grade") or cell.cell_type != "code":
            continue
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                text = f"{out['ename']}: {out['evalue']}".splitlines()[0]
                messages[meta["grade_id"]] = text[:240]
    return messages


def misconceptions_named(nb):
    """{grade_id: [names]} of the misconceptions the feedback of failing
    test cells names (:mod:`autograder.misconceptions`)."""
    return {c.metadata["nbgrader"]["grade_id"]:
            list(c.metadata["seqmodels"]["misconceptions"])
            for c in nb.cells
            if c.metadata.get("seqmodels", {}).get("misconceptions")
            and c.metadata.get("nbgrader", {}).get("grade_id")}


def crash_notes(nb):
    """Notes on cells whose kernel died or timed out (test cells are
    reported by their failure message already)."""
    notes = []
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error" and out.get("ename") in (
                    "DeadKernelError", "CellTimeoutError"):
                where = meta.get("grade_id") or f"cell {cell.get('id')}"
                notes.append(f"{where}: {out['ename']}: "
                             f"{out.get('evalue', '')[:160]}")
    return notes


def record(db_url, assignment, student_id, parts):
    """Write one graded result into the course gradebook: the student,
    a new submission, and each part's automatic score. Only the
    instructor's process calls this (grading jobs have gradebooks of
    their own)."""
    from nbgrader.api import MissingEntry
    with Gradebook(db_url) as gb, warnings.catch_warnings():
        # nbgrader's add_submission trips SQLAlchemy's autoflush warning
        warnings.simplefilter("ignore")
        gb.update_or_create_student(student_id)
        try:
            gb.remove_submission(assignment, student_id)
        except MissingEntry:
            pass
        sub = gb.add_submission(assignment, student_id)
        for nb in sub.notebooks:
            for grade in nb.grades:
                if grade.name in parts:
                    grade.auto_score = parts[grade.name][0]
        gb.db.commit()


def forget(db_url, assignment, student_id):
    """Remove a student's submission of ``assignment`` (if any) from the
    course gradebook: used when a submission is no longer graded."""
    from nbgrader.api import MissingEntry
    with Gradebook(db_url) as gb:
        try:
            gb.remove_submission(assignment, student_id)
        except MissingEntry:
            pass


def _blank(value):
    return "" if value is None else value


def write_grades(path, rows, parts):
    """One row per entry of the cohort; ``flagged`` lists code that
    reaches beyond its answers (advice for the instructor: it changes no
    score)."""
    with open(path, "w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["student", "status", "score", "max_score", *parts,
                         "problems", "flagged", "folder"])
        for r in rows:
            writer.writerow([r.student, r.status, _blank(r.score),
                             _blank(r.max_score)] + [
                r.parts.get(p, ("", ""))[0] for p in parts] + [
                "; ".join(r.problems), "; ".join(r.flags), r.name])


def write_report(path, assignment, rows, parts, max_points, extra=()):
    """``report.md``: per part, the class's mean, full marks, zeros and
    most common failures; code that reaches beyond its answers; problems;
    then the ``extra`` lines (the similarity section)."""
    graded = [r for r in rows if r.status == "graded"]
    lines = [f"# Autograde report: {assignment}", "",
             f"{len(graded)} of {len(rows)} submissions graded."]
    if graded:
        mean = sum(r.score for r in graded) / len(graded)
        lines.append(f"Mean score {mean:.2f} / {graded[0].max_score:g}.")
    lines += ["", "| part | points | mean | full marks | zero | "
              "most common failure |", "|---|---|---|---|---|---|"]
    for p in parts:
        scores = [r.parts[p][0] for r in graded if p in r.parts]
        fails = collections.Counter(
            r.messages[p] for r in graded if p in r.messages)
        common = "; ".join(f"{m} ({n}x)" for m, n in fails.most_common(2))
        mean = sum(scores) / len(scores) if scores else 0
        full = sum(s == max_points[p] for s in scores)
        zero = sum(s == 0 for s in scores)
        lines.append(f"| `{p}` | {max_points[p]:g} | {mean:.2f} | {full} | "
                     f"{zero} | {common.replace('|', '/')} |")
    flagged = [r for r in rows if r.flags]
    if flagged:
        lines += ["", "## Code that reaches beyond its answers", "",
                  "These submissions were graded like the others: the "
                  "tests run outside the student's kernel, so this code "
                  "could not change a score (the student's feedback says "
                  "so). The cells are named if you want to talk about "
                  "them.", ""]
        for r in flagged:
            lines.append(f"- **{r.student}**: " + "; ".join(
                f.replace("|", "/") for f in r.flags[:10])
                + (f" (and {len(r.flags) - 10} more)"
                   if len(r.flags) > 10 else ""))
    named = collections.Counter(
        (p, name) for r in graded for p, names in r.misconceptions.items()
        for name in names)
    if named:
        lines += ["", "## Misconceptions named in feedback", "",
                  "A failed part whose results matched a catalogued wrong "
                  "answer (`assignments/<a>/catalogue.py`); its feedback "
                  "names the misconception.", "",
                  "| part | misconception | submissions |", "|---|---|---|"]
        lines += [f"| `{p}` | {name} | {n} |"
                  for (p, name), n in named.most_common()]
    problems = [r for r in rows if r.problems]
    if problems:
        lines += ["", "## Submissions with problems", ""]
        lines += [f"- **{r.student}** ({r.status}): "
                  + "; ".join(r.problems) for r in problems]
    lines += list(extra)
    Path(path).write_text("\n".join(lines) + "\n")


def write_figure(path, assignment, rows, parts, max_points):
    """``summary.png``: the distribution of total scores and, for each
    part, the share of graded submissions with full marks, labelled with
    the part's most common failure message: what the class got wrong, at
    a glance."""
    # The figure is drawn without pyplot: no global state, so graders in
    # threads of one process cannot mix their figures (and pyplot's import
    # is skipped).
    from matplotlib.figure import Figure

    graded = [r for r in rows if r.status == "graded"]
    total = sum(max_points.values())
    fig = Figure(figsize=(12, 1.2 + 0.55 * max(4, len(parts))))
    ax1, ax2 = fig.subplots(1, 2, gridspec_kw={"width_ratios": [1, 1.6]})
    edges = ([k - 0.5 for k in range(int(total) + 2)] if total <= 40
             else 20)  # one bar per whole score when there are few
    ax1.hist([r.score for r in graded], bins=edges, color="#4c72b0",
             edgecolor="white")
    ax1.yaxis.get_major_locator().set_params(integer=True)
    ax1.set_xlabel(f"total score (of {total:g})")
    ax1.set_ylabel("submissions")
    others = len(rows) - len(graded)
    ax1.set_title(f"{assignment}: {len(graded)} graded"
                  + (f", {others} not graded" if others else ""))
    rates, labels = [], []
    for p in parts:
        scores = [r.parts[p][0] for r in graded if p in r.parts]
        full = sum(s == max_points[p] for s in scores)
        rates.append(100 * full / len(scores) if scores else 0)
        fails = collections.Counter(
            r.messages[p] for r in graded if p in r.messages)
        top = fails.most_common(1)
        labels.append(f"{top[0][0][:70]} ({top[0][1]}x)" if top else "")
    y = range(len(parts))
    ax2.barh(list(y), rates, color="#55a868")
    ax2.set_yticks(list(y), [f"{p} ({max_points[p]:g} pt)" for p in parts])
    ax2.invert_yaxis()
    ax2.set_xlim(0, 100)
    ax2.set_xlabel("% of graded submissions with full marks")
    ax2.set_title("parts, with the most common failure")
    for i, text in enumerate(labels):
        if text:
            ax2.text(1, i + 0.32, text, fontsize=7, va="center",
                     color="#8b0000")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
