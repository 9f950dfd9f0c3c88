"""Near-identical answer code across a cohort, for the instructor.

The answer cells of every graded submission are compared pairwise with
copydetect's fingerprints (k-grams of the tokenised code, names and
literals replaced by their kind, then winnowed: the MOSS method of
Schleimer, Wilkerson and Aiken, 2003), with the released starter code
as boilerplate, so that what every student was given does not count.
A pair is reported when each side's answer code is at least
:data:`THRESHOLD` covered by the other's; the report names the parts
that match. Renamed variables, changed comments and moved blank lines do
not hide a copy; short answers (fewer than :data:`MIN_TOKENS` tokens
beyond the starter code) are left out, since two honest one-liners are
often the same.

This is evidence for a conversation, never a score: nothing here
changes a grade.
"""
import io
import itertools
from dataclasses import dataclass, field

import nbformat

#: copydetect's noise threshold (k) and guarantee threshold, in tokens
#: of the filtered code (its defaults).
NOISE, GUARANTEE = 25, 30
#: The share of each side's answer tokens found in the other's from
#: which a pair is reported.
THRESHOLD = 0.8
#: Answer code shorter than this (tokens, beyond the starter code) is
#: not compared.
MIN_TOKENS = 60


@dataclass
class Pair:
    a: str
    b: str
    score: float  # the smaller of the two sides' shares
    parts: list = field(default_factory=list)


def answers(notebook_text):
    """{grade_id: source} of the answer cells of a notebook (text)."""
    nb = nbformat.reads(notebook_text, as_version=4)
    return {c.metadata["nbgrader"]["grade_id"]: c.source for c in nb.cells
            if c.cell_type == "code"
            and c.metadata.get("nbgrader", {}).get("solution")
            and c.metadata["nbgrader"].get("grade_id")}


def _beyond(code, given):
    """``code`` without the lines it shares with the starter code."""
    known = {line.strip() for line in given.splitlines() if line.strip()}
    return "\n".join(line for line in code.splitlines()
                     if line.strip() not in known)


def _fingerprint(code, boilerplate=()):
    from copydetect import CodeFingerprint
    return CodeFingerprint("answer.py", NOISE, GUARANTEE - NOISE + 1,
                           boilerplate=list(boilerplate),
                           fp=io.StringIO(code), language="python")


def _share(x, y):
    from copydetect import compare_files
    if not x.hashes or not y.hashes:
        return 0.0, 0.0
    _, (s1, s2), _ = compare_files(x, y)
    return float(s1), float(s2)


def pairs(cohort, starter, threshold=THRESHOLD):
    """Pairs of ``cohort`` ({student: {grade_id: answer code}}) whose
    answer code beyond ``starter`` ({grade_id: released code}) is
    near-identical, most similar first; and the matrix of all pairs'
    scores ({(a, b): score}) for the figure."""
    parts = sorted({g for answers_ in cohort.values() for g in answers_})
    boiler = set(_fingerprint("\n\n".join(
        starter.get(g, "") for g in parts)).hashes)
    for code in starter.values():
        boiler |= set(_fingerprint(code).hashes)
    whole, per_part = {}, {}
    for student, code in cohort.items():
        code = {g: _beyond(c, starter.get(g, "")) for g, c in code.items()}
        doc = _fingerprint("\n\n".join(code.get(g, "") for g in parts),
                           boiler)
        if doc.token_coverage >= MIN_TOKENS:
            whole[student] = doc
        per_part[student] = code
    scores, found = {}, []
    for a, b in itertools.combinations(sorted(whole), 2):
        score = min(_share(whole[a], whole[b]))
        scores[a, b] = score
        if score >= threshold:
            same = []
            for g in parts:
                x = _fingerprint(per_part[a].get(g, ""), boiler)
                y = _fingerprint(per_part[b].get(g, ""), boiler)
                if min(_share(x, y)) >= threshold:
                    same.append(g)
            found.append(Pair(a, b, score, same))
    found.sort(key=lambda p: (-p.score, p.a, p.b))
    return found, scores


def report_lines(found, compared, threshold=THRESHOLD):
    """The section of ``report.md`` for the pairs ``found`` among
    ``compared`` submissions."""
    lines = ["", "## Similar answer code", "",
             f"{compared} submissions with enough answer code compared "
             f"pairwise (copydetect, starter code discounted); a pair is "
             f"listed when at least {threshold:.0%} of each side's answer "
             "code is found in the other's. Evidence for a conversation, "
             "not a score.", ""]
    if not found:
        lines.append("No pair above the threshold.")
    for p in found[:50]:
        lines.append(f"- **{p.a}** and **{p.b}**: {p.score:.0%}"
                     + (f" (parts: {', '.join(f'`{g}`' for g in p.parts)})"
                        if p.parts else ""))
    if len(found) > 50:
        lines.append(f"- and {len(found) - 50} more pairs")
    return lines


def write_figure(path, assignment, scores, threshold=THRESHOLD):
    """``similarity.png``: every compared pair's score as a matrix."""
    import numpy as np
    from matplotlib.figure import Figure
    names = sorted({n for pair in scores for n in pair})
    n = len(names)
    at = {name: i for i, name in enumerate(names)}
    matrix = np.full((n, n), np.nan)
    for (a, b), s in scores.items():
        matrix[at[a], at[b]] = matrix[at[b], at[a]] = s
    size = min(12, 3 + 0.25 * n)
    fig = Figure(figsize=(size + 1.5, size))
    ax = fig.subplots()
    image = ax.imshow(matrix, vmin=0, vmax=1, cmap="viridis")
    fig.colorbar(image, ax=ax, label="shared answer code (smaller side)")
    if n <= 40:
        ax.set_xticks(range(n), names, rotation=90, fontsize=7)
        ax.set_yticks(range(n), names, fontsize=7)
    high = int(np.sum(np.triu(np.nan_to_num(matrix) >= threshold, 1)))
    ax.set_title(f"{assignment}: answer-code similarity of {n} "
                 f"submissions ({high} pairs >= {threshold:.0%})")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
