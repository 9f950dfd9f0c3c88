"""Read a submission's code for what an instructor may want to know.

Scores do not depend on this module. The tests run in the grader's
process, outside the student's kernel (:mod:`autograder.split_execute`):
code in the student's notebook that patches ``numpy.allclose``, a
builtin, IPython or the course's checks changes only the student's own
kernel, and gains nothing. What this static reading finds is advice:

* **findings that matter** (:func:`matters`): code that reaches beyond
  its answers (attribute stores on modules, rebound builtins or locked
  names, frames, interpreters, files, the network, IPython's machinery,
  shell escapes). They are listed in ``report.md`` for the instructor
  and the student's feedback says that such code changes nothing;
* **honest habits** (magics like ``%timeit`` or ``?``, ``import os``,
  ``warnings``, ``pandas``, ``getattr``): not reported at all;
* the **assignment's rules** (``assignments/<a>/rules.py``, e.g. no
  ``autograd`` in the ``bptt`` answers, as that notebook states): a rule
  broken in an answer cell costs that answer's part, with the rule in the
  message (:func:`rule_breaks`).

The policy it reads against is what honest answers need:

* imports only from the modules an answer may use (:data:`MODULES`);
* no attribute or item assignment (or deletion) on anything but
  ``self`` inside a class (so no ``np.allclose = ...``);
* no name bound at the top level that is a builtin (``abs = ...``) or
  that a locked cell of the notebook defines (``checks = ...``);
* no private or special attributes, no attributes that reach
  interpreters or modules (``sys``, ``modules``, ``f_locals``...);
* none of the builtins that reach around the code (``exec``, ``eval``,
  ``getattr``, ``globals``, ``open``, ``__import__``...);
* no IPython magics or shell escapes but ``%matplotlib``.
"""
import ast
import builtins

from IPython.core.inputtransformer2 import TransformerManager

#: Top-level modules an answer may import from.
MODULES = {"math", "random", "itertools", "functools", "collections",
           "typing", "dataclasses", "time", "numpy", "mxnet", "d2l",
           "seqmodels", "matplotlib", "string", "re", "statistics",
           "heapq", "bisect", "copy", "operator"}
#: Dunder methods a class may define and call (``super().__init__()``).
DUNDERS = {"__init__", "__call__", "__len__", "__getitem__", "__iter__",
           "__next__", "__repr__", "__str__", "__name__", "__doc__",
           "__setitem__", "__contains__", "__eq__", "__hash__"}
#: Builtins that reach around the code: not even mentioned.
BANNED_BUILTINS = {"exec", "eval", "compile", "getattr", "setattr",
                   "delattr", "globals", "locals", "vars", "__import__",
                   "open", "input", "breakpoint", "exit", "quit",
                   "memoryview", "__builtins__", "__build_class__",
                   "get_ipython", "__loader__", "__spec__"}
#: Attributes that lead to interpreters, frames or other modules.
BANNED_ATTRS = {"sys", "os", "builtins", "modules", "ctypes", "subprocess",
                "settrace", "setprofile", "f_locals", "f_globals",
                "f_back", "f_code", "gi_frame", "tb_frame", "cr_frame",
                "importlib", "inspect", "gc", "system", "popen", "environ",
                "shell", "kernel", "ast_transformers", "input_transformers",
                "set_custom_exc", "showtraceback", "pickle", "marshal",
                "socket", "shutil", "signal", "threading",
                "multiprocessing", "atexit"}
#: Operator modules' helpers that set attributes.
BANNED_CALLS = {"attrgetter", "methodcaller"}
MAGICS = ("matplotlib",)
#: How a finding that breaks the assignment's rule starts.
RULE_WORDS = "breaks the assignment's rule: "

_BUILTINS = set(dir(builtins))
_MANAGER = TransformerManager()


def locked_names(cells, tests=()):
    """Names bound at the top level of the locked cells, and the names
    that test cells import."""
    names = set()
    for source in cells:
        tree = _parse(source)
        if tree is not None:
            names |= _top_bindings(tree)
    for source in tests:
        tree = _parse(source)
        if tree is not None:
            names |= {n for node in tree.body
                      if isinstance(node, (ast.Import, ast.ImportFrom))
                      for n in _bound(node)}
    return names


def _parse(source):
    try:
        return ast.parse(source)
    except SyntaxError:
        return None


def _top_bindings(tree):
    names = set()
    for node in tree.body:
        names |= _bound(node)
    return names


def _bound(node):
    """Names a top-level statement binds (not inside its functions)."""
    names = set()
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef,
                         ast.ClassDef)):
        return {node.name}
    if isinstance(node, (ast.Import, ast.ImportFrom)):
        return {(a.asname or a.name).split(".")[0] for a in node.names}
    stack = [node]
    while stack:
        n = stack.pop()
        if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef,
                          ast.ClassDef, ast.Lambda)):
            names.add(getattr(n, "name", None) or "")
            continue
        if isinstance(n, ast.Name) and isinstance(n.ctx, (ast.Store,
                                                          ast.Del)):
            names.add(n.id)
        elif isinstance(n, ast.ExceptHandler) and n.name:
            names.add(n.name)
        elif isinstance(n, ast.NamedExpr):
            names.add(n.target.id)
        stack.extend(ast.iter_child_nodes(n))
    names.discard("")
    return names


def _is_magic(s):
    return s.startswith(("%", "!")) or s.endswith("?") and not \
        s.startswith("#")


def _magic_lines(source):
    """Findings for IPython syntax (magics, shell escapes)."""
    found = []
    for line in source.splitlines():
        s = line.strip()
        if _is_magic(s):
            word = s.lstrip("%!").split(" ")[0]
            if s.startswith("%") and word in MAGICS:
                continue
            found.append(f"IPython syntax `{s[:40]}`")
    return found


class _Visitor(ast.NodeVisitor):
    def __init__(self, protected, rule):
        self.protected = protected
        self.rule = rule
        self.found = []
        self.class_depth = 0
        self.self_names = []

    def flag(self, node, what):
        self.found.append(f"line {getattr(node, 'lineno', '?')}: {what}")

    # imports
    def visit_Import(self, node):
        for a in node.names:
            if a.name.split(".")[0] not in MODULES:
                self.flag(node, f"imports `{a.name}`")
        self.generic_visit(node)

    def visit_ImportFrom(self, node):
        mod = (node.module or "").split(".")[0]
        if node.level or mod not in MODULES:
            self.flag(node, f"imports from `{node.module or '.'}`")
        for a in node.names:
            if a.name == "*":
                self.flag(node, f"`from {node.module} import *`")
            elif a.name.startswith("_"):
                self.flag(node, f"imports the private name `{a.name}`")
        self.generic_visit(node)

    # functions and classes
    def visit_ClassDef(self, node):
        self.class_depth += 1
        self.generic_visit(node)
        self.class_depth -= 1

    def visit_FunctionDef(self, node):
        args = node.args.posonlyargs + node.args.args
        in_class = self.class_depth > 0
        self.self_names.append(args[0].arg if in_class and args else None)
        depth, self.class_depth = self.class_depth, 0
        self.generic_visit(node)
        self.class_depth = depth
        self.self_names.pop()

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_Global(self, node):
        for name in node.names:
            if name in self.protected or name in _BUILTINS:
                self.flag(node, f"rebinds `{name}` through `global`")

    # stores
    def _store_target(self, target, node):
        if isinstance(target, (ast.Attribute, ast.Subscript)):
            root = target
            while isinstance(root, (ast.Attribute, ast.Subscript)):
                root = root.value
            me = self.self_names[-1] if self.self_names else None
            if isinstance(target, ast.Subscript):
                # item assignment on a local array (H[:] = ...) is fine;
                # on a module or a locked name it is not
                if not self.self_names and isinstance(root, ast.Name) and (
                        root.id in self.protected or root.id in _BUILTINS):
                    self.flag(node, f"changes an item of `{root.id}`")
            elif not (isinstance(root, ast.Name) and me
                      and root.id == me):
                self.flag(node, "assigns to the attribute "
                          f"`{ast.unparse(target)}`")
        elif isinstance(target, (ast.Tuple, ast.List)):
            for elt in target.elts:
                self._store_target(elt, node)
        elif isinstance(target, ast.Starred):
            self._store_target(target.value, node)

    def visit_Assign(self, node):
        for t in node.targets:
            self._store_target(t, node)
        self.generic_visit(node)

    def visit_AugAssign(self, node):
        self._store_target(node.target, node)
        self.generic_visit(node)

    def visit_AnnAssign(self, node):
        self._store_target(node.target, node)
        self.generic_visit(node)

    def visit_Delete(self, node):
        for t in node.targets:
            if isinstance(t, (ast.Attribute, ast.Subscript)):
                self.flag(node, f"deletes `{ast.unparse(t)}`")
        self.generic_visit(node)

    def visit_For(self, node):
        self._store_target(node.target, node)
        self.generic_visit(node)

    def visit_withitem(self, node):
        if node.optional_vars is not None:
            self._store_target(node.optional_vars, node.context_expr)
        self.generic_visit(node)

    # reads
    def visit_Attribute(self, node):
        attr = node.attr
        if attr.startswith("_") and attr not in DUNDERS:
            self.flag(node, f"uses the private attribute `.{attr}`")
        elif attr in BANNED_ATTRS or attr in BANNED_CALLS:
            self.flag(node, f"uses `.{attr}`")
        if self.rule and attr in self.rule[0]:
            self.flag(node, f"{RULE_WORDS}uses `.{attr}`: {self.rule[1]}")
        self.generic_visit(node)

    def visit_Name(self, node):
        if node.id in BANNED_BUILTINS:
            self.flag(node, f"uses `{node.id}`")
        elif node.id.startswith("__") and node.id not in DUNDERS:
            self.flag(node, f"uses `{node.id}`")
        if self.rule and node.id in self.rule[0]:
            self.flag(node, f"{RULE_WORDS}uses `{node.id}`: {self.rule[1]}")
        self.generic_visit(node)


def rule(assignment, root=None):
    """(names, why) of the assignment's rule (``NAMES`` and ``WHY`` of
    ``assignments/<a>/rules.py`` under the course ``root``), or None."""
    if not assignment:
        return None
    from .assignments import rules
    found = rules(assignment, root)
    names = getattr(found, "NAMES", None)
    return (set(names), found.WHY) if names else None


def scan(source, protected=frozenset(), assignment=None, root=None):
    """Findings (strings) of one code cell; [] when it keeps the policy."""
    found = _magic_lines(source)
    # the magic lines are reported above; the rest is read as Python
    # (IPython's own rewriting of a magic calls get_ipython, which is no
    # finding of the student's)
    source = "\n".join(
        line[:len(line) - len(line.lstrip())] + "pass"
        if _is_magic(line.strip()) else line
        for line in source.splitlines())
    try:
        python = _MANAGER.transform_cell(source)
    except Exception:  # IPython could not read it: the kernel will fail
        return found
    tree = _parse(python)
    if tree is None:  # a syntax error fails in the kernel, honestly
        return found
    v = _Visitor(set(protected), rule(assignment, root))
    v.visit(tree)
    for node in tree.body:
        for name in sorted(_bound(node)):
            if name in _BUILTINS:
                found.append(f"line {node.lineno}: rebinds the builtin "
                             f"`{name}`")
            elif name in protected and not isinstance(
                    node, (ast.Import, ast.ImportFrom)):
                found.append(f"line {node.lineno}: rebinds `{name}`, which "
                             "a locked cell of the notebook defines")
    return found + v.found


def scan_notebook(nb, source_nb, assignment=None, root=None):
    """Findings of every code cell of a submission that its student could
    have changed: all cells except locked and test cells restored by
    nbgrader (matched by ``grade_id`` against ``source_nb``).

    Returns a list of ``"<cell>: <finding>"`` strings.
    """
    restored, locked, tests = set(), [], []
    for cell in source_nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if cell.cell_type == "code" and (meta.get("locked")
                                         or meta.get("grade")):
            restored.add(meta.get("grade_id"))
            (tests if meta.get("grade") else locked).append(cell.source)
    protected = locked_names(locked, tests)
    findings = []
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        meta = cell.metadata.get("nbgrader", {})
        gid = meta.get("grade_id")
        if gid in restored:
            continue  # nbgrader puts the instructor's version back
        where = gid or f"cell {i + 1}"
        findings += [f"{where}: {f}" for f in scan(
            cell.source, protected, assignment, root)]
    return findings


#: Modules whose import is an honest habit (not reported).
HABIT_MODULES = {"os", "sys", "warnings", "pandas", "time", "timeit",
                 "pathlib", "json", "csv", "pprint", "textwrap", "math",
                 "scipy", "tqdm", "logging", "datetime", "platform"}
#: Words of findings that are honest habits (not reported).
HABIT_WORDS = ("uses `getattr`", "uses `hasattr`", "uses `vars`",
               "uses `input`", "uses `exit`", "uses `quit`",
               "uses `breakpoint`", "uses `locals`", "uses `globals`")


def matters(finding):
    """Whether a finding is worth the instructor's time: not an honest
    habit (a magic, ``import os``, ``getattr``) and not an assignment
    rule (those cost their part, see :func:`rule_breaks`)."""
    text = finding.split(": ", 1)[-1]
    if text.startswith("line ") and ": " in text:
        text = text.split(": ", 1)[1]
    if text.startswith("IPython syntax `"):
        return text.startswith("IPython syntax `!") or "system" in text \
            or "%%bash" in text or "%%sh" in text or "%load" in text
    for kind in ("imports `", "imports from `"):
        if text.startswith(kind):
            module = text[len(kind):].split("`")[0].split(".")[0]
            return module not in HABIT_MODULES
    if any(text.startswith(w) and not text[len(w):].startswith(":")
           for w in HABIT_WORDS):
        return False
    return not text.startswith(RULE_WORDS)


def rule_breaks(nb, source_nb, assignment, root=None):
    """{answer cell's grade_id: message} for answer cells that break the
    assignment's rule (:func:`rule`) or hand their part to a ready
    implementation (:func:`seqmodels.own_code.breaks`: the course
    library, d2l, Gluon's cells and layers, MXNet's fused operators); the
    part of each costs its points."""
    from seqmodels import own_code
    found = rule(assignment, root)
    restored = {c.metadata.get("nbgrader", {}).get("grade_id")
                for c in source_nb.cells
                if c.metadata.get("nbgrader", {}).get("locked")
                or c.metadata.get("nbgrader", {}).get("grade")}
    setup = "\n".join(c.source for c in source_nb.cells
                      if c.cell_type == "code"
                      and c.metadata.get("nbgrader", {}).get("locked")
                      and not c.metadata.get("nbgrader", {}).get("grade"))
    broken = {}
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        gid = meta.get("grade_id")
        if cell.cell_type != "code" or not meta.get("solution") or \
                gid in restored:
            continue
        why = []
        tree = _parse(cell.source)
        if found and tree is not None:
            used = sorted({n.id for n in ast.walk(tree)
                           if isinstance(n, ast.Name) and n.id in found[0]}
                          | {n.attr for n in ast.walk(tree)
                             if isinstance(n, ast.Attribute)
                             and n.attr in found[0]})
            if used:
                why.append(f"uses {', '.join(f'`{u}`' for u in used)}: "
                           f"{found[1]}")
        ready = own_code.breaks(cell.source, setup, gid)
        if ready:
            why.append("hands the part to a ready implementation: "
                       + "; ".join(ready[:3]))
        if why:
            broken[gid] = "; ".join(why)
    return broken
