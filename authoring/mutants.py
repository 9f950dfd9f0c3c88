"""Mutation testing of the exercises' tests: do they catch real mistakes?

Each answer cell's reference solution (``solutions/<a>/<a>.ipynb``) is
parsed and changed in one place at a time, the way a student goes wrong:

* ``binop``: an arithmetic operator replaced (``+`` and ``-``, ``*`` and
  ``/``, ``@`` and ``*``), or its operands swapped where order matters;
* ``drop``: one operand of a sum or product dropped (a missing term);
* ``func``: an activation or reduction swapped (sigmoid/tanh/relu,
  sum/mean, max/min, exp/log, dot operand order);
* ``transpose``: ``.T`` removed, or ``swapaxes``/``transpose`` dropped;
* ``axis``: an ``axis=``/``dim=`` argument changed;
* ``const``: an integer constant off by one, 0 and 1 swapped, a float
  halved;
* ``index``: a subscript index or slice bound off by one, a negative
  index made positive, a reversed slice made forward;
* ``compare``: ``<`` and ``<=``, ``>`` and ``>=``, ``==`` and ``!=``;
* ``cast``: ``float32`` and ``float64`` swapped;
* ``inplace``: ``x = x + y`` written ``x += y`` (aliasing in MXNet);
* ``stmt``: one statement left out; ``loop``: a loop run backwards;
  ``return``: the two values of a returned pair swapped.

Every mutant is run in-process by :class:`harness.Harness` (set-up and
expensive cells once per assignment), and is *killed* when its own part's
test cell fails, as a wrong fixture must. ``python -m authoring.mutants
ASSIGNMENT... --report MUTANTS.md`` writes the report; the survivors in
it are reviewed by hand (equivalent or harmless, with the reason) in
``assignments/<a>/mutants_reviewed.txt``.
"""
import argparse
import ast
import copy
import hashlib
import json
import random
import sys
import time
from pathlib import Path

from . import assignments, folder, harness

FUNC_SWAPS = {
    "sigmoid": ["tanh", "relu"], "tanh": ["sigmoid", "relu"],
    "relu": ["tanh"], "sum": ["mean"], "mean": ["sum"], "max": ["min"],
    "min": ["max"], "exp": ["log"], "log": ["exp"],
    "float32": ["float64"], "float64": ["float32"],
    "softmax": ["log_softmax"], "argmax": ["argmin"],
    "stack": ["concatenate"], "concatenate": ["stack"],
}
ACTIVATIONS = {"sigmoid", "tanh", "relu", "exp", "softmax"}
NPX = {"sigmoid", "relu", "softmax", "log_softmax"}
BINOP_SWAPS = {ast.Add: [ast.Sub], ast.Sub: [ast.Add], ast.Mult: [ast.Div],
               ast.Div: [ast.Mult], ast.MatMult: [ast.Mult],
               ast.FloorDiv: [ast.Div], ast.Pow: [ast.Mult]}
NON_COMMUTATIVE = (ast.Sub, ast.Div, ast.MatMult, ast.FloorDiv, ast.Pow)
CMP_SWAPS = {ast.Lt: ast.LtE, ast.LtE: ast.Lt, ast.Gt: ast.GtE,
             ast.GtE: ast.Gt, ast.Eq: ast.NotEq, ast.NotEq: ast.Eq}


class _Sites(ast.NodeVisitor):
    """Every (node path, kind, replacement maker) in a cell."""

    def __init__(self):
        self.sites = []

    def add(self, node, kind, label, make):
        self.sites.append((node, kind, label, make))

    def visit_FunctionDef(self, node):
        # leave docstrings and the signature alone; mutate the body
        body = node.body[1:] if (node.body and isinstance(
            node.body[0], ast.Expr) and isinstance(
            getattr(node.body[0], "value", None), ast.Constant)) \
            else node.body
        self._statements(node)
        for stmt in body:
            self.visit(stmt)

    def _statements(self, node):
        """``stmt``: one statement of a block left out (a line the
        student forgot)."""
        for field in ("body", "orelse"):
            block = getattr(node, field, None)
            if not isinstance(block, list):
                continue
            for i, stmt in enumerate(block):
                if isinstance(stmt, (ast.Return, ast.FunctionDef)) or (
                        isinstance(stmt, ast.Expr) and isinstance(
                            stmt.value, ast.Constant)):
                    continue
                self.add(node, "stmt", f"line {stmt.lineno} left out",
                         lambda n, f=field, i=i: _with(n, **{f: (
                             getattr(n, f)[:i] + getattr(n, f)[i + 1:])
                             or [ast.Pass()]}))

    def visit_For(self, node):
        self._statements(node)
        self.add(node, "loop", "loop runs backwards",
                 lambda n: _with(n, iter=ast.Call(
                     func=ast.Name(id="reversed", ctx=ast.Load()),
                     args=[ast.Call(func=ast.Name(id="list",
                                                  ctx=ast.Load()),
                                    args=[n.iter], keywords=[])],
                     keywords=[])))
        self.generic_visit(node)

    def visit_If(self, node):
        self._statements(node)
        self.add(node, "compare", "condition negated",
                 lambda n: _with(n, test=ast.UnaryOp(op=ast.Not(),
                                                      operand=n.test)))
        self.generic_visit(node)

    def visit_Return(self, node):
        if isinstance(node.value, ast.Tuple) and len(node.value.elts) == 2:
            self.add(node, "return", "returned pair swapped",
                     lambda n: _with(n, value=_with(
                         n.value, elts=n.value.elts[::-1])))
        self.generic_visit(node)

    def visit_BinOp(self, node):
        for op in BINOP_SWAPS.get(type(node.op), []):
            self.add(node, "binop", f"{_op(node.op)} -> {_op(op())}",
                     lambda n, op=op: _with(n, op=op()))
        if isinstance(node.op, NON_COMMUTATIVE):
            self.add(node, "binop", "operands swapped",
                     lambda n: _with(n, left=n.right, right=n.left))
        if isinstance(node.op, (ast.Add, ast.Sub, ast.Mult)):
            self.add(node, "drop", "right operand dropped",
                     lambda n: n.left)
            self.add(node, "drop", "left operand dropped",
                     lambda n: n.right)
        self.generic_visit(node)

    def visit_AugAssign(self, node):
        for op in BINOP_SWAPS.get(type(node.op), []):
            self.add(node, "binop", f"{_op(node.op)}= -> {_op(op())}=",
                     lambda n, op=op: _with(n, op=op()))
        self.generic_visit(node)

    def visit_Assign(self, node):
        v = node.value
        if (len(node.targets) == 1 and isinstance(node.targets[0], ast.Name)
                and isinstance(v, ast.BinOp)
                and isinstance(v.left, ast.Name)
                and v.left.id == node.targets[0].id):
            self.add(node, "inplace", "x = x op y -> x op= y",
                     lambda n: ast.AugAssign(target=n.targets[0],
                                             op=n.value.op,
                                             value=n.value.right))
        self.generic_visit(node)

    def visit_Call(self, node):
        name = (node.func.attr if isinstance(node.func, ast.Attribute)
                else node.func.id if isinstance(node.func, ast.Name)
                else None)
        for other in FUNC_SWAPS.get(name, []):
            kind = "cast" if name.startswith("float") else "func"
            self.add(node, kind, f"{name} -> {other}",
                     lambda n, other=other: _with(n, func=_renamed(
                         n.func, other)))
        if name in ACTIVATIONS and len(node.args) == 1 \
                and not node.keywords:
            self.add(node, "func", f"{name} left out",
                     lambda n: n.args[0])
        if name in ("dot", "matmul") and len(node.args) == 2:
            self.add(node, "binop", f"{name} operands swapped",
                     lambda n: _with(n, args=[n.args[1], n.args[0]]))
        if name in ("swapaxes", "transpose") and isinstance(
                node.func, ast.Attribute):
            self.add(node, "transpose", f"{name} dropped",
                     lambda n: n.func.value)
        for i, kw in enumerate(node.keywords):
            if kw.arg in ("axis", "dim") and isinstance(
                    kw.value, (ast.Constant, ast.UnaryOp)):
                value = _const_value(kw.value)
                if isinstance(value, int):
                    for new in sorted({value + 1, value - 1, 0, -1} - {
                            value}):
                        self.add(node, "axis", f"{kw.arg}={value} -> {new}",
                                 lambda n, i=i, new=new: _with(n, keywords=[
                                     ast.keyword(arg=k.arg, value=_num(new))
                                     if j == i else k
                                     for j, k in enumerate(n.keywords)]))
            if kw.arg == "dtype" and isinstance(kw.value, ast.Constant) \
                    and kw.value.value in ("float32", "float64"):
                other = ("float64" if kw.value.value == "float32"
                         else "float32")
                self.add(node, "cast", f"dtype {kw.value.value} -> {other}",
                         lambda n, i=i, other=other: _with(n, keywords=[
                             ast.keyword(arg=k.arg,
                                         value=ast.Constant(other))
                             if j == i else k
                             for j, k in enumerate(n.keywords)]))
        self.generic_visit(node)

    def visit_Attribute(self, node):
        if node.attr == "T":
            self.add(node, "transpose", ".T dropped", lambda n: n.value)
        elif node.attr in FUNC_SWAPS and not isinstance(
                getattr(node, "_parent", None), ast.Call):
            pass
        self.generic_visit(node)

    def visit_Compare(self, node):
        if len(node.ops) == 1 and type(node.ops[0]) in CMP_SWAPS:
            new = CMP_SWAPS[type(node.ops[0])]
            self.add(node, "compare", f"{_op(node.ops[0])} -> {_op(new())}",
                     lambda n, new=new: _with(n, ops=[new()]))
        self.generic_visit(node)

    def visit_Constant(self, node):
        v = node.value
        if isinstance(v, bool) or not isinstance(v, (int, float)):
            return
        if isinstance(v, int):
            for new in sorted({v + 1, v - 1} | ({1} if v == 0 else set())
                              | ({0} if v == 1 else set()) - {v}):
                if new >= 0:
                    self.add(node, "const", f"{v} -> {new}",
                             lambda n, new=new: ast.Constant(new))
        elif v not in (0.0,):
            self.add(node, "const", f"{v} -> {v / 2}",
                     lambda n: ast.Constant(n.value / 2))

    def visit_Subscript(self, node):
        value = _const_value(node.slice)
        if isinstance(value, int):
            for new in (value + 1, value - 1):
                self.add(node, "index", f"index {value} -> {new}",
                         lambda n, new=new: _with(n, slice=_num(new)))
        self.generic_visit(node)

    def visit_Slice(self, node):
        for part in ("lower", "upper"):
            bound = getattr(node, part)
            value = _const_value(bound) if bound is not None else None
            if isinstance(value, int):
                for new in (value + 1, value - 1):
                    self.add(node, "index", f"slice {part} {value} -> {new}",
                             lambda n, part=part, new=new: _with(
                                 n, **{part: _num(new)}))
                self.add(node, "index", f"slice {part} dropped",
                         lambda n, part=part: _with(n, **{part: None}))
        if node.step is not None and _const_value(node.step) == -1:
            self.add(node, "index", "reversed slice made forward",
                     lambda n: _with(n, step=None))
        self.generic_visit(node)


def _op(op):
    return {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/",
            ast.MatMult: "@", ast.FloorDiv: "//", ast.Pow: "**",
            ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">=",
            ast.Eq: "==", ast.NotEq: "!="}.get(type(op), type(op).__name__)


def _num(v):
    return (ast.UnaryOp(op=ast.USub(), operand=ast.Constant(-v)) if v < 0
            else ast.Constant(v))


def _const_value(node):
    if isinstance(node, ast.Constant) and isinstance(node.value, int) \
            and not isinstance(node.value, bool):
        return node.value
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub) \
            and isinstance(node.operand, ast.Constant) \
            and isinstance(node.operand.value, int):
        return -node.operand.value
    return None


def _with(node, **fields):
    new = copy.copy(node)
    for k, v in fields.items():
        setattr(new, k, v)
    return new


def _renamed(func, name):
    """``module.f`` -> the module that has ``name``: MXNet's ``np`` has
    tanh, exp, sum...; ``npx`` has sigmoid, relu, softmax."""
    if isinstance(func, ast.Attribute):
        base = func.value
        if isinstance(base, ast.Name) and base.id in ("np", "npx"):
            base = ast.Name(id="npx" if name in NPX else "np",
                            ctx=ast.Load())
        return ast.Attribute(value=base, attr=name, ctx=ast.Load())
    return ast.Name(id=name, ctx=ast.Load())


class _Replace(ast.NodeTransformer):
    def __init__(self, target, make):
        self.target, self.make, self.done = target, make, False

    def generic_visit(self, node):
        if node is self.target and not self.done:
            self.done = True
            return self.make(node)
        return super().generic_visit(node)


POSITION = ("lineno", "col_offset", "end_lineno", "end_col_offset")


def mutants(source):
    """[(kind, label, line, code)] of one cell: each differs from
    ``source`` in one place, compiles, and is not the same code."""
    tree = ast.parse(source)
    finder = _Sites()
    finder.visit(tree)
    base = ast.unparse(tree)
    seen, out = {base}, []
    for index, (node, kind, label, make) in enumerate(finder.sites):
        fresh = ast.parse(source)
        # the same node in a fresh tree: by position in the walk order
        where = [getattr(node, k, None) for k in POSITION]
        walk = [n for n in ast.walk(fresh) if type(n) is type(node)
                and [getattr(n, k, None) for k in POSITION] == where]
        if not walk:
            continue
        replacer = _Replace(walk[0], make)
        changed = ast.fix_missing_locations(replacer.visit(fresh))
        try:
            code = ast.unparse(changed)
            compile(code, "<mutant>", "exec")
        except (SyntaxError, ValueError, TypeError, AttributeError):
            continue
        if code in seen:
            continue
        seen.add(code)
        out.append((kind, label, getattr(node, "lineno", 0), code))
    return out


def sample(items, limit, seed):
    """At most ``limit`` mutants, spread over kinds (deterministic)."""
    if limit is None or len(items) <= limit:
        return items
    rng = random.Random(seed)
    by_kind = {}
    for m in items:
        by_kind.setdefault(m[0], []).append(m)
    for group in by_kind.values():
        rng.shuffle(group)
    picked = []
    while len(picked) < limit:
        for group in by_kind.values():
            if group and len(picked) < limit:
                picked.append(group.pop())
    return picked


def mutant_id(assignment, gid, code):
    return hashlib.sha1(f"{assignment}:{gid}:{code}".encode()).hexdigest()[
        :10]


def reviewed(names=None):
    """{mutant id: reason} of survivors reviewed as equivalent/harmless
    (``assignments/<a>/mutants_reviewed.txt`` of each assignment)."""
    found = {}
    for a in names or assignments():
        path = folder(a) / "mutants_reviewed.txt"
        if not path.exists():
            continue
        for line in path.read_text().splitlines():
            if line.strip() and not line.startswith("#"):
                mid, _, reason = line.partition(" ")
                found[mid] = reason.strip()
    return found


def results_path(assignment):
    return folder(assignment) / "mutants.json"


def load_results(names=None):
    """{assignment: {grade_id: results}} of the committed mutation runs."""
    return {a: json.loads(results_path(a).read_text())
            for a in names or assignments() if results_path(a).exists()}


def show_fixtures(h, log=print):
    """The harness's verdicts on the solution, the blank notebook and
    every wrong fixture (as ``authoring/harness.py`` prints them)."""
    ok = True
    runs = [("solution", h.solution, {}), ("blank", h.blank(), None)]
    runs += [(name, h.variant(name, answers), answers) for name, answers
             in harness.wrong_fixtures(h.assignment).items()]
    for name, run, answers in runs:
        expected = harness.expected_failures(
            h, name, answers if answers is not None else {})
        text, good = harness._line(run, h, expected)
        ok &= good
        log(text, flush=True)
    return ok


def run_assignment(assignment, limit, timeout=60, log=print, parts=None,
                   fixtures=False):
    """Run the sampled mutants of every answer cell (or of ``parts``);
    return a dict per graded part: counts and the survivors."""
    h = harness.Harness(assignment, timeout=timeout)
    if fixtures and not show_fixtures(h, log):
        log("a fixture, the solution or the blank is WRONG (above)")
    results = {}
    for cell in h.cells:
        if cell.kind != "answer" or parts and cell.grade_id not in parts:
            continue
        test = f"{cell.grade_id}_tests"
        if test not in h.by_id:
            continue
        all_mutants = mutants(cell.source)
        picked = sample(all_mutants, limit, seed=cell.grade_id)
        killed, survived = 0, []
        start = time.perf_counter()
        for kind, label, line, code in picked:
            run = h.variant(f"{cell.grade_id}:{label}",
                            {cell.grade_id: code}, until=test)
            if run.outcomes[test].error:
                killed += 1
            else:
                survived.append(dict(
                    id=mutant_id(assignment, cell.grade_id, code),
                    kind=kind, label=label, line=line, code=code))
        results[cell.grade_id] = dict(
            generated=len(all_mutants), run=len(picked), killed=killed,
            survived=survived, seconds=time.perf_counter() - start)
        log(f"{assignment}:{cell.grade_id}: {killed}/{len(picked)} killed"
            f" ({len(all_mutants)} generated) in "
            f"{results[cell.grade_id]['seconds']:.0f} s", flush=True)
        known = reviewed([assignment])
        for m in survived:
            state = ("reviewed: " + known[m["id"]] if m["id"] in known
                     else "NOT REVIEWED")
            log(f"    survived {m['id']} line {m['line']} ({m['kind']}: "
                f"{m['label']}): {state}", flush=True)
    return results


def write_report(path, all_results, limit):
    known = reviewed()
    every = all(p["run"] == p["generated"] for parts in
                all_results.values() for p in parts.values())
    scope = ("every generated mutant of every graded part" if every else
             f"at most {limit} mutants per graded part, spread over the "
             "kinds of change")
    lines = ["# Mutation testing of the exercise tests", "",
             "Generated by `python -m authoring.mutants ASSIGNMENT... "
             f"--report tests/MUTANTS.md` ({scope}; see "
             "`authoring/mutants.py`). A mutant is *killed* when its own "
             "part's test cell fails. Survivors reviewed as equivalent "
             "or harmless are listed with the reason "
             "(`assignments/<a>/mutants_reviewed.txt`); they do not "
             "count against the kill rate.", "",
             "| assignment | mutants run | killed | equivalent or harmless | "
             "unreviewed survivors | kill rate (non-equivalent) |",
             "|---|---|---|---|---|---|"]
    details = []
    for a, parts in sorted(all_results.items()):
        run = sum(p["run"] for p in parts.values())
        killed = sum(p["killed"] for p in parts.values())
        surv = [s for p in parts.values() for s in p["survived"]]
        equiv = [s for s in surv if s["id"] in known]
        open_ = [s for s in surv if s["id"] not in known]
        rate = killed / (run - len(equiv)) if run - len(equiv) else 1.0
        lines.append(f"| {a} | {run} | {killed} | {len(equiv)} | "
                     f"{len(open_)} | {100 * rate:.1f}% |")
        for gid, p in parts.items():
            for s in p["survived"]:
                reason = known.get(s["id"], "NOT REVIEWED")
                details.append(f"- `{s['id']}` {a}:{gid} line {s['line']}"
                               f" ({s['kind']}: {s['label']}): {reason}")
    lines += ["", "## Surviving mutants", ""] + (details or ["None."])
    Path(path).write_text("\n".join(lines) + "\n")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("assignments", nargs="*")
    parser.add_argument("--limit", type=int, default=None,
                        help="at most this many mutants per graded part, "
                        "spread over the kinds of change (default: all; "
                        "the committed report runs all)")

    parser.add_argument("--report", help="write the Markdown report here")
    parser.add_argument("--fixtures", action="store_true",
                        help="first show the solution, the blank and every "
                        "wrong fixture against the tests")
    parser.add_argument("--part", action="append", default=[],
                        help="only this answer cell's mutants (repeat); "
                        "the other parts' results are kept")
    args = parser.parse_args(argv)
    data = load_results()
    for a in args.assignments:
        fresh = run_assignment(a, args.limit, parts=args.part,
                               fixtures=args.fixtures)
        data[a] = {**data.get(a, {}), **fresh} if args.part else fresh
        results_path(a).write_text(json.dumps(data[a], indent=1,
                                              sort_keys=True))
    if args.report:
        write_report(args.report, data, args.limit)
    return 0


if __name__ == "__main__":
    sys.exit(main())
