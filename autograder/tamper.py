"""Detect code that tries to change how a notebook is graded.

The tests of a notebook run in the student's kernel, after the student's
code: code that patches ``numpy.allclose``, the course's checks, a
trainer's method or a builtin, rewrites later cells through IPython, or
swallows exceptions can make a wrong answer pass. The sandbox cannot stop
that (it is the student's own process), so every code cell a student
could have changed is read, before grading, against a policy that honest
answers never need:

* imports only from the modules an answer may use (:data:`MODULES`);
* no attribute or item assignment (or deletion) on anything but
  ``self`` inside a class (so no ``np.allclose = ...``,
  ``LMTrainer.evaluate = ...``, ``checks.expect = ...``);
* no name bound at the top level that is a builtin (``abs = ...``) or
  that a locked cell of the notebook defines (``checks = ...``);
* no private or special attributes (``x._y``, ``x.__dict__``; the usual
  methods ``__init__``, ``__call__``... may be defined and called), no
  attributes that reach interpreters or modules (``sys``, ``modules``,
  ``f_locals``...);
* none of the builtins that reach around the code (``exec``, ``eval``,
  ``getattr``, ``setattr``, ``globals``, ``open``, ``__import__``...);
* no IPython magics or shell escapes but ``%matplotlib``;
* the assignment's own rules (:data:`RULES`, e.g. no ``autograd`` in the
  ``bptt`` answers, as that notebook states).

A finding does not stop grading; the grader scores every part of a
flagged submission 0 and lists it in ``report.md`` for the instructor to
review. It is a static check: it detects, it does not sandbox.
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
#: Per assignment: names an answer must not use, and why.
_GLUON_READERS = ({"gluon_layer_params", "copy_from_gluon",
                   "from_gluon_layout"},
                  "this notebook asks you to read Gluon's parameters "
                  "yourself, not through the course library's reader")
RULES = {"bptt": ({"autograd", "attach_grad", "backward", "mark_variables"},
                  "this notebook's answers must not use autograd"),
         "birnn": _GLUON_READERS, "deep_rnn": _GLUON_READERS}
MAGICS = ("matplotlib",)

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


def _magic_lines(source):
    """Findings for IPython syntax (magics, shell escapes)."""
    found = []
    for line in source.splitlines():
        s = line.strip()
        if s.startswith(("%", "!")) or s.endswith("?") and not s.startswith(
                "#"):
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
            self.flag(node, f"uses `.{attr}`: {self.rule[1]}")
        self.generic_visit(node)

    def visit_Name(self, node):
        if node.id in BANNED_BUILTINS:
            self.flag(node, f"uses `{node.id}`")
        elif node.id.startswith("__") and node.id not in DUNDERS:
            self.flag(node, f"uses `{node.id}`")
        if self.rule and node.id in self.rule[0]:
            self.flag(node, f"uses `{node.id}`: {self.rule[1]}")
        self.generic_visit(node)


def scan(source, protected=frozenset(), assignment=None):
    """Findings (strings) of one code cell; [] when it keeps the policy."""
    found = _magic_lines(source)
    try:
        python = _MANAGER.transform_cell(source)
    except Exception:  # IPython could not read it: the kernel will fail
        return found
    tree = _parse(python)
    if tree is None:  # a syntax error fails in the kernel, honestly
        return found
    v = _Visitor(set(protected), RULES.get(assignment))
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


def scan_notebook(nb, source_nb, assignment=None):
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
            cell.source, protected, assignment)]
    return findings
