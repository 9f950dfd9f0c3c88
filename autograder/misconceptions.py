"""Name the mistake a failed part probably contains.

Each assignment has a catalogue of misconceptions
(``assignments/<a>/catalogue.py``): wrong answers written the way students
write them, each with a name, a one-line explanation and a hint. When a
part fails, the grader knows every call its test cell made to the
student's functions: the arguments (the grader's data) and what came back
(data decoded from the student's kernel). It runs each catalogued wrong
answer of that part, in its own process, on copies of the same arguments;
a misconception whose answer gives back the same values (and leaves the
arguments the same) on every call is named in the feedback. When none
does, nothing more is said.

Scores never depend on this: the part failed its checks before anything
here runs, and a naming that fails (an entry raising, a call that cannot
be replayed) only means that no misconception is named.
"""
import ast
import functools
import importlib.util
import itertools
import math
from dataclasses import dataclass
from pathlib import Path

RTOL, ATOL = 1e-4, 1e-6
MAX_CALLS = 200  # calls of one test cell replayed at most
MAX_ITEMS = 10_000  # items of a returned generator compared at most


@dataclass(frozen=True)
class Misconception:
    """One catalogued wrong answer of one part."""
    part: str  # the grade_id of the answer cell
    name: str  # short, kebab-case
    explanation: str  # one line: what the student's code does, and why
    hint: str  # one line: what to look at
    code: str  # the answer cell, wrong in this way
    variant: str = ""  # the same mistake written another way (to measure)

    def defines(self):
        """The top-level functions the answer defines."""
        return {n.name for n in ast.parse(self.code).body
                if isinstance(n, (ast.FunctionDef, ast.ClassDef))}


def load_catalogue(path):
    """The ``CATALOGUE`` list of ``path`` (an assignment's catalogue.py),
    as :class:`Misconception`s; checked for what a feedback page needs."""
    path = Path(path)
    spec = importlib.util.spec_from_file_location(
        f"catalogue_{path.parent.name}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    entries = []
    seen = set()
    for d in module.CATALOGUE:
        entry = Misconception(**d)
        key = (entry.part, entry.name)
        if key in seen:
            raise ValueError(f"{path}: {key} appears twice")
        seen.add(key)
        for field in ("name", "explanation", "hint", "code"):
            if not getattr(entry, field).strip():
                raise ValueError(f"{path}: {key} has no {field}")
        for field in ("explanation", "hint"):
            if "\n" in getattr(entry, field).strip():
                raise ValueError(f"{path}: {key}: the {field} is one line")
        entries.append(entry)
    return entries


# ------------------------------------------------------------ recording
@dataclass
class Call:
    """One call of a student's function in a test cell."""
    name: str
    args: tuple  # copies, as given
    kwargs: dict
    outcome: object  # ("value", copy) or ("raised", exception type name)
    after: tuple  # copies of the arguments after the call


def _is_array(v):
    return hasattr(v, "asnumpy") or type(v).__module__ == "numpy" and \
        hasattr(v, "dtype") and hasattr(v, "shape")


def snapshot(value, depth=0):
    """A copy of the data in ``value`` (arrays, numbers, strings, None,
    lists, tuples, dicts); anything else is kept as it is."""
    if depth > 20:
        return value
    if _is_array(value):
        copied = value.copy()
        grad = getattr(value, "grad", None)
        if grad is not None:  # a parameter: its gradient is data too
            copied.attach_grad()
            copied.grad[:] = grad
        return copied
    if isinstance(value, (list, tuple)):
        items = [snapshot(v, depth + 1) for v in value]
        return items if isinstance(value, list) else tuple(items)
    if isinstance(value, dict):
        return {k: snapshot(v, depth + 1) for k, v in value.items()}
    return value


def _iterator(value):
    return hasattr(value, "__next__") and hasattr(value, "__iter__") and \
        not _is_array(value)


def _items(iterator):
    """The items of a generator or iterator (at most MAX_ITEMS), as a
    list."""
    return list(itertools.islice(iterator, MAX_ITEMS))


def recording(fn, name, log):
    """``fn``, with each call appended to ``log`` as a :class:`Call`
    (a returned generator is recorded as the list of its items, and the
    caller iterates over that list)."""
    @functools.wraps(fn)
    def recorded(*args, **kwargs):
        given = (snapshot(args), snapshot(kwargs))
        try:
            value = fn(*args, **kwargs)
            if _iterator(value):
                items = _items(value)
                value = iter(items)
                kept = snapshot(items)
            else:
                kept = None
        except Exception as e:
            if len(log) < MAX_CALLS:
                log.append(Call(name, *given, ("raised", type(e).__name__),
                                snapshot(args)))
            raise
        if len(log) < MAX_CALLS:
            log.append(Call(name, *given, ("value", kept if kept is not None
                                           else snapshot(value)),
                            snapshot(args)))
        return value
    recorded.recorded_function = fn
    return recorded


def record_calls(namespace, names, log):
    """Put a recorder (:func:`recording`, into ``log``) around each
    function of ``namespace`` named in ``names``; return the originals,
    for ``namespace.update(originals)`` afterwards."""
    originals = {}
    for name in names:
        fn = namespace.get(name)
        if callable(fn):
            originals[name] = fn
            namespace[name] = recording(fn, name, log)
    return originals


# ------------------------------------------------------------- matching
def same(a, b, depth=0):
    """Whether two values are the same data (arrays within RTOL/ATOL, of
    the same shape and dtype; other values equal)."""
    import numpy as onp
    if depth > 20:
        return False
    if _is_array(a) or _is_array(b):
        if not (_is_array(a) and _is_array(b)):
            return False
        x = a.asnumpy() if hasattr(a, "asnumpy") else onp.asarray(a)
        y = b.asnumpy() if hasattr(b, "asnumpy") else onp.asarray(b)
        if x.shape != y.shape or x.dtype != y.dtype or \
                hasattr(a, "asnumpy") != hasattr(b, "asnumpy"):
            return False
        ga, gb = getattr(a, "grad", None), getattr(b, "grad", None)
        if (ga is None) != (gb is None) or (
                ga is not None and not same(ga, gb, depth + 1)):
            return False
        if x.dtype.kind in "fc":
            return bool(onp.allclose(x, y, rtol=RTOL, atol=ATOL,
                                     equal_nan=True))
        return bool(onp.array_equal(x, y))
    if isinstance(a, (list, tuple)) or isinstance(b, (list, tuple)):
        return (type(a) is type(b) and len(a) == len(b)
                and all(same(x, y, depth + 1) for x, y in zip(a, b)))
    if isinstance(a, dict) or isinstance(b, dict):
        return (isinstance(a, dict) and isinstance(b, dict)
                and a.keys() == b.keys()
                and all(same(a[k], b[k], depth + 1) for k in a))
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        if isinstance(a, float) or isinstance(b, float):
            if math.isnan(a) and math.isnan(b):
                return True
            return math.isclose(a, b, rel_tol=RTOL, abs_tol=ATOL)
        return a == b
    if a is None or b is None or isinstance(a, str):
        return a == b
    return a is b


def _data(value, depth=0):
    """Whether ``value`` is made of data only (so it can be compared)."""
    if depth > 20:
        return False
    if _is_array(value) or value is None or isinstance(
            value, (bool, int, float, str)):
        return True
    if isinstance(value, (list, tuple)):
        return all(_data(v, depth + 1) for v in value)
    if isinstance(value, dict):
        return all(_data(v, depth + 1) for v in value.values())
    return False


def behaves_like(entry, calls, namespace):
    """Whether ``entry``'s answer, defined in a copy of ``namespace`` (the
    test cell's names), does on every recorded call what the student's
    function did."""
    ns = dict(namespace)
    try:
        exec(compile(entry.code, f"<misconception {entry.name}>", "exec"),
             ns)
    except Exception:
        return False
    compared = 0
    for call in calls:
        fn = ns.get(call.name)
        if fn is None:
            return False
        kind, value = call.outcome
        if kind == "value" and not _data(value):
            continue
        args, kwargs = snapshot(call.args), snapshot(call.kwargs)
        try:
            mine = fn(*args, **kwargs)
            mine = ("value", _items(mine) if _iterator(mine) else mine)
        except Exception as e:
            mine = ("raised", type(e).__name__)
        if mine[0] != kind:
            return False
        if kind == "raised":
            if mine[1] != value:
                return False
        elif not same(mine[1], value):
            return False
        if not all(same(x, y) for x, y in zip(args, call.after)
                   if _data(y)):
            return False
        compared += kind == "value"
    return compared > 0


def name_mistakes(entries, calls, namespace):
    """The entries of ``entries`` that behave like the recorded calls."""
    if not calls:
        return []
    found = []
    for entry in entries:
        try:
            if behaves_like(entry, calls, namespace):
                found.append(entry)
        except Exception:  # noqa: BLE001 (naming is advice)
            continue
    return found


def message(part, found):
    """What the feedback says about ``found`` (markdown), or ""."""
    if not found:
        return ""
    lines = [f"**What this may be.** Your `{part}` gives the same results "
             "on this test's inputs as a common wrong answer:"]
    for e in found:
        lines.append(f"- *{e.name.replace('-', ' ')}*: {e.explanation} "
                     f"Hint: {e.hint}")
    return "\n".join(lines)
