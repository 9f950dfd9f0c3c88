"""Does an answer write its part, or hand it to a ready implementation?

A graded part asks for a function written with MXNet's array operations.
The course library, d2l, Gluon and MXNet's fused operators already hold
most of these functions; an answer that calls one of them has not done
the part. This module finds such calls by reading the answer's source
(``ast`` only: it imports nothing of MXNet, so it also runs in a
student's kernel).

How a use is found: every name that the answer reads is resolved through
the imports in force, the notebook's set-up imports (``from mxnet import
npx``) and the answer's own (``import seqmodels.attention as A``, also
inside a function), to a dotted name (``mxnet.npx.masked_softmax``,
``seqmodels.attention.masked_softmax``); ``A.b.c`` resolves its whole
chain of attributes, and ``getattr(A, "b")`` with a literal string too.
A dotted name breaks a rule when the longest prefix of it that a rule set
names is forbidden (:data:`DEFAULT_FORBIDDEN`, plus the part's
:data:`PART_RULES`). Two more rules: ``softmax``/``log_softmax`` called
with ``use_length=True`` (MXNet's fused masking), and any private name of
the course library (``seqmodels.x._y``, where the student view of
:mod:`autograder.library_view` keeps the code its own models need).

What it cannot see: a name computed at run time (``getattr`` of a
variable, ``eval``), and what an object returned by an allowed call holds.
It is one check among others (hidden tests compare against references;
the grading kernel's library holds stubs, :mod:`autograder.library_view`).

The grader calls :func:`breaks`; the visible tests call it through
:func:`seqmodels.checks.expect_implemented`.
"""
import ast

#: Top-level functions and classes of the course library that do the job
#: of a graded part (under the part's name or another), by part. The
#: student view of the library replaces each with a stub that raises
#: NotImplementedError (:mod:`autograder.library_view`).
IMPLEMENTATIONS_BY_PART = {
    # rnn
    "one_hot": ["seqmodels.rnn.one_hot"],
    "rnn_step": ["seqmodels.rnn.rnn_step", "seqmodels.gated.rnn_cell"],
    "rnn_forward": ["seqmodels.rnn.RNNScratch",
                    "seqmodels.gated.ScratchRecurrent",
                    "seqmodels.gated.RNNCellScratch"],
    "perplexity": ["seqmodels.train.perplexity",
                   "seqmodels.train.cross_entropy_sum"],
    "grad_clipping": ["seqmodels.train.grad_clipping",
                      "seqmodels.train.grad_norm"],
    "predict": ["seqmodels.train.generate"],
    "sequential_partition": ["seqmodels.data.seq_data_iter_sequential"],
    # bptt
    "gradient_norms": ["seqmodels.bptt.state_gradient_norms"],
    # lstm
    "lstm_gates": ["seqmodels.gated.lstm_gates"],
    "lstm_cell": ["seqmodels.gated.lstm_step"],
    "lstm_forward": ["seqmodels.gated.LSTMScratch"],
    "init_lstm_params": ["seqmodels.gated.LSTMScratch"],
    # gru
    "gru_gates": ["seqmodels.gated.gru_gates"],
    "gru_cell": ["seqmodels.gated.gru_step"],
    "gru_cell_textbook": ["seqmodels.gated.gru_step_textbook"],
    "gru_forward": ["seqmodels.gated.GRUScratch"],
    "count_params": ["seqmodels.compare.count_params"],
    # deep_rnn
    "init_stack_state": ["seqmodels.deep.StackedScratch"],
    "stacked_step": ["seqmodels.deep.StackedScratch"],
    "stacked_forward": ["seqmodels.deep.StackedScratch",
                        "seqmodels.deep.stacked_scratch"],
    "gluon_weights_for_layer": ["seqmodels.rnn.gluon_layer_params",
                                "seqmodels.rnn.from_gluon_layout",
                                "seqmodels.rnn.copy_from_gluon"],
    # birnn
    "reverse_time": ["seqmodels.birnn.reverse_time"],
    "birnn_forward": ["seqmodels.birnn.BiRecurrent"],
    "gluon_bidirectional_weights": [
        "seqmodels.birnn.copy_from_gluon_bidirectional",
        "seqmodels.birnn.copy_to_gluon_bidirectional",
        "seqmodels.rnn.gluon_layer_params"],
    "forward_backward": ["seqmodels.birnn.hmm_forward_backward",
                         "seqmodels.birnn.hmm_brute_force_marginals"],
    # attention
    "masked_softmax": ["seqmodels.attention.masked_softmax",
                       "seqmodels.attention.key_mask"],
    "additive_attention": ["seqmodels.attention.AdditiveAttention"],
    "scaled_dot_product_attention": [
        "seqmodels.attention.DotProductAttention"],
    "multi_head_attention": ["seqmodels.attention.split_heads",
                             "seqmodels.attention.merge_heads",
                             "seqmodels.attention.MultiHeadAttention"],
    "bahdanau_decoder_step": ["seqmodels.seq2seq.BahdanauDecoder"],
    # transformer
    "positional_encoding": ["seqmodels.attention.positional_encoding",
                            "seqmodels.attention.PositionalEncoding"],
    "causal_valid_lens": ["seqmodels.transformer.causal_valid_lens",
                          "seqmodels.transformer.causal_mask"],
    "add_norm": ["seqmodels.transformer.add_norm",
                 "seqmodels.transformer.layer_norm",
                 "seqmodels.transformer.ffn",
                 "seqmodels.transformer.AddNorm",
                 "seqmodels.transformer.PositionWiseFFN"],
    "decoder_block": ["seqmodels.transformer.DecoderBlock"],
}

#: Every library name that implements a graded part (sorted, unique).
GRADED_IMPLEMENTATIONS = tuple(sorted(
    {name for names in IMPLEMENTATIONS_BY_PART.values() for name in names}))

#: Library implementations that a notebook itself needs in the student's
#: kernel: its set-up, locked or given code calls them (``gru_step`` in
#: the attention decoder), or a training part may choose them as its
#: model (``LSTMScratch`` for ``train_lstm``). The grading view of that
#: notebook keeps them working (:func:`autograder.library_view.build`).
KERNEL_NEEDS = {
    "rnn": set(),
    "bptt": {"seqmodels.rnn.rnn_step"},
    "lstm": {"seqmodels.train.generate", "seqmodels.gated.LSTMScratch",
             "seqmodels.gated.ScratchRecurrent"},
    "gru": set(),
    "deep_rnn": set(),
    "birnn": set(),
    "attention": {"seqmodels.gated.gru_step"},
    "transformer": {"seqmodels.attention.masked_softmax",
                    "seqmodels.train.generate"},
}

#: What the visible tests call when a student runs them at home (in the
#: student's kernel, with the released library; the grader runs every
#: test in its own process with the whole library).
VISIBLE_TESTS_CALL = {
    "attention": {"seqmodels.attention.masked_softmax",
                  "seqmodels.attention.DotProductAttention"},
    "deep_rnn": {"seqmodels.gated.GRUScratch", "seqmodels.gated.gru_step"},
    "transformer": {"seqmodels.transformer.causal_valid_lens",
                    "seqmodels.transformer.ffn",
                    "seqmodels.transformer.add_norm"},
}

#: Parts that choose a library model on purpose: no rule applies.
EXEMPT_PARTS = frozenset({"train_lm", "train_lstm", "train_transformer"})

_ENGINE = "MXNet's fused {what}: write it with array operations"

#: Dotted prefix -> why an answer of a from-scratch part must not use it.
DEFAULT_FORBIDDEN = {
    "d2l": "d2l already implements the book's models and their pieces",
    "mxnet.gluon.rnn": "Gluon's recurrent layers and cells compute the "
                       "recurrence for you",
    "mxnet.gluon.contrib.rnn": "Gluon's recurrent cells compute the "
                               "recurrence for you",
    "mxnet.gluon.nn.LayerNorm": "Gluon's layer normalization block",
    "mxnet.npx.rnn": _ENGINE.format(what="recurrent layer"),
    "mxnet.npx.masked_softmax": _ENGINE.format(what="masked softmax"),
    "mxnet.npx.masked_log_softmax": _ENGINE.format(
        what="masked log-softmax"),
    "mxnet.npx.layer_norm": _ENGINE.format(what="layer normalization"),
    "mxnet.ndarray.RNN": _ENGINE.format(what="recurrent layer"),
    "mxnet.ndarray.LayerNorm": _ENGINE.format(what="layer normalization"),
    "mxnet.ndarray.masked_softmax": _ENGINE.format(what="masked softmax"),
    "mxnet.ndarray.masked_log_softmax": _ENGINE.format(
        what="masked log-softmax"),
    "mxnet.symbol.RNN": _ENGINE.format(what="recurrent layer"),
    "mxnet.symbol.LayerNorm": _ENGINE.format(what="layer normalization"),
    "mxnet.rnn": "MXNet's legacy recurrent cells compute the recurrence "
                 "for you",
    **{name: "the course library's own implementation of a graded part "
             "(a stub when graded): write yours" for name in
       GRADED_IMPLEMENTATIONS},
}

#: Per-part additions: ``{part: {prefix: why}}``; ``why = None`` allows
#: the prefix (the notebook gives that function to the part).
PART_RULES = {
    "perplexity": {"mxnet.gluon.loss": "Gluon's losses compute the "
                                       "cross-entropy for you"},
    "grad_clipping": {"mxnet.gluon.utils.clip_global_norm":
                      "Gluon's clipping by the global norm"},
    "masked_softmax": {
        "mxnet.npx.sequence_mask": _ENGINE.format(what="sequence mask"),
        "mxnet.ndarray.SequenceMask": _ENGINE.format(what="sequence mask")},
    "rnn_forward_cache": {"seqmodels.rnn.rnn_step": None},
    "bahdanau_decoder_step": {"seqmodels.gated.gru_step": None},
    "decoder_block": {"seqmodels.attention.masked_softmax": None},
}

# Modules that MXNet and d2l expose under two names: the first is
# rewritten to the second before rules are matched.
_CANONICAL = (("mxnet.numpy_extension", "mxnet.npx"),
              ("mxnet.numpy", "mxnet.np"),
              ("mxnet.nd", "mxnet.ndarray"),
              ("mxnet.sym", "mxnet.symbol"),
              ("mxnet.gluon.rnn.rnn_layer", "mxnet.gluon.rnn"),
              ("mxnet.gluon.rnn.rnn_cell", "mxnet.gluon.rnn"),
              ("mxnet.gluon.nn.basic_layers", "mxnet.gluon.nn"),
              ("mxnet.ndarray.numpy_extension", "mxnet.npx"),
              ("mxnet.ndarray.numpy", "mxnet.np"),
              ("mxnet.ndarray.op", "mxnet.ndarray"),
              ("mxnet.symbol.op", "mxnet.symbol"))

# Graded implementations that another module of the library imports, so
# that they have a second dotted name: matched as the first.
LIBRARY_ALIASES = {
    "seqmodels.gated.rnn_step": "seqmodels.rnn.rnn_step",
    "seqmodels.gated.gluon_layer_params": "seqmodels.rnn.gluon_layer_params",
    "seqmodels.gated.from_gluon_layout": "seqmodels.rnn.from_gluon_layout",
    "seqmodels.gated.copy_from_gluon": "seqmodels.rnn.copy_from_gluon",
    "seqmodels.birnn.copy_from_gluon": "seqmodels.rnn.copy_from_gluon",
    "seqmodels.bptt.ScratchRecurrent": "seqmodels.gated.ScratchRecurrent",
    "seqmodels.seq2seq.AdditiveAttention":
        "seqmodels.attention.AdditiveAttention",
    "seqmodels.transformer.MultiHeadAttention":
        "seqmodels.attention.MultiHeadAttention",
    "seqmodels.transformer.PositionalEncoding":
        "seqmodels.attention.PositionalEncoding",
}

_SOFTMAXES = ("softmax", "log_softmax")


def canonical(dotted):
    """``dotted`` with MXNet's second names replaced by the first ones
    (``mxnet.nd.RNN`` -> ``mxnet.ndarray.RNN``), and the library's
    re-exports by their origin (:data:`LIBRARY_ALIASES`)."""
    for alias, name in LIBRARY_ALIASES.items():
        if dotted == alias or dotted.startswith(alias + "."):
            return name + dotted[len(alias):]
    changed = True
    while changed:
        changed = False
        for alias, name in _CANONICAL:
            if dotted == alias or dotted.startswith(alias + "."):
                dotted = name + dotted[len(alias):]
                changed = True
    return dotted


def _within(dotted, prefix):
    return dotted == prefix or dotted.startswith(prefix + ".")


def rules_for(part):
    """The rule set of ``part``: ``{prefix: why}`` (``why`` None allows);
    empty for a training part."""
    if part in EXEMPT_PARTS:
        return {}
    rules = dict(DEFAULT_FORBIDDEN)
    rules.update(PART_RULES.get(part, {}))
    return rules


def _import_bindings(node):
    """[(local name, dotted name)] that an import statement binds."""
    out = []
    if isinstance(node, ast.Import):
        for alias in node.names:
            if alias.asname:
                out.append((alias.asname, alias.name))
            else:  # ``import a.b`` binds ``a``
                first = alias.name.split(".")[0]
                out.append((first, first))
    elif isinstance(node, ast.ImportFrom) and node.module and \
            not node.level:
        for alias in node.names:
            if alias.name != "*":
                out.append((alias.asname or alias.name,
                            f"{node.module}.{alias.name}"))
                continue
            # ``from M import *`` binds (at least) the names that rules
            # name directly in M
            module = canonical(node.module)
            for prefix in _rule_prefixes():
                rest = prefix[len(module) + 1:]
                if prefix.startswith(module + ".") and "." not in rest:
                    out.append((rest, prefix))
    return out


def _rule_prefixes():
    found = set(DEFAULT_FORBIDDEN) | set(LIBRARY_ALIASES)
    for rules in PART_RULES.values():
        found |= set(rules)
    return sorted(found)


def imports_of(source):
    """``{local name: dotted name}`` bound by the import statements of
    ``source`` (a cell or a set-up cell), at any depth; later imports win.
    A line that does not parse (IPython's ``%magic``) binds nothing."""
    tree = _parse(source)
    if tree is None:
        return {}
    names = {}
    for node in ast.walk(tree):
        names.update(_import_bindings(node))
    return names


def bound_names(body_nodes, args=None, imports=False):
    """Names a scope binds itself: parameters, assignment targets,
    definitions, loop, ``with`` and ``except`` targets, and with
    ``imports`` the names its imports bind (also used by
    :mod:`autograder.library_view` to leave local names alone)."""
    bound = set()
    if args is not None:
        for a in (args.posonlyargs + args.args + args.kwonlyargs
                  + [args.vararg, args.kwarg]):
            if a is not None:
                bound.add(a.arg)
    stack = list(body_nodes)
    while stack:
        node = stack.pop()
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef,
                             ast.ClassDef)):
            bound.add(node.name)
            continue  # its body is a scope of its own
        if isinstance(node, ast.Lambda):
            continue
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            bound.add(node.id)
        if isinstance(node, ast.ExceptHandler) and node.name:
            bound.add(node.name)
        if imports and isinstance(node, (ast.Import, ast.ImportFrom)):
            bound.update((a.asname or a.name).split(".")[0]
                         for a in node.names)
        stack.extend(ast.iter_child_nodes(node))
    return bound


class Use:
    """One use of a forbidden name: ``line`` (1-based, in the source
    given), ``text`` (as written), ``dotted`` (resolved) and ``why``."""

    def __init__(self, line, text, dotted, why):
        self.line, self.text, self.dotted, self.why = line, text, dotted, why

    def message(self):
        shown = (f"`{self.text}`" if self.text == self.dotted
                 else f"`{self.text}` ({self.dotted})")
        return f"line {self.line} uses {shown}: {self.why}"

    def __repr__(self):
        return f"Use({self.line}, {self.dotted!r})"


class _Finder(ast.NodeVisitor):
    """Walks an answer with a stack of scopes ``{name: dotted or None}``
    (None: a local name that hides an import)."""

    def __init__(self, rules, outer):
        self.rules = rules
        self.scopes = [outer]
        self.uses = []

    # ------------------------------------------------------- resolution
    def _lookup(self, name):
        for scope in reversed(self.scopes):
            if name in scope:
                return scope[name]
        return None

    def _chain(self, node):
        """(text, dotted) of a Name or an Attribute chain on a Name, or
        None when the chain does not start at an imported name."""
        attrs = []
        while isinstance(node, ast.Attribute):
            attrs.append(node.attr)
            node = node.value
        if isinstance(node, ast.Call) and _is_getattr(node):
            inner = self._chain(node.args[0])
            if inner is None:
                return None
            attr = node.args[1].value
            text, dotted = inner
            base_text, base = f"{text}.{attr}", f"{dotted}.{attr}"
        elif isinstance(node, ast.Name):
            base = self._lookup(node.id)
            if base is None:
                return None
            base_text = node.id
        else:
            return None
        attrs.reverse()
        return (".".join([base_text] + attrs),
                canonical(".".join([base] + attrs)))

    def _judge(self, node, text, dotted):
        best = None
        for prefix, why in self.rules.items():
            if _within(dotted, prefix) and (
                    best is None or len(prefix) > len(best[0])):
                best = (prefix, why)
        if best is None and dotted.startswith("seqmodels.") and any(
                part.startswith("_") and not part.startswith("__")
                for part in dotted.split(".")[1:]):
            best = ("", "a private part of the course library")
        if best is not None and best[1] is not None:
            self.uses.append(Use(node.lineno, text, dotted, best[1]))

    # ---------------------------------------------------------- scopes
    def _scope(self, node, body, args=None):
        local = {n: None for n in bound_names(body, args)}
        for inner in body:
            for sub in ast.walk(inner):
                for name, dotted in _import_bindings(sub):
                    local[name] = dotted
        self.scopes.append(local)

    def visit_Module(self, node):
        # imports of the answer itself, and what it defines, hide the
        # set-up's names of the same name
        local = {n: None for n in bound_names(node.body)}
        for sub in ast.walk(node):
            for name, dotted in _import_bindings(sub):
                local[name] = dotted
        self.scopes.append(local)
        self.generic_visit(node)
        self.scopes.pop()

    def _visit_function(self, node):
        for d in node.decorator_list:
            self.visit(d)
        for default in node.args.defaults + [
                d for d in node.args.kw_defaults if d is not None]:
            self.visit(default)
        self._scope(node, node.body, node.args)
        for stmt in node.body:
            self.visit(stmt)
        self.scopes.pop()

    visit_FunctionDef = visit_AsyncFunctionDef = _visit_function

    def visit_Lambda(self, node):
        for default in node.args.defaults:
            self.visit(default)
        self._scope(node, [node.body], node.args)
        self.visit(node.body)
        self.scopes.pop()

    # ------------------------------------------------------------ uses
    def visit_Attribute(self, node):
        found = self._chain(node)
        if found is not None:
            self._judge(node, *found)
            return  # the chain was judged whole
        self.generic_visit(node)

    def visit_Name(self, node):
        if isinstance(node.ctx, ast.Load):
            found = self._chain(node)
            if found is not None:
                self._judge(node, *found)

    def visit_Call(self, node):
        func = node.func
        name = (func.attr if isinstance(func, ast.Attribute)
                else func.id if isinstance(func, ast.Name) else None)
        if name in _SOFTMAXES:
            for kw in node.keywords:
                if kw.arg == "use_length" and not (
                        isinstance(kw.value, ast.Constant)
                        and not kw.value.value):
                    self.uses.append(Use(
                        node.lineno, f"{name}(..., use_length=...)",
                        f"{name}(..., use_length=...)",
                        f"MXNet's fused masking inside {name}: mask the "
                        "scores with array operations"))
        if _is_getattr(node):
            found = self._chain(node)
            if found is not None:
                self._judge(node, *found)
                return
        self.generic_visit(node)

    def visit_ImportFrom(self, node):
        # ``from d2l.mxnet import *``: what it binds cannot be known here
        if node.module and not node.level and any(
                a.name == "*" for a in node.names):
            self._judge(node, f"from {node.module} import *",
                        canonical(node.module))

    def visit_Assign(self, node):
        # ``A = seqmodels.attention`` makes ``A.masked_softmax`` a use
        self.generic_visit(node)
        if len(node.targets) == 1 and isinstance(node.targets[0],
                                                 ast.Name):
            found = (self._chain(node.value) if isinstance(
                node.value, (ast.Name, ast.Attribute, ast.Call)) else None)
            if found is not None:
                self.scopes[-1][node.targets[0].id] = found[1]


def _is_getattr(node):
    return (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
            and node.func.id == "getattr" and len(node.args) >= 2
            and isinstance(node.args[1], ast.Constant)
            and isinstance(node.args[1].value, str))


def _parse(source, tries=50):
    """The syntax tree of ``source``, where each line that does not parse
    (IPython's ``%timeit``, ``!ls``, ``name?``) is read as ``pass`` at its
    indentation, so that one such line cannot hide the rest of a cell;
    None if that does not help."""
    lines = source.splitlines()
    for _ in range(tries):
        try:
            return ast.parse("\n".join(lines))
        except SyntaxError as err:
            n = (err.lineno or 0) - 1
            if not 0 <= n < len(lines) or lines[n].strip() == "pass":
                return None
            text = lines[n]
            lines[n] = text[:len(text) - len(text.lstrip())] + "pass"
    return None


def find_uses(source, setup_source="", rules=None, imports=None):
    """The uses (:class:`Use`) in ``source`` of a prefix that ``rules``
    forbids (``{prefix: why}``, ``why`` None allows; default
    :data:`DEFAULT_FORBIDDEN`). Names resolve through the imports of
    ``setup_source``, then ``imports`` (``{name: dotted}``), then the
    answer's own. A line that does not parse (an IPython magic) is read
    as ``pass``; the tests report a real syntax error."""
    rules = DEFAULT_FORBIDDEN if rules is None else rules
    outer = imports_of(setup_source)
    outer.update(imports or {})
    tree = _parse(source)  # nbgrader's marker lines are comments
    if tree is None:
        return []
    finder = _Finder(rules, outer)
    finder.visit(tree)
    seen, uses = set(), []
    for use in sorted(finder.uses, key=lambda u: (u.line, u.dotted)):
        if (use.line, use.dotted) not in seen:
            seen.add((use.line, use.dotted))
            uses.append(use)
    return uses


def breaks(source, setup_source, part, imports=None):
    """Messages, one per use, of what in ``source`` (an answer cell or a
    function) breaks the rules of ``part``, resolved through the imports
    of ``setup_source`` (the notebook's set-up cell, or any source whose
    imports are in force) and ``imports`` (``{name: dotted}``). Empty
    when the answer writes the part itself, and always for a training
    part. Each message reads ``line N uses `npx.masked_softmax`
    (mxnet.npx.masked_softmax): why``."""
    rules = rules_for(part)
    if not rules:
        return []
    return [u.message() for u in find_uses(source, setup_source, rules,
                                           imports)]
