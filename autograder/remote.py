"""The grader's side of a student's kernel: calls as data.

Test cells run in the grader's process (:mod:`autograder.split_execute`);
a name that a test reads and that the student's notebook defines is bound
to a :class:`Remote`, a stand-in whose calls travel to the agent in the
student's kernel (:mod:`autograder.agent`) and whose results come back as
data, checked by :func:`autograder.agent.decode`.

What the grader passes to a student's function travels the same way:
arrays (with their gradients), numbers, strings, tuples, lists, dicts.
Anything else of the grader's (a step function, a vocabulary, a library
block) stays here: the student's kernel gets a stand-in whose calls come
back to the grader on the kernel's input channel, so the student's code
can call it but never holds it.

Gradients: under ``autograd.record()``, a call of a student's function is
an MXNet ``autograd.Function`` whose backward pass sends the head
gradients to the student's kernel and receives the gradients of the
arguments (the vector-Jacobian product, computed there by MXNet's
autograd); a grader's function called by the student's code under
recording works the same way in the other direction. So the tests'
autograd and numeric checks are unchanged.

Arrays the student's function changes in place (gradient clipping) are
copied back into the grader's arrays after the call.
"""
import itertools
import json
import re
import threading
import time
import types

from . import agent as wire
from .agent import REPLY_MIME, WireError

# The characters of what a student's code printed during the grader's
# calls that are kept (an excerpt; the rest is dropped).
PRINT_EXCERPT = 1000
# The characters kept of an exception's message raised by the student's
# code (shown in the test's failure line).
ERROR_EXCERPT = 300


# Attributes of the grader's objects that the student's code may not
# read through a callback: private ones, and methods that read or write
# files or change the object (a grader's model or vocabulary must stay as
# the tests made it).
REFUSED_ATTRIBUTE = re.compile(
    r"_|(save|load|export|import|set|register|initiali[sz]e|reset|cast|"
    r"hybridize|apply|share|zero|update|attach|clear|pop|del|add|put|"
    r"write|open|exec|eval|compile|system|spawn|fork|kill|remove|rename)",
    re.IGNORECASE)


def offered(attr):
    """``attr`` if the student's code may read it on a grader's object."""
    if type(attr) is not str or not attr.isidentifier() or \
            REFUSED_ATTRIBUTE.match(attr):
        raise AttributeError(f"the grader's object does not offer {attr!r}")
    return attr


class StudentError(Exception):
    """The student's code raised ``kind`` during a call."""

    def __init__(self, kind, message):
        super().__init__(f"{kind}: {message}")
        self.kind, self.message = kind, message


class StudentNotImplemented(StudentError, NotImplementedError):
    """The student's function still raises NotImplementedError (the
    tests' ``expect_implemented`` turns it into "not done yet")."""


class KernelGone(RuntimeError):
    """The student's kernel died or stopped answering during a call."""


class Remote:
    """A function, class or object that lives in the student's kernel."""

    def __init__(self, kernel, type_name, is_callable, name=None,
                 handle=None):
        object.__setattr__(self, "_seq", (kernel, type_name, is_callable,
                                          name, handle))

    def _target(self):
        kernel, _, _, name, handle = self._seq
        return {"handle": handle} if handle is not None else {"name": name}

    @property
    def __name__(self):
        _, type_name, _, name, _ = self._seq
        return name or type_name

    def __call__(self, *args, **kwargs):
        kernel, type_name, is_callable, name, _ = self._seq
        if not is_callable:
            raise TypeError(f"'{type_name}' object (the student's) is not "
                            "callable")
        return kernel.call(self._target(), args, kwargs,
                           label=name or type_name)

    def __getattr__(self, attr):
        if attr.startswith("__") and attr.endswith("__"):
            raise AttributeError(attr)
        kernel = self._seq[0]
        return kernel.getattr(self._target(), attr)

    def __setattr__(self, attr, value):
        raise AttributeError("the student's objects cannot be changed by "
                             "the tests")

    def __repr__(self):
        _, type_name, _, name, handle = self._seq
        return f"<student's {type_name} {name or handle}>"


def _device_doc(value):
    return {"device": f"{value.device_type}({value.device_id})"}


def _apart(value):
    """``value`` with an array that occurs more than once (the wire keeps
    sharing, :mod:`autograder.agent`) copied at its later places. Under
    recording each place is an input or output of its own, whose
    gradient the other side computes and sums by place."""
    seen = set()

    def one(x):
        if id(x) in seen:
            return x.copy()
        seen.add(id(x))
        return x
    floats = [one(x) for x in wire.leaves(value) if x.dtype.kind == "f"]
    return wire.replace_floats(value, iter(floats))


class StudentKernel:
    """A client of the student's kernel that makes calls through its
    agent. ``connection_info`` is the kernel's connection information
    (a dict, as ``KernelManager.get_connection_info()`` gives)."""

    def __init__(self, connection_info, timeout=300, interrupt=None,
                 alive=None):
        import zmq
        from jupyter_client import BlockingKernelClient
        # A context of its own: the process may be a fork of one that
        # made the shared context already.
        self.context = zmq.Context()
        self.client = BlockingKernelClient(context=self.context)
        self.client.load_connection_info(connection_info)
        self.client.start_channels(hb=False)
        # Until the kernel has answered once on the output channel, what
        # it publishes may not reach this client (ZeroMQ's subscriptions
        # take effect late).
        self.client.wait_for_ready(timeout=60)
        self.timeout = timeout
        self.interrupt = interrupt
        self.alive = alive or (lambda: True)
        self.callbacks = {}
        self.tapes = {}
        self.printed = []
        self.calls = 0
        self.dead = None
        self.lock = threading.RLock()

    def close(self):
        self.client.stop_channels()
        self.context.destroy(linger=0)

    # ------------------------------------------------------------ set-up
    def install_agent(self, namespace_name="__seqmodels_agent__"):
        """Define the agent in the student's kernel (its source, sent as
        an execution: no grader file is visible in the sandbox)."""
        from pathlib import Path
        source = Path(wire.__file__).read_text()
        code = ("import types as _seq_types\n"
                "_seq_agent = _seq_types.ModuleType('grading_agent')\n"
                f"exec(compile({source!r}, '<grading agent>', 'exec'), "
                "_seq_agent.__dict__)\n"
                f"{namespace_name} = _seq_agent.Agent(globals())\n"
                "del _seq_types, _seq_agent\n")
        self._execute(code, expect_reply=False)

    # -------------------------------------------------------- requests
    def _execute(self, code, expect_reply=True):
        """Execute ``code`` in the student's kernel, answering its input
        requests (callbacks); return the reply it published."""
        if self.dead:
            raise KernelGone(self.dead)
        import zmq
        client = self.client
        # silent: no execution count, history or display hook (the reply
        # is display data, published all the same)
        msg_id = client.execute(code, silent=True, store_history=False,
                                allow_stdin=True, stop_on_error=False)
        poller = zmq.Poller()
        channels = {client.iopub_channel.socket: client.iopub_channel,
                    client.shell_channel.socket: client.shell_channel,
                    client.stdin_channel.socket: client.stdin_channel}
        for socket in channels:
            poller.register(socket, zmq.POLLIN)
        deadline = time.monotonic() + self.timeout
        reply, idle, done = None, False, False
        last_beat = time.monotonic()
        while not (idle and done):
            now = time.monotonic()
            if now > deadline:
                if self.interrupt:
                    self.interrupt()
                raise KernelGone(f"no answer within {self.timeout} s")
            if now - last_beat > 2:
                last_beat = now
                if not self.alive():
                    self.dead = "the student's kernel died"
                    raise KernelGone(self.dead)
            # wake on the first message of any channel (at most every
            # half second, to look at the clock and the kernel)
            ready = dict(poller.poll(500))
            if client.stdin_channel.socket in ready:
                while client.stdin_channel.msg_ready():
                    self._answer_input(client.get_stdin_msg(timeout=1))
            while client.iopub_channel.msg_ready():
                msg = client.get_iopub_msg(timeout=1)
                if msg.get("parent_header", {}).get("msg_id") != msg_id:
                    continue
                kind, content = msg["msg_type"], msg["content"]
                if kind == "status" and content.get(
                        "execution_state") == "idle":
                    idle = True
                elif kind == "display_data" and REPLY_MIME in content.get(
                        "data", {}):
                    reply = content["data"][REPLY_MIME]
                elif kind == "stream":
                    self._keep_printed(content.get("text", ""))
                elif kind == "error":
                    self._keep_printed(f"{content.get('ename')}: "
                                       f"{content.get('evalue')}\n")
            while not done and client.shell_channel.msg_ready():
                shell = client.get_shell_msg(timeout=1)
                if shell.get("parent_header", {}).get("msg_id") == msg_id:
                    done = True
        if expect_reply and reply is None:
            raise KernelGone("the student's kernel sent no reply")
        return reply

    def _keep_printed(self, text):
        kept = sum(len(t) for t in self.printed)
        if kept < PRINT_EXCERPT:
            self.printed.append(text[:PRINT_EXCERPT - kept])

    def request(self, op, **fields):
        """One request to the agent; its decoded ``ok`` document (still
        in wire form), or :class:`StudentError`."""
        self.calls += 1
        text = json.dumps({"op": op, **fields})
        with self.lock:
            reply = self._execute(f"__seqmodels_agent__.serve({text!r})")
        if not isinstance(reply, dict):
            raise WireError("a reply that is not a JSON object")
        if "error" in reply:
            kind = str(reply.get("error"))[:80]
            error = (StudentNotImplemented if kind == "NotImplementedError"
                     else StudentError)
            message = str(reply.get("message", ""))
            if len(message) > ERROR_EXCERPT:  # the student's own text
                message = message[:ERROR_EXCERPT] + " [... cut]"
            raise error(kind, message)
        if "ok" not in reply:
            raise WireError("a reply without a result")
        return reply["ok"]

    # ------------------------------------------------------- encoding
    def encode(self, value):
        """A grader's value for the student's side: data as data, the
        student's own objects as their handles, anything else of the
        grader's as a callback."""
        from mxnet import context
        # a student's function the grader records (autograder.
        # misconceptions.recording) travels as that function
        if isinstance(value, types.FunctionType):
            value = value.__dict__.get("recorded_function", value)
        if isinstance(value, Remote):
            kernel, type_name, is_callable, name, handle = value._seq
            if handle is None:
                return {"name": name}
            return {"handle": handle, "type": type_name,
                    "callable": is_callable}
        if isinstance(value, context.Context):
            return _device_doc(value)
        if isinstance(value, (tuple, list)):
            items = [self.encode(v) for v in value]
            return {"tuple": items} if isinstance(value, tuple) else items
        if isinstance(value, dict) and all(type(k) is str for k in value):
            return {"dict": [[k, self.encode(v)] for k, v in value.items()]}
        try:
            return wire.encode(value)
        except WireError:
            number = len(self.callbacks) + 1
            self.callbacks[number] = value
            return {"callback": number}

    def decode(self, doc):
        """A document from the student's side: data, or handles of the
        student's objects (nothing else)."""
        def make(doc):
            if set(doc) != {"handle", "type", "callable"} or type(
                    doc["handle"]) is not int or type(doc["type"]) is not str:
                raise WireError("an object that is not data")
            return Remote(self, doc["type"][:80], doc["callable"] is True,
                          handle=doc["handle"])
        return wire.decode(doc, make)

    # ---------------------------------------------------------- calls
    def getattr(self, target, attr):
        try:
            doc = self.request("getattr", **target, attrs=[attr])
        except StudentError as error:
            if error.kind == "AttributeError":
                raise AttributeError(error.message) from None
            raise
        return self.decode(doc)

    def names(self, names):
        """What each of ``names`` is in the student's namespace: a value
        (data), a :class:`Remote`, or missing (left out)."""
        out = {}
        for name, info in self.request("names", names=list(names)).items():
            if not isinstance(info, dict) or name not in names:
                raise WireError("a malformed answer about names")
            if info.get("kind") == "data":
                out[name] = self.decode(info["value"])
            elif info.get("kind") == "object":
                doc = info["value"]
                if not (isinstance(doc, dict) and "handle" in doc):
                    raise WireError("a malformed handle")
                out[name] = Remote(self, str(doc.get("type"))[:80],
                                   bool(doc.get("callable")), name=name)
        return out

    def call(self, target, args, kwargs, label="the function"):
        from mxnet import autograd
        found = wire.leaves((args, kwargs))
        floats = [i for i, a in enumerate(found) if a.dtype.kind == "f"]
        grad = floats if autograd.is_recording() else []
        reply = self.request("call", **target, args=self.encode(args),
                             kwargs=self.encode(kwargs), grad=grad)
        if not isinstance(reply, dict) or not {"value", "tape", "after"} <= \
                set(reply):
            raise WireError("a malformed answer to a call")
        value = self.decode(reply["value"])
        self._copy_back(found, reply["after"])
        if not grad:
            return value
        return self._differentiable(_apart(value), [found[i] for i in grad],
                                    reply["tape"])

    def _copy_back(self, found, after):
        """Write arrays the student's code changed in place (values or
        gradients) into the grader's arrays."""
        import numpy as onp
        from mxnet import autograd
        new = wire.decode(after)
        if not isinstance(new, list) or len(new) != len(found):
            raise WireError("the arguments came back changed in number")
        with autograd.pause():
            for mine, theirs in zip(found, new):
                if tuple(theirs.shape) != tuple(mine.shape):
                    raise WireError("an argument came back with another "
                                    "shape")
                if not onp.array_equal(theirs.asnumpy(), mine.asnumpy(),
                                       equal_nan=mine.dtype.kind == "f"):
                    mine[:] = theirs.astype(mine.dtype)
                if theirs.grad is not None and mine.grad is not None:
                    if not onp.array_equal(theirs.grad.asnumpy(),
                                           mine.grad.asnumpy()):
                        mine.grad[:] = theirs.grad.astype(mine.dtype)

    def _differentiable(self, value, inputs, tape):
        """``value`` with its float arrays made outputs of an autograd
        Function of ``inputs`` whose backward asks the student's kernel
        for the vector-Jacobian product."""
        def backward(heads):
            return wire.decode(self.request("vjp", tape=tape,
                                            heads=wire.encode(heads)))
        return wire.through_function(value, inputs, backward)

    # ------------------------------------------------------ callbacks
    def _answer_input(self, msg):
        """The student's code called a function of the grader's (or its
        own code asked for input): answer on the input channel."""
        prompt = msg.get("content", {}).get("prompt", "")
        try:
            request = json.loads(prompt)
            if not isinstance(request, dict):
                raise ValueError
        except ValueError:
            self.client.input(json.dumps({"error": "no input is given "
                                          "during grading"}))
            return
        try:
            answer = {"ok": self._callback(request)}
        except Exception as error:  # the grader's function failed
            answer = {"error": f"{type(error).__name__}: {error}"[:2000]}
        self.client.input(json.dumps(answer))

    def _callback(self, request):
        from mxnet import autograd
        op = request.get("op")
        if op == "callback_vjp":
            inputs, outs = self.tapes.pop(request["tape"])
            return wire.encode(wire.vjp(inputs, outs,
                                        wire.decode(request["heads"])))
        if op != "callback":
            raise ValueError(f"unknown request {op!r}")
        function = self.callbacks[request["id"]]
        args = self.decode(request["args"])
        kwargs = self.decode(request["kwargs"])
        method = request.get("method")
        if method:
            if method not in ("__getitem__", "__len__", "__iter__",
                              "__contains__", "__getattr__"):
                raise ValueError(f"method {method!r} is not offered")
            if method == "__getattr__":
                return self.encode(getattr(function, offered(*args)))
            if method == "__iter__":
                items = list(itertools.islice(iter(function),
                                              wire.MAX_ITEMS + 1))
                if len(items) > wire.MAX_ITEMS:
                    raise ValueError("more items than a grader's object "
                                     "gives")
                return self.encode(items)
            function = getattr(function, method)
        grad = request.get("grad")
        if not grad:
            return self.encode(function(*args, **kwargs))
        args, kwargs = _apart((args, kwargs))
        found = wire.leaves((args, kwargs))
        inputs = [found[i] for i in grad]
        for x in inputs:
            x.attach_grad()
        with autograd.record():
            value = function(*args, **kwargs)
        number = len(self.tapes) + 1
        self.tapes[number] = (inputs, wire.leaves(value))
        return {"value": self.encode(value), "tape": number}
