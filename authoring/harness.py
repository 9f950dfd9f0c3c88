"""Grade an assignment's notebook in-process, without nbgrader.

``nbgrader autograde`` starts a kernel, imports MXNet and executes the
whole notebook for every submission. To check that each wrong
implementation in ``assignments/<a>/wrong`` loses exactly its
part, this module executes the source notebook
(``solutions/<a>/<a>.ipynb``, solutions and hidden tests, ``### BEGIN/END``
marker lines dropped) in this process instead:

* every run executes all code cells in order, in a fresh ``__main__``-like
  dict, exactly as a kernel would (the last expression's ``repr`` is
  taken, like Jupyter's display), so the seeds in the set-up cell and the
  random draws of every earlier cell give each test cell the numbers
  nbgrader gives it; only the module imports (about 5 s) are shared;
* a *variant* is ``{grade_id: code}`` replacing answer cells (the blank
  notebook is the variant made of the released stubs);
* expensive locked cells (the training runs, >= ``EXPENSIVE`` seconds in
  the solution run) are executed once with the solution and *reused* by a
  variant when none of the names they read can differ from the solution
  run and they reseed (``seqmodels.set_seed()``) before anything else. A
  name is "dirty" when bound by a replaced answer cell, or by a cell that
  read a dirty name or ran while the random state could differ, or when,
  after such a cell, its value differs from the solution run's after the
  same cell (``fingerprint``: an object changed in place through any
  alias, or left half-changed by an error), or it names a module or a
  library class whose attributes the cell rebound. Which names a cell
  reads is found scope by scope (``symtable``): a function's own
  parameters and locals are not reads, the globals its body uses are. Not
  seen: in-place changes to the contents of a library's objects and files
  a cell writes (no notebook's cell makes either). A reuse
  puts the names the cell bound and numpy's and Python's random states
  back as the solution left them. MXNet's random state cannot be saved,
  so the solution run checks that what the cells after a reusable cell
  do does not depend on it (run from two seeds: the same outcomes and
  names after them; a cell that reseeds before it draws passes);
  otherwise the cell is never reused.

A test cell (nbgrader ``grade: true``) passes when it raises nothing, as
in nbgrader; its failure message is ``ExceptionType: first line``.
Gluon's automatic block names are reset for each run, as in a new kernel.

Course authors: check a new wrong implementation, or a change to the
notebook, in seconds rather than a full autograde::

    .venv/bin/python -m authoring.harness gru
    .venv/bin/python -m authoring.harness rnn --variant predict=my_predict.py
    .venv/bin/python -m authoring.harness lstm --no-fixtures \\
        --variant lstm_cell=a.py --variant lstm_gates=b.py

It prints each test cell's verdict for the solution, the blank notebook,
every saved wrong fixture and each ``--variant`` (several ``--variant``
options with different grade_ids form one submission), and exits 1 when
the solution does not pass everything, the blank passes anything, or a
fixture does not lose exactly its own part.
"""
import argparse
import ast
import builtins
import contextlib
import hashlib
import io
import linecache
import marshal
import os
import pickle
import random
import signal
import symtable
import sys
import tempfile
import threading
import time
import traceback
import types
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from . import ROOT, assignments, notebooks, strip_markers

EXPENSIVE = 2.0  # seconds: locked cells at least this slow may be reused
TIMEOUT = 300  # seconds per cell: a safety limit, never a verdict (as in
# tests/test_assignments.py); a loaded machine must not fail a cell
RNG = "<random state>"  # pseudo-name: the random state may differ
PROBE_SEED = 20240607


@dataclass
class Cell:
    index: int
    grade_id: str
    source: str
    kind: str  # "answer", "test" or "locked"
    points: float = 0.0


@dataclass
class Outcome:
    """What one cell did in one run."""
    error: str = ""  # "" when the cell raised nothing
    seconds: float = 0.0
    output: str = ""
    reused: bool = False
    traceback: str = ""


@dataclass
class Run:
    """One execution of the notebook: every code cell's outcome."""
    name: str
    outcomes: dict = field(default_factory=dict)  # grade_id -> Outcome
    seconds: float = 0.0
    namespace: dict = None  # a watched test cell's names (variant(watch=))

    def tests(self, cells):
        """{test grade_id: error message, "" when it passed}."""
        return {c.grade_id: self.outcomes[c.grade_id].error
                for c in cells if c.kind == "test"}

    def failed(self, cells):
        return {g for g, e in self.tests(cells).items() if e}


def load_cells(assignment):
    """The code cells of ``solutions/<a>/<a>.ipynb``, markers removed."""
    nb = nbformat.read(str(ROOT / "solutions" / assignment /
                           f"{assignment}.ipynb"), as_version=4)
    cells = []
    for i, c in enumerate(nb.cells):
        if c.cell_type != "code":
            continue
        meta = c.metadata.get("nbgrader", {})
        kind = ("test" if meta.get("grade") else
                "answer" if meta.get("solution") else "locked")
        gid = meta.get("grade_id") or f"cell-{i}"
        source = strip_markers(c.source)
        if any(line.lstrip().startswith(("%", "!"))
               for line in source.splitlines()):
            raise ValueError(f"{assignment}:{gid} uses an IPython magic "
                             "or shell escape; the harness runs plain "
                             "Python")
        cells.append(Cell(i, gid, source, kind,
                          float(meta.get("points") or 0)))
    return cells


def blank_answers(assignment):
    """{grade_id: released stub} of every answer cell."""
    nb = nbformat.read(str(ROOT / "exercises" / assignment /
                           f"{assignment}.ipynb"), as_version=4)
    return {c.metadata["nbgrader"]["grade_id"]: c.source for c in nb.cells
            if c.metadata.get("nbgrader", {}).get("solution")}


def wrong_fixtures(assignment):
    """{name: {grade_id: code}}: ``wrong/<grade_id>[--<variant>].py``, as
    variants (:func:`authoring.notebooks.wrong_fixtures`)."""
    return {name: {gid: code}
            for name, (gid, code) in notebooks.wrong_fixtures(
                assignment).items()}


# -- which names a cell reads and binds ------------------------------------

# Calls that hand out the namespace itself: ``"name" in globals()`` reads
# the name in the string; anything but reading through them may bind any
# name. ``exec`` and ``eval`` run code the analysis cannot see.
NAMESPACE_CALLS = {"globals", "locals", "vars"}
READ_ONLY_METHODS = {"get", "keys", "values", "items", "copy",
                     "__contains__", "__getitem__"}


def _namespace_use(tree):
    """(reads the namespace, may write it) for a parsed statement."""
    parents = {child: node for node in ast.walk(tree)
               for child in ast.iter_child_nodes(node)}
    reads = writes = False
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and node.id in ("exec", "eval"):
            reads = writes = True
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                and node.func.id in NAMESPACE_CALLS):
            continue
        reads = True
        up = parents.get(node)
        read_only = (
            (isinstance(up, ast.Compare) and node in up.comparators
             and all(isinstance(op, (ast.In, ast.NotIn)) for op in up.ops))
            or (isinstance(up, ast.Subscript) and up.value is node
                and isinstance(up.ctx, ast.Load))
            or (isinstance(up, ast.Attribute) and up.attr in READ_ONLY_METHODS
                and isinstance(parents.get(up), ast.Call)))
        writes |= not read_only
    return reads, writes


def _scoped_names(stmt):
    """(module-level names read, names bound) by one top-level statement,
    scope by scope (``symtable``): a function's parameters and locals are
    not reads of the cell's namespace; the globals its body uses are."""
    table = symtable.symtable(ast.unparse(stmt), "<cell>", "exec")
    reads, binds = set(), set()
    for s in table.get_symbols():
        if s.is_referenced():
            reads.add(s.get_name())
        if s.is_local() or s.is_assigned() or s.is_imported():
            binds.add(s.get_name())
    todo = list(table.get_children())
    while todo:
        t = todo.pop()
        todo.extend(t.get_children())
        for s in t.get_symbols():
            if s.is_global() and s.is_referenced():
                reads.add(s.get_name())
            if s.is_declared_global() and s.is_assigned():
                binds.add(s.get_name())
    return reads, binds


PURE_CALLS = {"dict", "list", "tuple", "set", "frozenset", "range", "int",
              "float", "str", "bool"}


def _pure(stmt):
    """True if a top-level statement cannot draw random numbers: an
    import, or a def, class or assignment calling only PURE_CALLS."""
    if isinstance(stmt, (ast.Import, ast.ImportFrom)):
        return True
    if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef,
                         ast.ClassDef)):
        outside = list(stmt.decorator_list) + getattr(
            stmt, "bases", []) + [k.value for k in getattr(
                stmt, "keywords", [])]
        args = getattr(stmt, "args", None)
        if args is not None:
            outside += args.defaults + [d for d in args.kw_defaults if d]
    elif isinstance(stmt, (ast.Assign, ast.AnnAssign)):
        outside = [stmt.value] if stmt.value is not None else []
    else:
        return False
    return all(isinstance(n.func, ast.Name) and n.func.id in PURE_CALLS
               for e in outside for n in ast.walk(e)
               if isinstance(n, ast.Call))


def names(source):
    """(free reads, bindings, bindings that may hold random draws) of a
    cell; everything if it cannot parse. A string that is an identifier
    counts as a read in a statement that reads the namespace
    (``"lm" in globals()``); a statement that may write the namespace
    binds everything (``"*"``)."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return {"*"}, {"*"}, {"*"}
    free, bound, drawn = set(), set(), set()
    for stmt in tree.body:
        reads, binds = _scoped_names(stmt)
        lookup, writes = _namespace_use(stmt)
        if lookup:
            reads |= {n.value for n in ast.walk(stmt)
                      if isinstance(n, ast.Constant)
                      and isinstance(n.value, str) and n.value.isidentifier()}
        if writes or any(isinstance(n, ast.ImportFrom) and any(
                a.name == "*" for a in n.names) for n in ast.walk(stmt)):
            binds.add("*")
        free |= reads - bound
        bound |= binds
        if not _pure(stmt):
            drawn |= binds
    return free, bound, drawn


def reseeds_first(source):
    """True if the cell calls ``set_seed()`` before anything but imports
    and constant assignments."""
    for stmt in ast.parse(source).body:
        if isinstance(stmt, (ast.Import, ast.ImportFrom)):
            continue
        if isinstance(stmt, ast.Assign) and all(
                isinstance(n, ast.Constant) for n in ast.walk(stmt.value)
                if not isinstance(n, (ast.Tuple, ast.Load))):
            continue
        call = getattr(stmt, "value", None)
        return (isinstance(stmt, ast.Expr) and isinstance(call, ast.Call)
                and ast.unparse(call.func).split(".")[-1] == "set_seed")
    return False


# -- what a name holds -------------------------------------------------------

def _shared(value):
    """A module, or a class or function of a library: one object for every
    run in this process, not made by the notebook's cells."""
    return isinstance(value, (types.ModuleType, types.BuiltinFunctionType)) \
        or (isinstance(value, (type, types.FunctionType))
            and value.__module__ != "__main__")


def attributes(value):
    """The identity of each attribute of a shared object: a cell that
    rebinds one (``module.function = fake``) changes this. A submodule
    appearing when first imported, and ``__warningregistry__``, do not."""
    return tuple(sorted(
        (k, id(v)) for k, v in vars(value).items()
        if not k.startswith("__") and not isinstance(v, types.ModuleType)))


def fingerprint(value, depth=0):
    """A comparable summary of ``value``, equal between two runs when the
    value is the same, or None when it cannot be summarised: a shared
    object by its identity, a function or class a cell defined by its
    code, defaults and closure, anything else by its pickle."""
    if depth > 12:
        return None
    try:
        if _shared(value):
            return ("shared", id(value))
        if isinstance(value, types.MethodType):
            return ("method", fingerprint(value.__func__, depth + 1),
                    fingerprint(value.__self__, depth + 1))
        if isinstance(value, types.FunctionType):
            code = hashlib.sha1(marshal.dumps(value.__code__)).hexdigest()
            parts = [fingerprint(v, depth + 1) for v in (
                value.__defaults__, value.__kwdefaults__, value.__dict__,
                [c.cell_contents for c in value.__closure__ or ()])]
            return None if None in parts else ("function", code, *parts)
        if isinstance(value, type):
            parts = [fingerprint(b, depth + 1) for b in value.__bases__] + [
                fingerprint(v, depth + 1)
                for k, v in sorted(vars(value).items())
                if k not in ("__dict__", "__weakref__")]
            return None if None in parts else (
                "cell class", value.__qualname__, tuple(sorted(vars(value))),
                tuple(parts))
        try:
            return ("pickle",
                    hashlib.sha1(pickle.dumps(value, 4)).hexdigest())
        except Exception:  # noqa: BLE001 (tried item by item below)
            if type(value) in (tuple, list) and len(value) <= 100:
                parts = [fingerprint(v, depth + 1) for v in value]
            elif type(value) is dict and len(value) <= 100:
                parts = [fingerprint(v, depth + 1) for v in value.values()]
                parts.append(repr(list(value)))
            else:
                return None
            return None if None in parts else (type(value).__name__,
                                               tuple(parts))
    except Exception:  # noqa: BLE001 (an object that cannot be read)
        return None


NOT_STATE = {"__builtins__", "__name__"}


def fingerprints(ns):
    """{name: fingerprint} of every name ``ns`` holds."""
    return {k: fingerprint(v) for k, v in ns.items() if k not in NOT_STATE}


def differing(recorded, ns, shared_before):
    """The names whose value in ``ns`` may differ from ``recorded`` (the
    solution run's fingerprints after the same cell): held in one and not
    the other, changed, or not comparable; and the shared objects whose
    attributes the cell rebound (``shared_before``: their
    ``attributes()`` before it ran)."""
    now = fingerprints(ns)
    return {k for k in set(now) | set(recorded) if now.get(k) is None
            or recorded.get(k) is None or now[k] != recorded[k]} | {
        k for k, attrs in shared_before.items()
        if k in ns and attributes(ns[k]) != attrs}


def shared_attributes(ns):
    """{name: attributes()} of the shared objects ``ns`` holds."""
    return {k: attributes(v) for k, v in ns.items()
            if k not in NOT_STATE and _shared(v) and hasattr(v, "__dict__")}


# -- executing cells ---------------------------------------------------------

class CellTimeout(Exception):
    pass


@contextlib.contextmanager
def _time_limit(seconds):
    main = threading.current_thread() is threading.main_thread()
    if not seconds or not main:
        yield
        return

    def alarm(signum, frame):
        raise CellTimeout(f"cell ran longer than {seconds} s")
    old = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def _compile(source, filename):
    """(body, last expression or None), like a kernel's cell."""
    lines = source.splitlines(keepends=True)
    linecache.cache[filename] = (len(source), None, lines, filename)
    tree = ast.parse(source, filename)
    last = None
    if tree.body and isinstance(tree.body[-1], ast.Expr):
        last = compile(ast.Expression(tree.body.pop().value), filename,
                       "eval")
    return compile(tree, filename, "exec"), last


def _wait_for_mxnet():
    """Wait for MXNet's pending work: an operator whose error is raised
    only when its result is computed (``np.flip`` with a bad axis) fails
    the cell that started it, not a later cell or another variant."""
    mx = sys.modules.get("mxnet")
    if mx is not None:
        mx.nd.waitall()


def execute(source, filename, ns, timeout=TIMEOUT):
    """Run a cell in ``ns``; return its Outcome."""
    out = io.StringIO()
    start = time.perf_counter()
    outcome = Outcome()
    try:
        with contextlib.redirect_stdout(out), \
                contextlib.redirect_stderr(out), _time_limit(timeout):
            body, last = _compile(source, filename)
            exec(body, ns)
            if last is not None:
                value = eval(last, ns)
                if value is not None:
                    print(repr(value))
            _wait_for_mxnet()
    except BaseException as e:  # noqa: BLE001 (a kernel survives all)
        if isinstance(e, KeyboardInterrupt):
            raise
        lines = str(e).strip().splitlines()
        outcome.error = type(e).__name__ + (f": {lines[0]}" if lines
                                            else "")
        outcome.traceback = "".join(traceback.format_exception(e))
    outcome.seconds = time.perf_counter() - start
    outcome.output = out.getvalue()[-2000:]
    return outcome


def _fresh_namespace():
    import mxnet as mx
    mx.name.NameManager._current.value = mx.name.NameManager()
    # MXNet's numpy mode is per thread, and seqmodels switches it on when
    # first imported: in a kernel that is this thread, but in a process
    # where another thread imported the library first (the grader's
    # threads, when a one-process suite ran them before) it is not.
    mx.npx.set_np()
    return {"__name__": "__main__", "__builtins__": builtins}


def _random_states():
    import numpy
    return random.getstate(), numpy.random.get_state()


def _set_random_states(states):
    import numpy
    random.setstate(states[0])
    numpy.random.set_state(states[1])


@contextlib.contextmanager
def _in(folder):
    cwd = os.getcwd()
    os.chdir(folder)
    try:
        yield
    finally:
        os.chdir(cwd)


@dataclass
class _Saved:
    """A cell's effect in the solution run, for reuse."""
    changed: dict
    removed: set
    states: tuple
    outcome: Outcome


class Harness:
    """Executes one assignment's notebook, then any number of variants."""

    def __init__(self, assignment, timeout=TIMEOUT, cells=None):
        self.assignment = assignment
        self.timeout = timeout
        self.cells = load_cells(assignment) if cells is None else cells
        self.by_id = {c.grade_id: c for c in self.cells}
        self.names = {c.grade_id: names(c.source) for c in self.cells}
        self.saved = {}
        self.state_after = {}  # grade_id -> {name: fingerprint}
        self.workdir = tempfile.mkdtemp(prefix=f"harness_{assignment}_")
        self.solution = self._run("solution", {}, record=True)
        self._check_reusable()

    @property
    def tests(self):
        return [c.grade_id for c in self.cells if c.kind == "test"]

    def points(self):
        return {c.grade_id: c.points for c in self.cells
                if c.kind == "test"}

    def _run(self, name, answers, record=False, until=None, watch=None):
        unknown = set(answers) - {c.grade_id for c in self.cells
                                  if c.kind == "answer"}
        if unknown:
            raise KeyError(f"{self.assignment} has no answer cell "
                           f"{sorted(unknown)}")
        run = Run(name)
        ns = _fresh_namespace()
        dirty = set()
        start = time.perf_counter()
        with _in(self.workdir):
            for cell in self.cells:
                source = answers.get(cell.grade_id, cell.source)
                free, binds, drawn = self.names[cell.grade_id]
                if cell.grade_id in answers:
                    binds = binds | names(source)[1]
                    touched = True
                else:
                    touched = bool(free & dirty) or "*" in dirty
                saved = self.saved.get(cell.grade_id)
                if saved is not None and not touched and (
                        RNG not in dirty or reseeds_first(source)):
                    for k in saved.removed:
                        ns.pop(k, None)
                    ns.update(saved.changed)
                    _set_random_states(saved.states)
                    run.outcomes[cell.grade_id] = Outcome(
                        saved.outcome.error, 0.0, saved.outcome.output,
                        reused=True)
                    continue
                before = dict(ns) if record else None
                if watch is not None and cell.grade_id == watch[0]:
                    # record the calls of these functions in this cell
                    from autograder.misconceptions import record_calls
                    record_calls(ns, watch[1], watch[2])
                    run.namespace = ns
                if reseeds_first(source):
                    dirty.discard(RNG)
                watched = touched or RNG in dirty
                shared_before = shared_attributes(ns) if watched else {}
                outcome = execute(source, cell.grade_id, ns, self.timeout)
                run.outcomes[cell.grade_id] = outcome
                if record:
                    self.state_after[cell.grade_id] = fingerprints(ns)
                # A cell that ran on other inputs or other random numbers
                # may have changed any object in place, through any alias
                # (a student's function that appends to a global list), or
                # left it half-changed by an error: every name whose value
                # differs from the solution run's after this cell is dirty.
                if watched:
                    dirty |= differing(self.state_after[cell.grade_id], ns,
                                       shared_before)
                if touched:
                    dirty |= binds | {RNG}
                elif RNG in dirty:  # same inputs, other random numbers
                    dirty |= binds if outcome.error else drawn
                if (record and cell.kind == "locked"
                        and outcome.seconds >= EXPENSIVE):
                    self.saved[cell.grade_id] = _Saved(
                        {k: v for k, v in ns.items()
                         if k not in before or before[k] is not v},
                        set(before) - set(ns), _random_states(), outcome)
                if cell.grade_id == until:
                    break
        if record:
            self._final_ns = ns
        run.seconds = time.perf_counter() - start
        return run

    def _check_reusable(self):
        """Forget a saved cell that does not reseed before drawing, or
        that is followed by a cell drawing from MXNet's random generator:
        after a reuse that generator is not where the solution left it."""
        for gid in list(self.saved):
            cell = self.by_id[gid]
            later = self.cells[self.cells.index(cell) + 1:]
            if not reseeds_first(cell.source) or self._draws_mxnet(later):
                del self.saved[gid]

    def _draws_mxnet(self, cells):
        """Whether what ``cells`` do depends on MXNet's random state when
        they start: they run twice on the solution's final names, from
        two different seeds; different outcomes or names after them mean
        they drew from it (a cell that reseeds before it draws, as the
        retraining checks do, or does not draw, does not)."""
        import mxnet as mx
        seen = []
        for seed in (PROBE_SEED, PROBE_SEED + 1):
            mx.random.seed(seed)
            ns = dict(self._final_ns)
            with _in(self.workdir):
                outcomes = [execute(c.source, c.grade_id, ns, self.timeout)
                            for c in cells]
            seen.append(([(o.error, o.output) for o in outcomes],
                         fingerprints(ns)))
        return seen[0] != seen[1]

    def variant(self, name, answers, until=None, watch=None):
        """Run with ``answers`` ({grade_id: code}) replacing answer cells;
        stop after the cell ``until`` (a grade_id) when one is given: the
        cells after it cannot change its outcome. ``watch`` is ``(test
        grade_id, function names, list)``: that test cell's calls of those
        functions are appended to the list
        (:class:`autograder.misconceptions.Call`), and the run's
        ``namespace`` is the test cell's."""
        return self._run(name, answers, until=until, watch=watch)

    def blank(self):
        return self._run("blank", blank_answers(self.assignment))

    def fixtures(self):
        """{fixture name: Run} of every saved wrong implementation."""
        return {name: self.variant(name, answers) for name, answers
                in wrong_fixtures(self.assignment).items()}


def expected_failures(harness, name, answers):
    """The test cells a run should fail: none for the solution, all for
    the blank, ``<grade_id>_tests`` for a wrong fixture."""
    if name == "solution":
        return set()
    if name == "blank":
        return set(harness.tests)
    return {f"{gid}_tests" for gid in answers}


def _line(run, harness, expected=None):
    failed = run.failed(harness.cells)
    reused = [g for g, o in run.outcomes.items() if o.reused]
    verdict = "" if expected is None else (
        "ok   " if failed == expected else "WRONG")
    head = (f"{verdict} {run.name:<42} {run.seconds:5.1f} s"
            f"{'  (reused ' + ', '.join(reused) + ')' if reused else ''}")
    lines = [head]
    for gid in harness.tests:
        error = run.outcomes[gid].error
        if error or expected is None:
            mark = "fail" if error else "pass"
            lines.append(f"        {mark} {gid}: {error[:110]}")
    if not failed and expected is not None:
        lines[0] += "  passes every test"
    return "\n".join(lines), failed == expected if expected is not None \
        else True


def main(argv=None):
    parser = argparse.ArgumentParser(
        description="Grade an assignment in-process: the solution, the "
        "blank notebook, every wrong fixture and any --variant.")
    parser.add_argument("assignment", choices=assignments())
    parser.add_argument("--variant", action="append", default=[],
                        metavar="GRADE_ID=PATH.py",
                        help="replace an answer cell by this file's code "
                        "(repeat for several cells of one submission)")
    parser.add_argument("--no-fixtures", action="store_true",
                        help="skip the saved wrong fixtures")
    parser.add_argument("--traceback", action="store_true",
                        help="print the traceback of each failed test")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    h = Harness(args.assignment)
    print(f"{args.assignment}: {len(h.tests)} test cells, set-up and "
          f"solution in {time.perf_counter() - start:.1f} s "
          f"(imports included); reusable: {sorted(h.saved) or 'none'}")
    good = True
    runs = [(h.solution, "solution", {}), (h.blank(), "blank",
                                           blank_answers(args.assignment))]
    if not args.no_fixtures:
        for name, answers in wrong_fixtures(args.assignment).items():
            runs.append((h.variant(name, answers), name, answers))
    for run, name, answers in runs:
        text, ok = _line(run, h, expected_failures(h, name, answers))
        print(text)
        good &= ok
    if args.variant:
        answers = {}
        for item in args.variant:
            gid, _, path = item.partition("=")
            answers[gid] = Path(path).read_text()
        run = h.variant("variant " + " ".join(args.variant), answers)
        print(_line(run, h)[0])
        runs.append((run, "variant", answers))
    if args.traceback:
        for run, _, _ in runs:
            for gid in run.failed(h.cells):
                print(f"--- {run.name}: {gid}\n"
                      f"{run.outcomes[gid].traceback}")
    print(f"total {time.perf_counter() - start:.1f} s")
    return 0 if good else 1


if __name__ == "__main__":
    sys.exit(main())
