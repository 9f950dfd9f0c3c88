"""The grader's agent inside the student's kernel, and the wire format.

Grading runs the student's notebook in its sandboxed kernel (answers and
locked cells) and every test cell in the grader's own process
(:mod:`autograder.remote`). When a test calls a student's function, the
grader sends the call to this agent as data, the agent makes the call in
the student's kernel and sends back what it returned, as data.

The same module is used on both sides: the grader sends its source into
the student's kernel (no file of the grader is visible in the sandbox)
and imports it itself for :func:`decode`. Nothing the agent does is
trusted by the grader: the student's code can rewrite the agent, its
encoder, numpy or MXNet in its own kernel, and all that reaches the
grader is a JSON document that :func:`decode` checks strictly and turns
into fresh numpy or MXNet arrays, numbers, strings, tuples, lists and
dicts. No pickle, code or object of the student's side is ever loaded.

The wire format (JSON):

* ``null``, booleans, strings, integers; floats as numbers, or
  ``{"float": "nan" | "inf" | "-inf"}``;
* ``{"array": "mx" | "np", "dtype": ..., "shape": [...], "data":
  base64}`` for MXNet and numpy arrays (little-endian bytes; a ``grad``
  field of the same form for an MXNet array with a gradient attached);
  ``{"scalar": dtype, "data": base64}`` for a numpy scalar;
* ``{"tuple": [...]}``, ``[...]`` (a list), ``{"dict": [[key, value],
  ...]}`` with string keys, ``{"generator": [...]}`` for the items of a
  generator or iterator (at most :data:`MAX_ITEMS`);
* ``{"handle": n, "type": name, "callable": bool}``: an object that is
  not data (a model, a class, a function) stays in the student's kernel;
  the grader can call it or ask for its attributes, by number;
* ``{"callback": n}`` (grader to student only): a function of the
  grader's that the student's code may call; the call comes back to the
  grader through the kernel's input channel.
"""
import base64
import json
import sys

# What one reply may hold: bytes of array data in all, items (array
# entries count as one), nesting depth, characters of a string.
MAX_BYTES = 64 * 2 ** 20
MAX_ITEMS = 100_000
MAX_DEPTH = 32
MAX_STR = 100_000
DTYPES = ("float16", "float32", "float64", "int8", "int16", "int32",
          "int64", "uint8", "bool")
REPLY_MIME = "application/x-seqmodels-reply+json"


class WireError(ValueError):
    """A value that is not data, or that is too large or malformed."""


# ---------------------------------------------------------------- encode

class _Budget:
    """What one encoding or decoding has spent, and the arrays it has
    met: an array that occurs twice in one value (two layers given the
    same state array) is sent once and referred to after, so the other
    side gets one array twice too, as the student's code made it."""

    def __init__(self):
        self.bytes = 0
        self.items = 0
        self.seen = {}  # encoding: id(array) -> its number
        self.kept = []  # encoding: the arrays (alive while numbered)
        self.shared = {}  # decoding: number -> the decoded array

    def spend(self, nbytes=0, items=1):
        self.bytes += nbytes
        self.items += items
        if self.bytes > MAX_BYTES:
            raise WireError(f"more than {MAX_BYTES // 2 ** 20} MB of "
                            "array data")
        if self.items > MAX_ITEMS:
            raise WireError(f"more than {MAX_ITEMS:,} items")


def _array_doc(kind, arr, budget):
    import numpy
    arr = numpy.ascontiguousarray(arr)
    if arr.dtype.name not in DTYPES:
        raise WireError(f"an array of dtype {arr.dtype.name}")
    data = arr.astype(arr.dtype.newbyteorder("<"), copy=False).tobytes()
    budget.spend(len(data))
    return {"array": kind, "dtype": arr.dtype.name,
            "shape": [int(n) for n in arr.shape],
            "data": base64.b64encode(data).decode("ascii")}


def _is_mx(value):
    mx = sys.modules.get("mxnet")
    if mx is None:
        return False
    return isinstance(value, (mx.np.ndarray, mx.nd.NDArray))


def _mx_to_numpy(value):
    mx = sys.modules["mxnet"]
    if isinstance(value, mx.nd.NDArray) and not isinstance(
            value, mx.np.ndarray):
        value = value.as_np_ndarray()
    if value.ndim == 0:
        return value.reshape(1).asnumpy().reshape(())
    return value.asnumpy()


def encode(value, handles=None, budget=None, depth=0, stack=None):
    """``value`` as a JSON-ready document of the wire format. Objects that
    are not data become handles when ``handles`` (a dict the agent keeps)
    is given, else a :class:`WireError`."""
    budget = budget or _Budget()
    stack = stack if stack is not None else set()
    if depth > MAX_DEPTH:
        raise WireError(f"nested deeper than {MAX_DEPTH} levels")
    budget.spend()
    if value is None or isinstance(value, (bool, str)):
        if isinstance(value, str) and len(value) > MAX_STR:
            raise WireError(f"a string of {len(value):,} characters")
        return value if type(value) in (bool, str, type(None)) else (
            bool(value) if isinstance(value, bool) else str(value))
    import numpy
    if isinstance(value, numpy.generic):
        return {"scalar": value.dtype.name, "data": _array_doc(
            "np", numpy.asarray(value), budget)["data"]}
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        value = float(value)
        if value != value:
            return {"float": "nan"}
        if value in (float("inf"), float("-inf")):
            return {"float": "inf" if value > 0 else "-inf"}
        return value
    if _is_mx(value) or isinstance(value, numpy.ndarray):
        if id(value) in budget.seen:
            return {"same": budget.seen[id(value)]}
        if _is_mx(value):
            doc = _array_doc("mx", _mx_to_numpy(value), budget)
            grad = getattr(value, "grad", None)
            if grad is not None:
                doc["grad"] = _array_doc("mx", _mx_to_numpy(grad), budget)
        else:
            doc = _array_doc("np", value, budget)
        doc["ref"] = budget.seen[id(value)] = len(budget.seen)
        budget.kept.append(value)
        return doc
    if isinstance(value, (tuple, list, dict)):
        if id(value) in stack:
            raise WireError("a value that contains itself")
        stack.add(id(value))
        try:
            if isinstance(value, dict):
                items = []
                for key, item in value.items():
                    if not isinstance(key, str):
                        raise WireError(f"a dict key of type "
                                        f"{type(key).__name__}")
                    items.append([str(key), encode(
                        item, handles, budget, depth + 1, stack)])
                return {"dict": items}
            items = [encode(item, handles, budget, depth + 1, stack)
                     for item in list(value)]
            return {"tuple": items} if isinstance(value, tuple) else items
        finally:
            stack.discard(id(value))
    if hasattr(value, "__next__") and hasattr(value, "__iter__") and not (
            callable(value)):
        items = []
        for item in value:
            if len(items) >= MAX_ITEMS:
                raise WireError(f"a generator of more than {MAX_ITEMS:,} "
                                "items")
            items.append(encode(item, handles, budget, depth + 1, stack))
        return {"generator": items}
    if handles is None:
        raise WireError(f"a {type(value).__name__}, not data")
    number = len(handles) + 1
    handles[number] = value
    return {"handle": number, "type": type(value).__name__,
            "callable": bool(callable(value))}


# ---------------------------------------------------------------- decode

def _check(condition, message):
    if not condition:
        raise WireError(message)


def _array(doc, budget):
    import numpy
    _check(set(doc) <= {"array", "dtype", "shape", "data", "grad", "ref"},
           f"an array with fields {sorted(doc)}")
    _check(doc.get("array") in ("mx", "np"), "an array of unknown kind")
    dtype = doc.get("dtype")
    _check(dtype in DTYPES, f"an array of dtype {dtype!r}")
    shape = doc.get("shape")
    _check(isinstance(shape, list) and len(shape) <= 32 and all(
        type(n) is int and 0 <= n for n in shape), "an array with a bad "
        "shape")
    data = doc.get("data")
    _check(isinstance(data, str), "an array without data")
    raw = base64.b64decode(data.encode("ascii"), validate=True)
    budget.spend(len(raw))
    want = numpy.dtype(dtype).newbyteorder("<")
    size = 1
    for n in shape:
        size *= n
    _check(len(raw) == size * want.itemsize,
           f"an array of shape {tuple(shape)} with {len(raw)} bytes")
    return numpy.frombuffer(raw, dtype=want).astype(dtype).reshape(shape)


def decode(doc, make_handle=None, budget=None, depth=0, arrays="native"):
    """The value a wire document describes, checked strictly. Handles
    (and, on the student's side, callbacks, names and devices) are turned
    into objects by ``make_handle(doc)``; without it they are a
    :class:`WireError`. ``arrays="native"``
    gives MXNet arrays for ``"mx"`` and numpy arrays for ``"np"``."""
    budget = budget or _Budget()
    _check(depth <= MAX_DEPTH, f"nested deeper than {MAX_DEPTH} levels")
    budget.spend()
    kind = type(doc)
    if doc is None or kind in (bool, int, str):
        _check(kind is not str or len(doc) <= MAX_STR, "a string too long")
        _check(kind is not int or abs(doc) < 2 ** 256, "an integer too "
               "large")
        return doc
    if kind is float:
        return doc
    if kind is list:
        return [decode(d, make_handle, budget, depth + 1, arrays)
                for d in doc]
    _check(kind is dict, f"a JSON {kind.__name__}")
    if "array" in doc:
        value = _array(doc, budget)
        if doc["array"] == "mx" and arrays == "native":
            from mxnet import np as mxnp
            array = mxnp.array(value, dtype=value.dtype)
            if "grad" in doc:
                grad = _array(doc["grad"], budget)
                _check(grad.shape == value.shape, "a gradient of another "
                       "shape than its array")
                array.attach_grad()
                array.grad[:] = mxnp.array(grad, dtype=array.dtype)
            value = array
        if "ref" in doc:
            _check(type(doc["ref"]) is int, "an array with a bad number")
            budget.shared.setdefault(doc["ref"], value)
        return value
    if set(doc) == {"same"}:
        _check(type(doc["same"]) is int and doc["same"] in budget.shared,
               "a reference to an array not sent before")
        return budget.shared[doc["same"]]
    if set(doc) == {"scalar", "data"}:
        value = _array({"array": "np", "dtype": doc["scalar"], "shape": [],
                        "data": doc["data"]}, budget)
        return value[()]
    if set(doc) == {"float"}:
        _check(doc["float"] in ("nan", "inf", "-inf"), "a bad float")
        return float(doc["float"])
    if set(doc) == {"tuple"} and type(doc["tuple"]) is list:
        return tuple(decode(d, make_handle, budget, depth + 1, arrays)
                     for d in doc["tuple"])
    if set(doc) == {"generator"} and type(doc["generator"]) is list:
        return iter([decode(d, make_handle, budget, depth + 1, arrays)
                     for d in doc["generator"]])
    if set(doc) == {"dict"} and type(doc["dict"]) is list:
        out = {}
        for pair in doc["dict"]:
            _check(type(pair) is list and len(pair) == 2 and type(
                pair[0]) is str, "a malformed dict")
            out[pair[0]] = decode(pair[1], make_handle, budget, depth + 1,
                                  arrays)
        return out
    if set(doc) in ({"handle", "type", "callable"}, {"callback"},
                    {"name"}, {"device"}):
        _check(make_handle is not None, "an object, not data")
        return make_handle(doc)
    raise WireError(f"an unknown document with fields {sorted(doc)[:5]}")


# ------------------------------------------------------------ the agent

def leaves(value, found=None):
    """The MXNet arrays in ``value`` (nested tuples, lists, dict values),
    in a fixed order."""
    found = [] if found is None else found
    if _is_mx(value):
        found.append(value)
    elif isinstance(value, (tuple, list)):
        for item in value:
            leaves(item, found)
    elif isinstance(value, dict):
        for item in value.values():
            leaves(item, found)
    return found


def replace_floats(value, new):
    """``value`` with its float MXNet arrays replaced, in order, by the
    items of the iterator ``new``."""
    if _is_mx(value):
        return next(new) if value.dtype.kind == "f" else value
    if isinstance(value, tuple):
        return tuple(replace_floats(v, new) for v in value)
    if isinstance(value, list):
        return [replace_floats(v, new) for v in value]
    if isinstance(value, dict):
        return {k: replace_floats(v, new) for k, v in value.items()}
    return value


def flat(array):
    """An MXNet array as a legacy NDArray of at least one dimension, the
    form autograd.Function takes and gives."""
    from mxnet import nd
    data = _mx_to_numpy(array)
    return nd.array(data.reshape(-1) if data.ndim == 0 else data,
                    dtype=data.dtype)


def through_function(value, inputs, backward):
    """``value`` with its float arrays made outputs of an
    ``autograd.Function`` of ``inputs`` (recorded arrays) whose backward
    pass is ``backward(heads) -> gradients of inputs`` (MXNet arrays)."""
    from mxnet import autograd, nd
    outs = [o for o in leaves(value) if o.dtype.kind == "f"]
    if not outs or not inputs:
        return value

    class Remote(autograd.Function):
        def forward(self, *xs):
            return tuple(flat(o) for o in outs)

        def backward(self, *heads):
            heads = [h.as_np_ndarray().reshape(o.shape)
                     for h, o in zip(heads, outs)]
            try:
                grads = backward(heads)
            except BaseException as error:
                # MXNet reports only that the backward pass failed.
                print(f"the backward pass of a call failed: {error!r}",
                      file=sys.__stderr__)
                raise
            if not isinstance(grads, list) or len(grads) != len(
                    inputs) or any(tuple(g.shape) != tuple(x.shape)
                                   for g, x in zip(grads, inputs)):
                raise WireError("gradients of another number or shape "
                                "than the arguments")
            return tuple(nd.array(_mx_to_numpy(g), dtype=x.dtype)
                         for g, x in zip(grads, inputs))

    # MXNet's autograd.Function passes no gradient at all when one of its
    # inputs is outside the recorded graph (an array with no gradient
    # attached that was not computed from one): every input is tied to
    # a zero that has a gradient attached, which changes no value.
    from mxnet import np as mxnp
    anchor = mxnp.zeros(())
    anchor.attach_grad()
    new = Remote()(*[(x + 0 * anchor.astype(x.dtype)).as_nd_ndarray()
                     for x in inputs])
    new = new if isinstance(new, (tuple, list)) else [new]
    return replace_floats(value, iter(
        n.as_np_ndarray().reshape(o.shape) for n, o in zip(new, outs)))


def vjp(inputs, outs, heads):
    """Gradients of ``inputs`` (arrays with gradients attached) for the
    head gradients ``heads`` of the recorded outputs ``outs``. An array
    that is returned twice (``H, (H, C)``) gets the sum of its heads."""
    from mxnet import autograd
    from mxnet import np as mxnp
    merged = {}
    for out, head in zip(outs, heads):
        if out.dtype.kind != "f":
            continue
        head = mxnp.array(head, dtype=out.dtype)
        if id(out) in merged:
            merged[id(out)][1] = merged[id(out)][1] + head
        else:
            merged[id(out)] = [out, head]
    for x in inputs:
        x.grad[:] = 0
    if merged:
        autograd.backward([o for o, _ in merged.values()],
                          [h for _, h in merged.values()])
    return [x.grad for x in inputs]


class GraderObject:
    """The student's view of a function or object of the grader's: every
    use is a request to the grader, answered with data."""

    def __init__(self, agent, number):
        object.__setattr__(self, "_seq", (agent, number))

    def __call__(self, *args, **kwargs):
        agent, number = self._seq
        return agent.call_grader(number, args, kwargs)

    def _method(self, method, *args):
        agent, number = self._seq
        return agent.call_grader(number, args, {}, method)

    def __getitem__(self, key):
        return self._method("__getitem__", key)

    def __len__(self):
        return self._method("__len__")

    def __iter__(self):
        return iter(self._method("__iter__"))

    def __contains__(self, item):
        return self._method("__contains__", item)

    def __getattr__(self, attr):
        if attr.startswith("__"):
            raise AttributeError(attr)
        return self._method("__getattr__", attr)


class Agent:
    """Serves the grader's requests in the student's kernel. One request
    is one execution of ``__seqmodels_agent__.serve(text)``; the reply is
    published as display data of :data:`REPLY_MIME`."""

    def __init__(self, namespace):
        self.namespace = namespace
        self.handles = {}
        self.tapes = {}

    def _make(self, doc):
        if "callback" in doc:
            return GraderObject(self, doc["callback"])
        if "name" in doc:
            return self.namespace[doc["name"]]
        if "device" in doc:
            import mxnet
            kind, number = doc["device"].rstrip(")").split("(")
            return mxnet.Context(kind, int(number))
        return self.handles[doc["handle"]]

    def _ask(self, request):
        """Send ``request`` to the grader on the input channel; return its
        reply (a wire document)."""
        text = input(json.dumps(request))  # the kernel's raw_input
        reply = json.loads(text)
        if "error" in reply:
            raise RuntimeError(f"the grader's function failed: "
                               f"{reply['error']}")
        return reply["ok"]

    def call_grader(self, number, args, kwargs, method=None):
        from mxnet import autograd
        request = {"op": "callback", "id": number, "args": encode(args),
                   "kwargs": encode(kwargs)}
        if method:
            request["method"] = method
        found = leaves((args, kwargs))
        positions = [i for i, a in enumerate(found) if a.dtype.kind == "f"]
        if method or not autograd.is_recording() or not positions:
            return decode(self._ask(request), self._make)
        request["grad"] = positions
        reply = self._ask(request)
        value = decode(reply["value"], self._make)
        tape = reply["tape"]

        def backward(heads):
            return decode(self._ask({"op": "callback_vjp", "tape": tape,
                                     "heads": encode(heads)}))
        return through_function(value, [found[i] for i in positions],
                                backward)

    def _target(self, request):
        if "handle" in request:
            target = self.handles[request["handle"]]
        else:
            target = self.namespace[request["name"]]
        for attr in request.get("attrs", []):
            target = getattr(target, attr)
        return target

    def op_names(self, request):
        """What each of ``names`` is in the student's namespace."""
        out = {}
        for name in request["names"]:
            if name not in self.namespace:
                continue
            value = self.namespace[name]
            try:
                out[name] = {"kind": "data", "value": encode(value)}
            except WireError:
                out[name] = {"kind": "object", "value": encode(
                    value, self.handles)}
        return out

    def op_getattr(self, request):
        return encode(self._target(request), self.handles)

    def op_call(self, request):
        from mxnet import autograd
        function = self._target(request)
        args = decode(request["args"], self._make)
        kwargs = decode(request["kwargs"], self._make)
        found = leaves((args, kwargs))
        grad = request.get("grad") or []
        for i in grad:
            found[i].attach_grad()
        number = None
        if grad:
            with autograd.record():
                value = function(*args, **kwargs)
            number = len(self.tapes) + 1
            self.tapes[number] = ([found[i] for i in grad], leaves(value))
        else:
            value = function(*args, **kwargs)
        return {"value": encode(value, self.handles), "tape": number,
                "after": encode(found)}

    def op_vjp(self, request):
        inputs, outs = self.tapes.pop(request["tape"])
        return encode(vjp(inputs, outs, decode(request["heads"])))

    def serve(self, text):
        from IPython.display import publish_display_data
        try:
            request = json.loads(text)
            method = getattr(self, "op_" + request["op"])
            reply = {"ok": method(request)}
        except BaseException as error:  # every failure is the reply
            reply = {"error": type(error).__name__[:80],
                     "message": str(error)[:2000]}
        publish_display_data({REPLY_MIME: reply})
