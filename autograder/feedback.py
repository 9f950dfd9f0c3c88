"""What of an autograded notebook a student may see.

Used by the nbgrader half of a grading job (:mod:`autograder.job_steps`)
between ``autograde`` and ``generate_feedback``.
"""
import re

HIDDEN = re.compile(r"### BEGIN HIDDEN TESTS.*?### END HIDDEN TESTS\n?",
                    re.S)


def sanitize_for_feedback(nb, limits):
    """Strip what a student must not see from an autograded notebook, in
    place: the hidden part of every test cell (a line says it was there)
    and the tracebacks of test cells (they quote the hidden source); cut
    outputs longer than ``limits.output`` characters. Returns the list of
    cells whose output was cut."""
    cut = []
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("grade"):
            if HIDDEN.search(cell.source):
                cell.source = HIDDEN.sub(
                    "# (hidden tests run here; their source is not shown)\n",
                    cell.source)
            for out in cell.get("outputs", []):
                if out.get("output_type") == "error":
                    out["traceback"] = [f"{out['ename']}: {out['evalue']}"]
        for out in cell.get("outputs", []):
            if _cut_output(out, limits.output):
                cut.append(meta.get("grade_id") or f"cell {cell.get('id')}")
    return cut


#: Outputs wrap on the feedback page: nbconvert's classic template shows
#: a long failure line on one line, in a box that scrolls sideways, so the
#: end of a check's message (the values it compared) is out of sight.
WRAP_CSS = """<style type="text/css">
div.output_area pre, div.output_subarea pre, div.output_text pre {
  white-space: pre-wrap; overflow-wrap: anywhere; overflow-x: visible; }
div.output_subarea { overflow-x: visible; max-width: 100%; }
</style>
"""


def readable(html):
    """The feedback page with its outputs wrapped to the page's width."""
    if WRAP_CSS in html or "</head>" not in html:
        return html
    return html.replace("</head>", WRAP_CSS + "</head>", 1)


def _cut_output(out, max_chars):
    note = f"\n... output cut at {max_chars:,} characters ...\n"
    if out.get("output_type") == "stream":
        if len(out["text"]) > max_chars:
            out["text"] = out["text"][:max_chars] + note
            return True
    elif out.get("output_type") == "error":
        text = out.get("evalue", "")
        if len(text) > max_chars:
            out["evalue"] = text[:max_chars] + note
            return True
    else:
        data = out.get("data", {})
        size = sum(len(str(v)) for v in data.values())
        if size > max_chars:
            out["data"] = {"text/plain": f"(an output of {size:,} "
                           f"characters, cut){note}"}
            return True
    return False
