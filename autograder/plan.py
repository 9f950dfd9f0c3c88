"""Which cell of an assignment runs where, read from the instructor's
source notebook (never from a submission).

* Answer cells (nbgrader ``solution``) run in the student's kernel only.
* Test cells (nbgrader ``grade`` without ``solution``) run in the
  grader's process only.
* A locked cell runs in both, unless it reads a name that an answer cell
  defines, or that such a locked cell defines (the training runs, which
  call the student's code): then in the student's kernel only.

The names a test may take from the student's kernel are exactly those
the answer cells and the student-only locked cells define: every other
name a test reads is the grader's own. So a submission that defines
``checks`` or ``np`` in an answer cell changes nothing in the grader.
"""
import ast
import dataclasses
from dataclasses import dataclass, field


@dataclass
class Plan:
    """Where a notebook's cells run (by nbgrader ``grade_id``)."""
    student_names: set = field(default_factory=set)
    grader_locked: set = field(default_factory=set)
    student_locked: set = field(default_factory=set)
    #: {part: [catalogued misconception as a dict]}, named in feedback
    misconceptions: dict = field(default_factory=dict)

    def as_dict(self):
        out = {k: sorted(v) for k, v in vars(self).items()
               if k != "misconceptions"}
        out["misconceptions"] = self.misconceptions
        return out

    @classmethod
    def from_dict(cls, data):
        return cls(**{k: (v if k == "misconceptions" else set(v))
                      for k, v in data.items()})


def _parse(source):
    """The cell's code as an AST, IPython magics and shell lines blanked
    (the instructor's cells have none; a parse error means no names)."""
    lines = [("pass" if line.lstrip().startswith(("%", "!")) else line)
             for line in source.splitlines()]
    try:
        return ast.parse("\n".join(lines))
    except SyntaxError:
        return ast.parse("")


def defined(source):
    """Names a cell binds at its top level."""
    names = set()
    for node in _parse(source).body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef,
                             ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            for alias in node.names:
                names.add((alias.asname or alias.name).split(".")[0])
        else:
            for sub in ast.walk(node):
                if isinstance(sub, ast.Name) and isinstance(
                        sub.ctx, ast.Store):
                    names.add(sub.id)
    return names


def read(source):
    """Every name a cell reads, at any depth."""
    return {node.id for node in ast.walk(_parse(source))
            if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load)}


def kind(cell):
    """``"answer"``, ``"test"``, ``"locked"`` or None (markdown, or a
    code cell nbgrader does not track)."""
    if cell.get("cell_type") != "code":
        return None
    meta = cell.get("metadata", {}).get("nbgrader", {})
    if meta.get("solution"):
        return "answer"
    if meta.get("grade"):
        return "test"
    if meta.get("locked"):
        return "locked"
    return None


def make(nb, catalogue=()):
    """The plan of a source notebook (an nbformat notebook or dict), with
    the misconceptions of ``catalogue`` whose part the notebook has."""
    plan = Plan()
    for cell in nb["cells"]:
        what = kind(cell)
        source = cell.get("source", "")
        if isinstance(source, list):
            source = "".join(source)
        grade_id = cell.get("metadata", {}).get("nbgrader", {}).get(
            "grade_id")
        if what == "answer":
            plan.student_names |= defined(source)
        elif what == "locked":
            if read(source) & plan.student_names:
                plan.student_locked.add(grade_id)
                plan.student_names |= defined(source)
            else:
                plan.grader_locked.add(grade_id)
        if what == "answer":
            entries = [dataclasses.asdict(m) for m in catalogue
                       if m.part == grade_id]
            if entries:
                plan.misconceptions[grade_id] = entries
    return plan
