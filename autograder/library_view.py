"""The student view of the course library: ``seqmodels`` without the
implementations of graded parts.

A student's kernel imports this view (bound read-only over the library's
path in the sandbox, :mod:`autograder.sandbox`; shipped as ``seqmodels/``
by ``scripts/student_release.py``); the grader's own process, where the
hidden tests run, and the book import the real library.

How the view is made from each module's source (``ast``; the library is
read, never imported, so building a view loads no MXNet):

* every name of :data:`seqmodels.own_code.GRADED_IMPLEMENTATIONS` that
  the module defines, or imports from another module of the library, is
  bound at the end of the module to a *stub* of the same name: a function
  or a class that raises ``NotImplementedError("`seqmodels.attention.
  masked_softmax` is not available to exercises: a graded part asks you
  to write it yourself")`` when called. ``from seqmodels.attention import
  masked_softmax`` still works; only calling it fails;
* the library's own code that uses such a name (``TransformerLM`` builds
  ``DecoderBlock``, ``LMTrainer`` clips with ``grad_clipping``) is
  rewritten to use a private copy, ``_impl_<name>``, so that the models
  and the trainer that notebooks use keep working; a private copy that no
  kept code uses is deleted, with its implementation. The answers' rules
  (:mod:`seqmodels.own_code`) forbid every private name of the library.

Which names are stubbed: all of them for the view of no assignment
(:func:`stubbed_names`), except those that a notebook itself needs in its
kernel (:data:`seqmodels.own_code.KERNEL_NEEDS`: the GRU step that the
attention decoder is given, ``masked_softmax`` in the Transformer's
block, ``LSTMScratch`` as a model ``train_lstm`` may choose); the view of
one assignment keeps only that assignment's needs. The release (``home``)
also keeps what the visible tests call in the student's own kernel.

Views are cached by a hash of the library's files and of the stubbed
names (:func:`build`), in ``$SEQ_LIBRARY_VIEWS`` or a folder of the
system's temporary directory, and written atomically: many grading jobs
may ask for the same view at once.
"""
import ast
import compileall
import functools
import hashlib
import importlib.util
import os
import shutil
import tempfile
import threading
from pathlib import Path

VIEWS_VARIABLE = "SEQ_LIBRARY_VIEWS"
PRIVATE = "_impl_"
STUB_MODULE = "_unavailable"
FORMAT = 1  # bump when the transformation changes

STUB_SOURCE = '''"""Stubs of the student view of the course library
(autograder/library_view.py): a graded part asks for each of these
functions and classes."""


def _message(dotted):
    return (f"`{dotted}` is not available to exercises: a graded part "
            "asks you to write it yourself")


def stub(dotted, is_class=False):
    """A function or class named like ``dotted`` that raises
    NotImplementedError when called."""
    module, _, name = dotted.rpartition(".")
    message = _message(dotted)

    if is_class:
        def __new__(cls, *args, **kwargs):
            raise NotImplementedError(message)

        return type(name, (), {"__new__": __new__, "__module__": module,
                               "__qualname__": name, "__doc__": message})

    def unavailable(*args, **kwargs):
        raise NotImplementedError(message)

    unavailable.__name__ = unavailable.__qualname__ = name
    unavailable.__module__ = module
    unavailable.__doc__ = message
    return unavailable
'''


def library_path():
    """The folder of the real ``seqmodels`` package (found, not
    imported: importing it loads MXNet)."""
    spec = importlib.util.find_spec("seqmodels")
    return Path(spec.origin).resolve().parent


def _own_code(library=None):
    """:mod:`seqmodels.own_code` of ``library``, loaded from its file
    (importing ``seqmodels`` would load MXNet), once per file."""
    return _load_own_code(str(Path(library or library_path()) /
                              "own_code.py"))


@functools.lru_cache(maxsize=None)
def _load_own_code(path):
    spec = importlib.util.spec_from_file_location("_seq_own_code", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def stubbed_names(assignment=None, home=False, library=None):
    """The dotted names that the view replaces by stubs: every graded
    implementation but what the notebook of ``assignment`` needs in its
    kernel (any notebook's needs when ``assignment`` is None or unknown);
    ``home`` also keeps what the visible tests call at home."""
    rules = _own_code(library)
    needs, calls = rules.KERNEL_NEEDS, rules.VISIBLE_TESTS_CALL
    if assignment in needs:
        keep = set(needs[assignment])
        if home:
            keep |= set(calls.get(assignment, ()))
    else:
        keep = set().union(*needs.values())
        if home:
            keep |= set().union(*calls.values())
    return set(rules.GRADED_IMPLEMENTATIONS) - keep


# ----------------------------------------------------------------------
# The transformation of one module


def _module_of(module_name, node):
    """The absolute module an ``ImportFrom`` inside ``module_name`` (a
    module of the package, not the package itself) reads from."""
    if not node.level:
        return node.module
    base = module_name.split(".")[:-node.level]
    return ".".join(base + ([node.module] if node.module else []))


class _Renamer(ast.NodeTransformer):
    """Renames the names of ``mapping`` wherever they mean the module's
    global, not in a function or class body that binds them itself."""

    def __init__(self, mapping):
        self.mapping = mapping
        self.hidden = [set()]

    def _scoped(self, node, bound):
        self.hidden.append(self.hidden[-1] | (bound & set(self.mapping)))
        node = self.generic_visit(node)
        self.hidden.pop()
        return node

    def _function(self, node):
        # decorators and defaults belong to the enclosing scope
        node.decorator_list = [self.visit(d) for d in node.decorator_list]
        node.args.defaults = [self.visit(d) for d in node.args.defaults]
        node.args.kw_defaults = [d if d is None else self.visit(d)
                                 for d in node.args.kw_defaults]
        bound = _own_code().bound_names(node.body, node.args,
                                           imports=True)
        self.hidden.append(self.hidden[-1] | (bound & set(self.mapping)))
        node.body = [self.visit(s) for s in node.body]
        self.hidden.pop()
        return node

    visit_FunctionDef = visit_AsyncFunctionDef = _function

    def visit_Lambda(self, node):
        node.args.defaults = [self.visit(d) for d in node.args.defaults]
        bound = _own_code().bound_names([node.body], node.args,
                                           imports=True)
        self.hidden.append(self.hidden[-1] | (bound & set(self.mapping)))
        node.body = self.visit(node.body)
        self.hidden.pop()
        return node

    def visit_ClassDef(self, node):
        node.bases = [self.visit(b) for b in node.bases]
        node.keywords = [self.visit(k) for k in node.keywords]
        node.decorator_list = [self.visit(d) for d in node.decorator_list]
        bound = _own_code().bound_names(node.body, imports=True)
        self.hidden.append(self.hidden[-1] | (bound & set(self.mapping)))
        node.body = [self.visit(s) for s in node.body]
        self.hidden.pop()
        return node

    def visit_Name(self, node):
        if node.id in self.mapping and node.id not in self.hidden[-1]:
            node.id = self.mapping[node.id]
        return node

    def visit_Global(self, node):
        node.names = [self.mapping.get(n, n) for n in node.names]
        return node


class _Module:
    """One module of the view while it is being made."""

    def __init__(self, name, source):
        self.name = name
        self.tree = ast.parse(source)
        self.stubs = {}      # local name -> (origin dotted, is a class)
        self.private = {}    # private name -> its defining statement


def _origins(modules, stubbed):
    """``{(module, local name): origin dotted}`` for every top-level
    binding of a stubbed implementation: its definition, or an import of
    it (or of a re-export of it) from another module of the library."""
    found = {}
    for m in modules.values():
        for node in m.tree.body:
            if isinstance(node, (ast.FunctionDef, ast.ClassDef)) and \
                    f"{m.name}.{node.name}" in stubbed:
                found[(m.name, node.name)] = f"{m.name}.{node.name}"
    changed = True
    while changed:  # follow re-exports until nothing new is found
        changed = False
        for m in modules.values():
            for node in m.tree.body:
                if not isinstance(node, ast.ImportFrom):
                    continue
                source = _module_of(m.name, node)
                for alias in node.names:
                    origin = found.get((source, alias.name))
                    if origin is None and f"{source}.{alias.name}" in \
                            stubbed:
                        origin = f"{source}.{alias.name}"
                    key = (m.name, alias.asname or alias.name)
                    if origin and key not in found:
                        found[key] = origin
                        changed = True
    return found


def _classes(modules):
    return {f"{m.name}.{node.name}" for m in modules.values()
            for node in m.tree.body if isinstance(node, ast.ClassDef)}


def _transform(modules, stubbed):
    origins = _origins(modules, stubbed)
    classes = _classes(modules)
    for m in modules.values():
        mine = {local: origin for (name, local), origin in origins.items()
                if name == m.name}
        if not mine:
            continue
        mapping = {local: PRIVATE + local for local in mine}
        body = []
        for node in m.tree.body:
            if isinstance(node, ast.ImportFrom):
                source = _module_of(m.name, node)
                for alias in node.names:
                    local = alias.asname or alias.name
                    if local in mapping and source.startswith("seqmodels"):
                        alias.name = PRIVATE + alias.name
                        alias.asname = (None if alias.name == mapping[local]
                                        else mapping[local])
                body.append(node)
                continue
            node = _Renamer(mapping).visit(node)
            if isinstance(node, (ast.FunctionDef, ast.ClassDef)) and \
                    node.name in mapping:
                local = node.name
                node.name = mapping[local]
                body.append(node)
                # the private copy keeps its public name (Gluon names a
                # block's parameters after its class)
                body.extend(ast.parse(
                    f"{node.name}.__name__ = {local!r}\n"
                    f"{node.name}.__qualname__ = {local!r}\n").body)
                continue
            body.append(node)
        body += ast.parse(f"from .{STUB_MODULE} import stub as "
                          "_unavailable_stub\n").body
        for local, origin in sorted(mine.items()):
            body += ast.parse(
                f"{local} = _unavailable_stub({origin!r}, "
                f"{origin in classes})\n").body
        m.tree.body = body
        m.stubs = mine
    _prune(modules)


def _private_bindings(m):
    """{private name: [top-level statements that bind it or fix its
    name]} of module ``m``."""
    out = {}
    for node in m.tree.body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)) and \
                node.name.startswith(PRIVATE):
            out.setdefault(node.name, []).append(node)
        elif isinstance(node, ast.ImportFrom):
            for alias in node.names:
                local = alias.asname or alias.name
                if local.startswith(PRIVATE):
                    out.setdefault(local, []).append(node)
        elif isinstance(node, ast.Assign) and isinstance(
                node.targets[0], ast.Attribute) and isinstance(
                node.targets[0].value, ast.Name) and \
                node.targets[0].value.id.startswith(PRIVATE) and \
                node.targets[0].attr in ("__name__", "__qualname__"):
            out.setdefault(node.targets[0].value.id, []).append(node)
    return out


def _used(modules, module, name, own):
    """Whether ``name`` of ``module`` is read anywhere but in the
    statements ``own`` (its definition and name fixes)."""
    own_ids = {id(n) for stmt in own for n in ast.walk(stmt)}
    m = modules[module]
    for node in ast.walk(m.tree):
        if id(node) in own_ids:
            continue
        if isinstance(node, ast.Name) and node.id == name:
            return True
    for other in modules.values():
        for node in ast.walk(other.tree):
            if isinstance(node, ast.ImportFrom) and \
                    _module_of(other.name, node) == module and \
                    any(a.name == name for a in node.names):
                return True
    return False


def _prune(modules):
    """Delete private copies that no kept code reads, until none is
    left: their implementation is then gone from the view."""
    changed = True
    while changed:
        changed = False
        for m in modules.values():
            for name, stmts in _private_bindings(m).items():
                if _used(modules, m.name, name, stmts):
                    continue
                changed = True
                for stmt in stmts:
                    if isinstance(stmt, ast.ImportFrom):
                        stmt.names = [a for a in stmt.names
                                      if (a.asname or a.name) != name]
                        if not stmt.names:
                            m.tree.body.remove(stmt)
                    else:
                        m.tree.body.remove(stmt)


def make_sources(library=None, stubbed=()):
    """``{file name: source}`` of the view: the library's modules with
    the names ``stubbed`` replaced (unchanged files as they are)."""
    library = Path(library or library_path())
    stubbed = set(stubbed)
    texts = {p.name: p.read_text() for p in sorted(library.glob("*.py"))}
    modules = {}
    for file, text in texts.items():
        stem = file[:-3]
        name = "seqmodels" if stem == "__init__" else f"seqmodels.{stem}"
        modules[name] = _Module(name, text)
    _transform(modules, stubbed)
    out = {}
    for file, text in texts.items():
        stem = file[:-3]
        m = modules["seqmodels" if stem == "__init__" else
                    f"seqmodels.{stem}"]
        if m.stubs:
            header = ("# Student view of the course library "
                      "(autograder/library_view.py): the implementations "
                      "of\n# graded parts are stubs.\n")
            out[file] = header + ast.unparse(m.tree) + "\n"
        else:
            out[file] = text
    out[STUB_MODULE + ".py"] = STUB_SOURCE
    return out


# ----------------------------------------------------------------------
# Building and caching


def views_dir():
    folder = os.environ.get(VIEWS_VARIABLE)
    if folder:
        return Path(folder)
    return Path(tempfile.gettempdir()) / f"seqmodels-views-{os.getuid()}"


def digest(library=None, stubbed=()):
    """Hash of the library's files, the stubbed names and this module's
    transformation: the name of a view in the cache."""
    library = Path(library or library_path())
    h = hashlib.sha256(f"view {FORMAT}\n".encode())
    h.update(Path(__file__).read_bytes())
    for name in sorted(stubbed):
        h.update(name.encode() + b"\n")
    for path in sorted(library.glob("*.py")):
        h.update(path.name.encode() + b"\0" + path.read_bytes())
    return h.hexdigest()[:20]


#: Jobs run in threads of one grader process and build views on demand:
#: Python 3.11's ``ast`` module keeps its recursion depth in state shared
#: by threads, so two ``ast.parse`` at once can fail with "AST constructor
#: recursion depth mismatch" (seen with two grading workers). One build
#: at a time.
_BUILD_LOCK = threading.Lock()


def build(assignment=None, home=False, library=None, cache=None):
    """The student view's package folder (``.../seqmodels``), made once
    per library version and set of stubbed names (see
    :func:`stubbed_names`) and then reused. Readable by everyone (the
    sandbox's kernel runs as another user when the grader is root)."""
    with _BUILD_LOCK:
        return _build(assignment, home, library, cache)


def _build(assignment, home, library, cache):
    library = Path(library or library_path())
    stubbed = stubbed_names(assignment, home, library)
    cache = Path(cache or views_dir())
    target = cache / digest(library, stubbed)
    package = target / "seqmodels"
    if (target / "complete").exists():
        return package
    cache.mkdir(parents=True, exist_ok=True)
    os.chmod(cache, 0o755)
    work = Path(tempfile.mkdtemp(prefix=".building-", dir=cache))
    try:
        write(work / "seqmodels", library, stubbed)
        (work / "complete").write_text(", ".join(sorted(stubbed)) + "\n")
        for path in [work, *work.rglob("*")]:
            os.chmod(path, 0o755 if path.is_dir() else 0o644)
        try:
            os.rename(work, target)
        except OSError:  # another process finished the same view first
            if not (target / "complete").exists():
                raise
    finally:
        if work.exists():
            shutil.rmtree(work, ignore_errors=True)
    return package


def write(folder, library=None, stubbed=(), compiled=True):
    """Write the view's package into ``folder`` (created), with its
    bytecode compiled when ``compiled`` (the sandbox's kernel cannot
    write any)."""
    folder = Path(folder)
    folder.mkdir(parents=True)
    for name, text in make_sources(library, stubbed).items():
        (folder / name).write_text(text)
    if compiled:
        compileall.compile_dir(str(folder), quiet=1)
    return folder
