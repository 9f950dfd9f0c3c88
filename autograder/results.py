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
import shutil
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


def failure_messages(autograded_nb):
    """{grade_id: first line of the error} for failing test cells."""
    messages = {}
    nb = nbformat.read(str(autograded_nb), as_version=4)
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if not meta.get("grade") or cell.cell_type != "code":
            continue
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                text = f"{out['ename']}: {out['evalue']}".splitlines()[0]
                messages[meta["grade_id"]] = text[:240]
    return messages


def write_grades(path, rows, parts):
    with open(path, "w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["student", "status", "score", "max_score", *parts,
                         "problems"])
        for r in rows:
            writer.writerow([r["student"], r["status"], r.get("score", ""),
                             r.get("max_score", "")] + [
                r["parts"].get(p, ("", ""))[0] for p in parts] + [
                "; ".join(r["problems"])])


def copy_feedback(feedback_dir, student_id, assignment, target):
    """Copy nbgrader's feedback HTML of one student; return its path."""
    pages = sorted((Path(feedback_dir) / student_id / assignment).glob(
        "*.html"))
    if not pages:
        return None
    target.mkdir(parents=True, exist_ok=True)
    dest = target / f"{student_id}.html"
    if len(pages) == 1:
        shutil.copyfile(pages[0], dest)
    else:  # several notebooks: one page per notebook
        for page in pages:
            shutil.copyfile(page, target / f"{student_id}-{page.name}")
        dest = target
    return dest


def write_report(path, assignment, rows, parts, max_points):
    graded = [r for r in rows if r["status"] == "graded"]
    lines = [f"# Autograde report: {assignment}", "",
             f"{len(graded)} of {len(rows)} submissions graded."]
    if graded:
        mean = sum(r["score"] for r in graded) / len(graded)
        lines.append(f"Mean score {mean:.2f} / {graded[0]['max_score']:g}.")
    lines += ["", "| part | points | mean | full marks | zero | "
              "most common failure |", "|---|---|---|---|---|---|"]
    for p in parts:
        scores = [r["parts"][p][0] for r in graded if p in r["parts"]]
        fails = collections.Counter(
            r["messages"][p] for r in graded if p in r["messages"])
        common = "; ".join(f"{m} ({n}x)" for m, n in fails.most_common(2))
        mean = sum(scores) / len(scores) if scores else 0
        full = sum(s == max_points[p] for s in scores)
        zero = sum(s == 0 for s in scores)
        lines.append(f"| `{p}` | {max_points[p]:g} | {mean:.2f} | {full} | "
                     f"{zero} | {common.replace('|', '/')} |")
    problems = [r for r in rows if r["problems"]]
    if problems:
        lines += ["", "## Submissions with problems", ""]
        lines += [f"- **{r['student']}** ({r['status']}): "
                  + "; ".join(r["problems"]) for r in problems]
    Path(path).write_text("\n".join(lines) + "\n")
