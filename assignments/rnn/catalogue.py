"""Misconceptions of the rnn assignment: wrong answers as students write
them. Each entry loses its part (``python -m authoring.catalogue rnn``); the
feedback names the one whose results match a failed answer's."""

CATALOGUE = [
    # ----------------------------------------------------- one_hot
    dict(
        part="one_hot",
        name="batch-axis-first",
        explanation="npx.one_hot(X, vocab_size) keeps X's layout, so the "
                    "result is (batch_size, num_steps, vocab_size) and the "
                    "RNN would loop over the batch instead of over time.",
        hint="the time axis must come first: look at the order of the axes "
             "of X before encoding.",
        code='''
def one_hot(X, vocab_size):
    return npx.one_hot(X, vocab_size)
''',
        variant='''
def one_hot(X, vocab_size):
    eye = np.eye(vocab_size)
    return eye[X.astype("int32")]
'''),
    dict(
        part="one_hot",
        name="reshape-instead-of-transpose",
        explanation="X.reshape(num_steps, batch_size) has the right shape but "
                    "not the right order: it cuts the rows of X into new rows "
                    "instead of swapping the axes, so the tokens land at the "
                    "wrong time steps.",
        hint="reshape never moves elements; swapping two axes is a transpose.",
        code='''
def one_hot(X, vocab_size):
    batch_size, num_steps = X.shape
    return npx.one_hot(X.reshape(num_steps, batch_size), vocab_size)
''',
        variant='''
def one_hot(X, vocab_size):
    encoded = npx.one_hot(X, vocab_size)
    return encoded.reshape(X.shape[1], X.shape[0], vocab_size)
'''),
    dict(
        part="one_hot",
        name="transpose-reverses-all-axes",
        explanation="calling .T on the 3-D one-hot array reverses all three "
                    "axes, giving (vocab_size, num_steps, batch_size) instead "
                    "of (num_steps, batch_size, vocab_size).",
        hint="on a 3-D array .T reverses every axis; transpose X (2-D) before "
             "encoding, or name the axes to swap.",
        code='''
def one_hot(X, vocab_size):
    return npx.one_hot(X, vocab_size).T
''',
        variant='''
def one_hot(X, vocab_size):
    encoded = npx.one_hot(X, vocab_size)
    return np.transpose(encoded, (2, 1, 0))
'''),
    dict(
        part="one_hot",
        name="integer-one-hot",
        explanation="the one-hot vectors are int32, but they are multiplied "
                    "by the float32 weights W_xh, so they must be float32.",
        hint="check the dtype of what you return: the task asks for float32.",
        code='''
def one_hot(X, vocab_size):
    return npx.one_hot(X.T, vocab_size, dtype="int32")
''',
        variant='''
def one_hot(X, vocab_size):
    tokens = np.expand_dims(X.T, -1)
    classes = np.arange(vocab_size).astype(X.dtype)
    return (tokens == classes).astype("int32")
'''),
    dict(
        part="one_hot",
        name="float64-one-hot",
        explanation="the one-hot vectors are float64: the model's weights are "
                    "float32, and MXNet does not mix the two in one product.",
        hint="check the dtype of what you return: the task asks for float32.",
        code='''
def one_hot(X, vocab_size):
    return npx.one_hot(X.T, vocab_size, dtype="float64")
''',
        variant='''
def one_hot(X, vocab_size):
    batch_size, num_steps = X.shape
    out = np.zeros((num_steps, batch_size, vocab_size), dtype="float64")
    for b in range(batch_size):
        for t in range(num_steps):
            out[t, b, int(X[b, t])] = 1
    return out
'''),
    dict(
        part="one_hot",
        name="numpy-not-mxnet",
        explanation="the result is a plain NumPy array, not an MXNet one: it "
                    "cannot go into the MXNet RNN, its device or autograd.",
        hint="build the result with the notebook's np (MXNet) or npx, without "
             "asnumpy().",
        code='''
import numpy as onp


def one_hot(X, vocab_size):
    indices = X.T.asnumpy().astype(int)
    return onp.eye(vocab_size, dtype=onp.float32)[indices]
''',
        variant='''
import numpy as onp


def one_hot(X, vocab_size):
    tokens = X.asnumpy()
    out = onp.zeros((tokens.shape[1], tokens.shape[0], vocab_size),
                    dtype="float32")
    for b, row in enumerate(tokens):
        for t, token in enumerate(row):
            out[t, b, int(token)] = 1.0
    return out
'''),
    dict(
        part="one_hot",
        name="global-vocab-size",
        explanation="the depth comes from the notebook's vocab (28 tokens) "
                    "instead of the vocab_size argument, so any other "
                    "vocabulary gets vectors of the wrong length.",
        hint="use the function's own arguments, not the notebook's globals.",
        code='''
def one_hot(X, vocab_size):
    return npx.one_hot(X.T, len(vocab))
''',
        variant='''
def one_hot(X, vocab_size):
    depth = len(vocab.idx_to_token)
    return npx.one_hot(X, depth).transpose(1, 0, 2)
'''),
    dict(
        part="one_hot",
        name="hard-coded-vocab-size",
        explanation="the depth 4 is copied from the visible test, so the "
                    "vectors are 4 long whatever vocab_size is.",
        hint="nothing in the function should depend on the test's sizes: use "
             "vocab_size.",
        code='''
def one_hot(X, vocab_size):
    return npx.one_hot(X.T, 4)
''',
        variant='''
def one_hot(X, vocab_size):
    encoded = npx.one_hot(X, 4)
    return np.swapaxes(encoded, 0, 1)
'''),
    # ---------------------------------------------------- rnn_step
    dict(
        part="rnn_step",
        name="no-nonlinearity",
        explanation="the new state is X W_xh + H W_hh + b_h without tanh, "
                    "so it is an unbounded linear recurrence.",
        hint="apply np.tanh to the whole pre-activation.",
        code='''
def rnn_step(X, H, W_xh, W_hh, b_h):
    return np.dot(X, W_xh) + np.dot(H, W_hh) + b_h
''',
        variant='''
def rnn_step(X, H, W_xh, W_hh, b_h):
    out = X @ W_xh
    out = out + H @ W_hh
    return out + b_h
'''),
    dict(
        part="rnn_step",
        name="bias-outside-tanh",
        explanation="b_h is added after tanh, so the state leaves (-1, 1) "
                    "and the bias does not shift the activation.",
        hint="the bias belongs inside the tanh, with the two products.",
        code='''
def rnn_step(X, H, W_xh, W_hh, b_h):
    return np.tanh(np.dot(X, W_xh) + np.dot(H, W_hh)) + b_h
''',
        variant='''
def rnn_step(X, H, W_xh, W_hh, b_h):
    z = np.dot(X, W_xh) + np.dot(H, W_hh)
    h = np.tanh(z)
    h = h + b_h
    return h
'''),
    dict(
        part="rnn_step",
        name="sigmoid-activation",
        explanation="the state goes through a sigmoid instead of tanh, so it "
                    "lies in (0, 1) and is never negative.",
        hint="compare the activation you apply with the formula of H_t.",
        code='''
def rnn_step(X, H, W_xh, W_hh, b_h):
    return npx.sigmoid(np.dot(X, W_xh) + np.dot(H, W_hh) + b_h)
''',
        variant='''
def rnn_step(X, H, W_xh, W_hh, b_h):
    z = X @ W_xh + H @ W_hh + b_h
    return 1 / (1 + np.exp(-z))
'''),
    dict(
        part="rnn_step",
        name="recurrent-term-outside-tanh",
        explanation="only X W_xh + b_h goes through tanh and H W_hh is added "
                    "after it, so the state is not squashed and grows along "
                    "the sequence; with H = 0 it looks right.",
        hint="all three terms belong inside one tanh.",
        code='''
def rnn_step(X, H, W_xh, W_hh, b_h):
    return np.tanh(np.dot(X, W_xh) + b_h) + np.dot(H, W_hh)
''',
        variant='''
def rnn_step(X, H, W_xh, W_hh, b_h):
    from_input = np.tanh(X @ W_xh + b_h)
    from_state = H @ W_hh
    return from_state + from_input
'''),
    dict(
        part="rnn_step",
        name="transposed-W_hh",
        explanation="the state is multiplied by W_hh transposed (H W_hh^T), "
                    "which only agrees with H W_hh when W_hh is symmetric, as "
                    "in the visible test.",
        hint="W_hh has shape (num_hiddens, num_hiddens): H W_hh and H W_hh^T "
             "have the same shape, check which one the formula says.",
        code='''
def rnn_step(X, H, W_xh, W_hh, b_h):
    return np.tanh(np.dot(X, W_xh) + np.dot(H, W_hh.T) + b_h)
''',
        variant='''
def rnn_step(X, H, W_xh, W_hh, b_h):
    recurrent = (W_hh @ H.T).T
    return np.tanh(X @ W_xh + recurrent + b_h)
'''),
    dict(
        part="rnn_step",
        name="state-ignored",
        explanation="the previous state H never enters the step, so the "
                    "network has no memory: each step sees its input only.",
        hint="the formula has three terms inside the tanh: which one is "
             "missing?",
        code='''
def rnn_step(X, H, W_xh, W_hh, b_h):
    return np.tanh(np.dot(X, W_xh) + b_h)
''',
        variant='''
def rnn_step(X, H, W_xh, W_hh, b_h):
    z = X @ W_xh
    z = z + b_h
    return np.tanh(z)
'''),
    dict(
        part="rnn_step",
        name="naive-tanh-overflows",
        explanation="tanh written as (exp(2z) - 1) / (exp(2z) + 1) overflows "
                    "for pre-activations above about 44 in float32 and gives "
                    "inf / inf = nan instead of 1.",
        hint="use the library's tanh, which is stable for large inputs.",
        code='''
def rnn_step(X, H, W_xh, W_hh, b_h):
    z = np.dot(X, W_xh) + np.dot(H, W_hh) + b_h
    return (np.exp(2 * z) - 1) / (np.exp(2 * z) + 1)
''',
        variant='''
def tanh(z):
    e = np.exp(z)
    e2 = e * e
    return (e2 - 1) / (e2 + 1)


def rnn_step(X, H, W_xh, W_hh, b_h):
    return tanh(X @ W_xh + H @ W_hh + b_h)
'''),
    dict(
        part="rnn_step",
        name="numpy-not-mxnet",
        explanation="the step is computed in plain NumPy on asnumpy() copies, "
                    "so it returns a NumPy array and autograd cannot "
                    "differentiate it.",
        hint="the task asks for MXNet's np operations only, so that autograd "
             "records the step.",
        code='''
import numpy as onp


def rnn_step(X, H, W_xh, W_hh, b_h):
    z = (X.asnumpy() @ W_xh.asnumpy() + H.asnumpy() @ W_hh.asnumpy()
         + b_h.asnumpy())
    return onp.tanh(z)
''',
        variant='''
import numpy as onp


def rnn_step(X, H, W_xh, W_hh, b_h):
    x, h, w_x, w_h, b = (a.asnumpy() for a in (X, H, W_xh, W_hh, b_h))
    return onp.tanh(onp.dot(h, w_h) + onp.dot(x, w_x) + b)
'''),
    # ------------------------------------------------- rnn_forward
    dict(
        part="rnn_forward",
        name="states-before-step",
        explanation="each state is stored before the step that updates it, "
                    "so outputs holds H_0 .. H_{T-1}, one step late, and the "
                    "last state H_T is missing from it.",
        hint="which state should outputs[t] be: the one before or after "
             "reading inputs[t]?",
        code='''
def rnn_forward(inputs, H, params, step=rnn_step):
    outputs = []
    for X in inputs:
        outputs.append(H)
        H = step(X, H, *params)
    return np.stack(outputs), H
''',
        variant='''
def rnn_forward(inputs, H, params, step=rnn_step):
    states = [H]
    for t in range(inputs.shape[0]):
        states.append(step(inputs[t], states[-1], *params))
    return np.stack(states[:-1]), states[-1]
'''),
    dict(
        part="rnn_forward",
        name="state-not-carried",
        explanation="every step starts from the initial H instead of the "
                    "previous step's state, so nothing is remembered from one "
                    "step to the next.",
        hint="the new state must be fed to the next step: what does your "
             "loop pass as H?",
        code='''
def rnn_forward(inputs, H, params, step=rnn_step):
    outputs = []
    for X in inputs:
        H_t = step(X, H, *params)
        outputs.append(H_t)
    return np.stack(outputs), H_t
''',
        variant='''
def rnn_forward(inputs, H, params, step=rnn_step):
    outputs = np.stack([step(X, H, *params) for X in inputs])
    return outputs, outputs[-1]
'''),
    dict(
        part="rnn_forward",
        name="last-step-dropped",
        explanation="the loop stops one step early (range(num_steps - 1)), so "
                    "the last input is never read.",
        hint="count the iterations of your loop against inputs.shape[0].",
        code='''
def rnn_forward(inputs, H, params, step=rnn_step):
    outputs = []
    for t in range(len(inputs) - 1):
        H = step(inputs[t], H, *params)
        outputs.append(H)
    return np.stack(outputs), H
''',
        variant='''
def rnn_forward(inputs, H, params, step=rnn_step):
    outputs = []
    for X in inputs[:-1]:
        H = step(X, H, *params)
        outputs += [H]
    return np.stack(outputs), outputs[-1]
'''),
    dict(
        part="rnn_forward",
        name="returns-initial-state",
        explanation="the loop updates a new variable but the function returns "
                    "the H it was given, so H_last is the initial state.",
        hint="which variable holds the state after the last step?",
        code='''
def rnn_forward(inputs, H, params, step=rnn_step):
    outputs = []
    state = H
    for X in inputs:
        state = step(X, state, *params)
        outputs.append(state)
    return np.stack(outputs), H
''',
        variant='''
def rnn_forward(inputs, H, params, step=rnn_step):
    H0 = H
    outs = []
    for t in range(inputs.shape[0]):
        H = step(inputs[t], H, *params)
        outs.append(H)
    return np.stack(outs, axis=0), H0
'''),
    dict(
        part="rnn_forward",
        name="concatenate-not-stack",
        explanation="np.concatenate joins the states along the batch axis, "
                    "giving (num_steps * batch_size, num_hiddens) instead "
                    "of a new time axis.",
        hint="concatenate joins along an existing axis; stack makes a new "
             "one.",
        code='''
def rnn_forward(inputs, H, params, step=rnn_step):
    outputs = []
    for X in inputs:
        H = step(X, H, *params)
        outputs.append(H)
    return np.concatenate(outputs, axis=0), H
''',
        variant='''
def rnn_forward(inputs, H, params, step=rnn_step):
    states = []
    for t in range(len(inputs)):
        H = step(inputs[t], H, *params)
        states.append(H)
    return np.vstack(states), H
'''),
    dict(
        part="rnn_forward",
        name="stack-wrong-axis",
        explanation="the states are stacked along axis 1, giving (batch_size, "
                    "num_steps, num_hiddens): the time axis must come first.",
        hint="check the axis of your stack against the shape the task asks "
             "for.",
        code='''
def rnn_forward(inputs, H, params, step=rnn_step):
    outputs = []
    for X in inputs:
        H = step(X, H, *params)
        outputs.append(H)
    return np.stack(outputs, axis=1), H
''',
        variant='''
def rnn_forward(inputs, H, params, step=rnn_step):
    outputs = []
    for t in range(inputs.shape[0]):
        H = step(inputs[t], H, *params)
        outputs.append(H)
    return np.stack(outputs).transpose(1, 0, 2), H
'''),
    dict(
        part="rnn_forward",
        name="returns-swapped",
        explanation="the pair is returned as (H_last, outputs) instead of "
                    "(outputs, H_last).",
        hint="check the order of the returned values in the task.",
        code='''
def rnn_forward(inputs, H, params, step=rnn_step):
    outputs = []
    for X in inputs:
        H = step(X, H, *params)
        outputs.append(H)
    return H, np.stack(outputs)
''',
        variant='''
def rnn_forward(inputs, H, params, step=rnn_step):
    states = [H]
    for t in range(inputs.shape[0]):
        states.append(step(inputs[t], states[-1], *params))
    all_states = np.stack(states[1:])
    return all_states[-1], all_states
'''),
    dict(
        part="rnn_forward",
        name="time-reversed",
        explanation="the loop reads the inputs from the last step to the "
                    "first, so the state summarises the sequence backwards; "
                    "inputs that are all the same hide this.",
        hint="in which order should the time steps be read?",
        code='''
def rnn_forward(inputs, H, params, step=rnn_step):
    outputs = []
    for X in inputs[::-1]:
        H = step(X, H, *params)
        outputs.append(H)
    return np.stack(outputs), H
''',
        variant='''
def rnn_forward(inputs, H, params, step=rnn_step):
    outputs = []
    for t in range(len(inputs) - 1, -1, -1):
        H = step(inputs[t], H, *params)
        outputs.append(H)
    return np.stack(outputs), H
'''),
    dict(
        part="rnn_forward",
        name="state-overwritten-in-place",
        explanation="H[:] = step(...) overwrites one array in place, so every "
                    "entry of outputs is the same object (all equal to the "
                    "last state) and the caller's initial state is changed.",
        hint="append a new array each step: rebind H instead of writing into "
             "it.",
        code='''
def rnn_forward(inputs, H, params, step=rnn_step):
    outputs = []
    for X in inputs:
        H[:] = step(X, H, *params)
        outputs.append(H)
    return np.stack(outputs), H
''',
        variant='''
def rnn_forward(inputs, H, params, step=rnn_step):
    states = []
    for t in range(inputs.shape[0]):
        new = step(inputs[t], H, *params)
        new.copyto(H)
        states.append(H)
    return np.stack(states), states[-1]
'''),
    # -------------------------------------------------- perplexity
    dict(
        part="perplexity",
        name="softmax-then-log-overflows",
        explanation="the softmax is computed as exp(o) / sum(exp(o)) before "
                    "the log: exp overflows to inf for logits above about 88 "
                    "in float32, and inf / inf gives nan.",
        hint="compute the log-softmax directly (subtract the largest logit, "
             "or use npx.log_softmax).",
        code='''
def perplexity(logits, Y):
    probs = np.exp(logits) / np.exp(logits).sum(axis=-1, keepdims=True)
    picked = npx.pick(np.log(probs), Y, axis=-1)
    return math.exp(-float(picked.mean()))
''',
        variant='''
def perplexity(logits, Y):
    e = np.exp(logits)
    p = e / np.sum(e, axis=2, keepdims=True)
    p_true = (p * npx.one_hot(Y, logits.shape[-1])).sum(axis=-1)
    return math.exp(-float(np.log(p_true).mean()))
'''),
    dict(
        part="perplexity",
        name="log-of-softmax-underflows",
        explanation="np.log(npx.softmax(o)) takes the log of a probability "
                    "that underflows to 0 when the true token's logit is far "
                    "below the largest one, giving log 0 = -inf and an "
                    "infinite perplexity.",
        hint="never take the log of a probability: compute the log-softmax "
             "directly, as log_softmax(o) = o - logsumexp(o).",
        code='''
def perplexity(logits, Y):
    probs = npx.softmax(logits, axis=-1)
    picked = npx.pick(np.log(probs), Y, axis=-1)
    return math.exp(-float(picked.mean()))
''',
        variant='''
def perplexity(logits, Y):
    shifted = logits - logits.max(axis=-1, keepdims=True)
    e = np.exp(shifted)
    p = e / e.sum(axis=-1, keepdims=True)
    p_true = npx.pick(p, Y, axis=2)
    return math.exp(-float(np.log(p_true).mean()))
'''),
    dict(
        part="perplexity",
        name="clamped-probability",
        explanation="clamping the probability at 1e-9 before the log avoids "
                    "log 0 but caps every token's loss at about 20.7, so "
                    "confidently wrong predictions get far too small a "
                    "perplexity.",
        hint="a stable log-softmax needs no clamp: compute it as o minus "
             "logsumexp(o).",
        code='''
def perplexity(logits, Y):
    probs = npx.softmax(logits, axis=-1)
    picked = npx.pick(probs, Y, axis=-1)
    return math.exp(-float(np.log(np.maximum(picked, 1e-9)).mean()))
''',
        variant='''
def perplexity(logits, Y):
    shifted = logits - logits.max(axis=-1, keepdims=True)
    p = np.exp(shifted) / np.exp(shifted).sum(axis=-1, keepdims=True)
    p_true = (p * npx.one_hot(Y, logits.shape[-1])).sum(axis=-1)
    return math.exp(float(-np.log(np.clip(p_true, 1e-9, 1.0)).mean()))
'''),
    dict(
        part="perplexity",
        name="no-exp",
        explanation="the function returns the mean cross-entropy itself: the "
                    "perplexity is its exponential.",
        hint="look at the outermost operation of the formula.",
        code='''
def perplexity(logits, Y):
    log_probs = npx.log_softmax(logits, axis=-1)
    return -float(npx.pick(log_probs, Y, axis=-1).mean())
''',
        variant='''
def perplexity(logits, Y):
    log_probs = npx.log_softmax(logits)
    mask = npx.one_hot(Y, logits.shape[-1])
    losses = -(log_probs * mask).sum(axis=-1)
    return float(losses.mean())
'''),
    dict(
        part="perplexity",
        name="sum-not-mean",
        explanation="the exponent is the total cross-entropy, not its mean, "
                    "so the result grows with the number of tokens.",
        hint="the formula divides the sum by n, the number of tokens.",
        code='''
def perplexity(logits, Y):
    log_probs = npx.log_softmax(logits, axis=-1)
    return math.exp(-float(npx.pick(log_probs, Y, axis=-1).sum()))
''',
        variant='''
def perplexity(logits, Y):
    log_probs = npx.log_softmax(logits)
    total = 0.0
    for lp, y in zip(log_probs, Y):
        total += float(npx.pick(lp, y).sum())
    return math.exp(-total)
'''),
    dict(
        part="perplexity",
        name="mean-of-per-token-perplexities",
        explanation="the exponential is taken token by token and then "
                    "averaged (the mean of 1/p), which is not the exponential "
                    "of the mean loss; uniform or sure predictions hide the "
                    "difference.",
        hint="average the losses first, then take a single exponential.",
        code='''
def perplexity(logits, Y):
    log_probs = npx.log_softmax(logits, axis=-1)
    picked = npx.pick(log_probs, Y, axis=-1)
    return float(np.exp(-picked).mean())
''',
        variant='''
def perplexity(logits, Y):
    losses = -npx.pick(npx.log_softmax(logits), Y)
    per_token = [math.exp(float(l)) for l in losses.reshape(-1)]
    return sum(per_token) / len(per_token)
'''),
    dict(
        part="perplexity",
        name="softmax-over-time-axis",
        explanation="the log-softmax is taken over axis 1 (the time steps) "
                    "instead of the last axis (the vocabulary), so the "
                    "probabilities of each prediction do not sum to 1.",
        hint="which axis of logits holds the scores of the vocabulary?",
        code='''
def perplexity(logits, Y):
    log_probs = npx.log_softmax(logits, axis=1)
    picked = npx.pick(log_probs, Y, axis=-1)
    return math.exp(-float(picked.mean()))
''',
        variant='''
def perplexity(logits, Y):
    m = logits.max(axis=1, keepdims=True)
    lse = m + np.log(np.exp(logits - m).sum(axis=1, keepdims=True))
    log_probs = logits - lse
    picked = (log_probs * npx.one_hot(Y, logits.shape[2])).sum(axis=2)
    return math.exp(-float(picked.mean()))
'''),
    dict(
        part="perplexity",
        name="raw-logits-as-log-probs",
        explanation="the picked logits are used as log-probabilities, without "
                    "the log-softmax, so nothing normalises the scores over "
                    "the vocabulary.",
        hint="logits are unnormalised scores: turn them into "
             "log-probabilities first.",
        code='''
def perplexity(logits, Y):
    picked = npx.pick(logits, Y, axis=-1)
    return math.exp(-float(picked.mean()))
''',
        variant='''
def perplexity(logits, Y):
    mask = npx.one_hot(Y, logits.shape[-1])
    scores = (logits * mask).sum(axis=-1)
    return math.exp(-float(np.mean(scores)))
'''),
    dict(
        part="perplexity",
        name="returns-mxnet-array",
        explanation="the perplexity is returned as a 0-d MXNet array, not a "
                    "Python float.",
        hint="convert the result with float() (or use math.exp on a float).",
        code='''
def perplexity(logits, Y):
    log_probs = npx.log_softmax(logits, axis=-1)
    picked = npx.pick(log_probs, Y, axis=-1)
    return np.exp(-picked.mean())
''',
        variant='''
def perplexity(logits, Y):
    loss = -npx.pick(npx.log_softmax(logits), Y).mean()
    return np.power(math.e, loss)
'''),
    # ----------------------------------------------- grad_clipping
    dict(
        part="grad_clipping",
        name="never-clips",
        explanation="the norm is measured and returned, but the gradients "
                    "are never scaled, so nothing is clipped.",
        hint="when the norm is above theta, every p.grad must be changed in "
             "place.",
        code='''
def clip_gradients(params, theta):
    return math.sqrt(sum(float((p.grad ** 2).sum()) for p in params))
''',
        variant='''
def clip_gradients(params, theta):
    norm = math.sqrt(sum(float(np.sum(p.grad * p.grad)) for p in params))
    if norm > theta:
        for p in params:
            g = p.grad * (theta / norm)  # a new array: p.grad is unchanged
    return norm
'''),
    dict(
        part="grad_clipping",
        name="per-parameter-norm",
        explanation="each gradient is clipped by its own norm, so gradients "
                    "that are each small but together large are not clipped, "
                    "and the direction of the whole gradient changes.",
        hint="the norm is that of all gradients together, as one vector.",
        code='''
def clip_gradients(params, theta):
    total = 0.0
    for p in params:
        norm = math.sqrt(float((p.grad ** 2).sum()))
        total += norm ** 2
        if norm > theta:
            p.grad[:] *= theta / norm
    return math.sqrt(total)
''',
        variant='''
def clip_gradients(params, theta):
    norms = [float(np.linalg.norm(p.grad)) for p in params]
    for p, n in zip(params, norms):
        if n > theta:
            p.grad[:] = p.grad * theta / n
    return math.sqrt(sum(n * n for n in norms))
'''),
    dict(
        part="grad_clipping",
        name="returns-norm-after-clipping",
        explanation="the norm is measured again after clipping, so a clipped "
                    "gradient reports theta instead of the norm it had.",
        hint="return the norm measured before you change the gradients.",
        code='''
def clip_gradients(params, theta):
    norm = math.sqrt(sum(float((p.grad ** 2).sum()) for p in params))
    if norm > theta:
        for p in params:
            p.grad[:] *= theta / norm
    return math.sqrt(sum(float((p.grad ** 2).sum()) for p in params))
''',
        variant='''
def clip_gradients(params, theta):
    norm = math.sqrt(sum(float((p.grad ** 2).sum()) for p in params))
    if norm > theta:
        for p in params:
            p.grad[:] = p.grad * (theta / norm)
        norm = theta
    return norm
'''),
    dict(
        part="grad_clipping",
        name="no-square-root",
        explanation="the sum of squares is used as the norm without its "
                    "square root, so the norm is squared and the gradients "
                    "are scaled too much.",
        hint="the L2 norm is the square root of the sum of squares.",
        code='''
def clip_gradients(params, theta):
    norm = sum(float((p.grad ** 2).sum()) for p in params)
    if norm > theta:
        for p in params:
            p.grad[:] *= theta / norm
    return norm
''',
        variant='''
def clip_gradients(params, theta):
    squared = 0.0
    for p in params:
        squared += float(np.sum(p.grad * p.grad))
    if squared > theta:
        scale = theta / squared
        for p in params:
            p.grad[:] = p.grad * scale
    return squared
'''),
    dict(
        part="grad_clipping",
        name="squared-norm-against-theta",
        explanation="the sum of squares is compared with theta instead of "
                    "the norm, so for theta > 1 a gradient with norm between "
                    "sqrt(theta) and theta is scaled up to norm theta, and "
                    "for theta < 1 some too large ones are not clipped.",
        hint="compare the norm (with its square root) with theta.",
        code='''
def clip_gradients(params, theta):
    sq = sum(float((p.grad ** 2).sum()) for p in params)
    norm = math.sqrt(sq)
    if sq > theta:
        for p in params:
            p.grad[:] *= theta / norm
    return norm
''',
        variant='''
def clip_gradients(params, theta):
    norm = math.sqrt(sum(float(np.sum(p.grad * p.grad)) for p in params))
    if norm ** 2 > theta:
        scale = theta / norm
        for p in params:
            p.grad[:] = p.grad * scale
    return norm
'''),
    dict(
        part="grad_clipping",
        name="sum-of-norms",
        explanation="the norms of the gradients are added up, which is larger "
                    "than the norm of all gradients together (the squares "
                    "add, not the norms).",
        hint="the global norm is the square root of the sum of all squares.",
        code='''
def clip_gradients(params, theta):
    norm = sum(math.sqrt(float((p.grad ** 2).sum())) for p in params)
    if norm > theta:
        for p in params:
            p.grad[:] *= theta / norm
    return norm
''',
        variant='''
def clip_gradients(params, theta):
    norm = 0.0
    for p in params:
        norm += float(np.linalg.norm(p.grad))
    if norm > theta:
        for p in params:
            p.grad[:] = p.grad * theta / norm
    return norm
'''),
    dict(
        part="grad_clipping",
        name="inverted-scale",
        explanation="the gradients are multiplied by norm / theta, which is "
                    "above 1 when clipping is needed, so they grow instead of "
                    "shrinking.",
        hint="after scaling, the global norm should be exactly theta.",
        code='''
def clip_gradients(params, theta):
    norm = math.sqrt(sum(float((p.grad ** 2).sum()) for p in params))
    if norm > theta:
        for p in params:
            p.grad[:] *= norm / theta
    return norm
''',
        variant='''
def clip_gradients(params, theta):
    norm = math.sqrt(sum(float(np.sum(p.grad * p.grad)) for p in params))
    if norm > theta:
        for p in params:
            p.grad[:] /= theta / norm
    return norm
'''),
    dict(
        part="grad_clipping",
        name="norm-recomputed-per-parameter",
        explanation="the global norm is measured again inside the loop, after "
                    "the earlier gradients were already scaled, so the later "
                    "ones are scaled by a different factor and the direction "
                    "changes.",
        hint="measure the norm once, then scale every gradient by the same "
             "factor.",
        code='''
def clip_gradients(params, theta):
    first = math.sqrt(sum(float((q.grad ** 2).sum()) for q in params))
    for p in params:
        norm = math.sqrt(sum(float((q.grad ** 2).sum()) for q in params))
        if norm > theta:
            p.grad[:] *= theta / norm
    return first
''',
        variant='''
def global_norm(params):
    return math.sqrt(sum(float(np.sum(q.grad * q.grad)) for q in params))


def clip_gradients(params, theta):
    before = global_norm(params)
    for p in params:
        current = global_norm(params)
        if current > theta:
            p.grad[:] = p.grad * (theta / current)
    return before
'''),
    dict(
        part="grad_clipping",
        name="returns-mxnet-array",
        explanation="the norm is returned as an MXNet array, not a Python "
                    "float.",
        hint="convert the norm with float() before you return it.",
        code='''
def clip_gradients(params, theta):
    norm = np.sqrt(sum((p.grad ** 2).sum() for p in params))
    if norm > theta:
        for p in params:
            p.grad[:] *= theta / norm
    return norm
''',
        variant='''
def clip_gradients(params, theta):
    flat = np.concatenate([p.grad.reshape(-1) for p in params])
    norm = np.linalg.norm(flat)
    if float(norm) > theta:
        for p in params:
            p.grad[:] = p.grad * (theta / norm)
    return norm
'''),
    # ----------------------------------------------------- predict
    dict(
        part="predict",
        name="no-warm-up",
        explanation="only the last character of the prefix is fed to the "
                    "model, from a fresh state, so the state never absorbs "
                    "the rest of the prefix.",
        hint="every prefix character must go through step_fn once, in "
             "order, carrying the state.",
        code='''
def predict(prefix, num_preds, step_fn, vocab):
    state, outputs = None, [vocab[ch] for ch in prefix]
    for _ in range(num_preds):
        logits, state = step_fn(outputs[-1], state)
        outputs.append(int(logits.argmax()))
    return "".join(vocab.idx_to_token[i] for i in outputs)
''',
        variant='''
def predict(prefix, num_preds, step_fn, vocab):
    token, state, text = vocab[prefix[-1]], None, prefix
    while len(text) < len(prefix) + num_preds:
        logits, state = step_fn(token, state)
        token = int(np.argmax(logits))
        text += vocab.idx_to_token[token]
    return text
'''),
    dict(
        part="predict",
        name="last-prefix-char-fed-twice",
        explanation="the warm-up reads the whole prefix, then the generation "
                    "loop feeds its last character again, so the model sees "
                    "it twice and the first prediction of the warm-up is "
                    "thrown away.",
        hint="the logits of the last warm-up step already predict the first "
             "new character.",
        code='''
def predict(prefix, num_preds, step_fn, vocab):
    state = None
    for ch in prefix:
        _, state = step_fn(vocab[ch], state)
    outputs = [vocab[ch] for ch in prefix]
    for _ in range(num_preds):
        logits, state = step_fn(outputs[-1], state)
        outputs.append(int(logits.argmax()))
    return "".join(vocab.idx_to_token[i] for i in outputs)
''',
        variant='''
def predict(prefix, num_preds, step_fn, vocab):
    state = None
    inputs = [vocab[ch] for ch in prefix] + [vocab[prefix[-1]]]
    for token in inputs:
        logits, state = step_fn(token, state)
    generated = []
    for i in range(num_preds):
        token = int(logits.argmax())
        generated.append(vocab.idx_to_token[token])
        if i < num_preds - 1:
            logits, state = step_fn(token, state)
    return prefix + "".join(generated)
'''),
    dict(
        part="predict",
        name="one-prediction-too-many",
        explanation="the loop runs len(prefix) + num_preds times instead of "
                    "len(prefix) + num_preds - 1 (the first character is "
                    "given, not predicted), so one character too many is "
                    "generated.",
        hint="count how many characters your result has compared with "
             "len(prefix) + num_preds.",
        code='''
def predict(prefix, num_preds, step_fn, vocab):
    state, outputs = None, [vocab[prefix[0]]]
    for i in range(len(prefix) + num_preds):
        logits, state = step_fn(outputs[-1], state)
        if i < len(prefix) - 1:
            outputs.append(vocab[prefix[i + 1]])
        else:
            outputs.append(int(logits.argmax()))
    return "".join(vocab.idx_to_token[i] for i in outputs)
''',
        variant='''
def predict(prefix, num_preds, step_fn, vocab):
    state = None
    for ch in prefix:
        logits, state = step_fn(vocab[ch], state)
    text = prefix
    for _ in range(num_preds):
        token = int(logits.argmax())
        text += vocab.idx_to_token[token]
        logits, state = step_fn(token, state)
    return text + vocab.idx_to_token[int(logits.argmax())]
'''),
    dict(
        part="predict",
        name="prefix-not-returned",
        explanation="only the generated characters are returned; the task "
                    "asks for the prefix followed by them.",
        hint="read what the function should return.",
        code='''
def predict(prefix, num_preds, step_fn, vocab):
    state, outputs = None, [vocab[prefix[0]]]
    for i in range(len(prefix) + num_preds - 1):
        logits, state = step_fn(outputs[-1], state)
        if i < len(prefix) - 1:
            outputs.append(vocab[prefix[i + 1]])
        else:
            outputs.append(int(logits.argmax()))
    return "".join(vocab.idx_to_token[i] for i in outputs[len(prefix):])
''',
        variant='''
def predict(prefix, num_preds, step_fn, vocab):
    state = None
    for ch in prefix:
        logits, state = step_fn(vocab[ch], state)
    generated = ""
    for _ in range(num_preds):
        token = int(logits.argmax())
        generated += vocab.idx_to_token[token]
        logits, state = step_fn(token, state)
    return generated
'''),
    dict(
        part="predict",
        name="max-not-argmax",
        explanation="int(logits.max()) is the largest logit's value, not its "
                    "index, so the generated token does not depend on which "
                    "character scored highest.",
        hint="you want the position of the largest logit, not the logit.",
        code='''
def predict(prefix, num_preds, step_fn, vocab):
    state, outputs = None, [vocab[prefix[0]]]
    for i in range(len(prefix) + num_preds - 1):
        logits, state = step_fn(outputs[-1], state)
        if i < len(prefix) - 1:
            outputs.append(vocab[prefix[i + 1]])
        else:
            outputs.append(int(logits.max()))
    return "".join(vocab.idx_to_token[i] for i in outputs)
''',
        variant='''
def predict(prefix, num_preds, step_fn, vocab):
    state = None
    for ch in prefix:
        logits, state = step_fn(vocab[ch], state)
    text = prefix
    for _ in range(num_preds):
        token = int(np.sort(logits)[-1])
        text += vocab.idx_to_token[token]
        logits, state = step_fn(token, state)
    return text
'''),
    dict(
        part="predict",
        name="state-not-carried",
        explanation="every call of step_fn gets state=None, so the model "
                    "forgets everything it read and each prediction depends "
                    "on the last character only.",
        hint="pass the state returned by one call to the next call.",
        code='''
def predict(prefix, num_preds, step_fn, vocab):
    outputs = [vocab[prefix[0]]]
    for i in range(len(prefix) + num_preds - 1):
        logits, state = step_fn(outputs[-1], None)
        if i < len(prefix) - 1:
            outputs.append(vocab[prefix[i + 1]])
        else:
            outputs.append(int(logits.argmax()))
    return "".join(vocab.idx_to_token[i] for i in outputs)
''',
        variant='''
def next_logits(step_fn, token):
    logits, _ = step_fn(token, None)
    return logits


def predict(prefix, num_preds, step_fn, vocab):
    text = prefix
    for _ in range(num_preds):
        logits = next_logits(step_fn, vocab[text[-1]])
        text += vocab.idx_to_token[int(logits.argmax())]
    return text
'''),
    dict(
        part="predict",
        name="own-predictions-during-warm-up",
        explanation="during the warm-up the model is fed its own predictions "
                    "instead of the next prefix characters, so the state "
                    "absorbs only the first character of the prefix.",
        hint="while in the prefix, the next input is the next prefix "
             "character, whatever the model predicted.",
        code='''
def predict(prefix, num_preds, step_fn, vocab):
    state, token, generated = None, vocab[prefix[0]], []
    for i in range(len(prefix) + num_preds - 1):
        logits, state = step_fn(token, state)
        token = int(logits.argmax())
        if i >= len(prefix) - 1:
            generated.append(vocab.idx_to_token[token])
    return prefix + "".join(generated)
''',
        variant='''
def predict(prefix, num_preds, step_fn, vocab):
    state = None
    logits, state = step_fn(vocab[prefix[0]], state)
    for _ in prefix[1:]:
        logits, state = step_fn(int(logits.argmax()), state)
    text = prefix
    for k in range(num_preds):
        token = int(logits.argmax())
        text += vocab.idx_to_token[token]
        if k + 1 < num_preds:
            logits, state = step_fn(token, state)
    return text
'''),
    dict(
        part="predict",
        name="returns-list",
        explanation="the characters are returned as a list; the task asks for "
                    "one string.",
        hint="join the characters into a str.",
        code='''
def predict(prefix, num_preds, step_fn, vocab):
    state, outputs = None, [vocab[prefix[0]]]
    for i in range(len(prefix) + num_preds - 1):
        logits, state = step_fn(outputs[-1], state)
        if i < len(prefix) - 1:
            outputs.append(vocab[prefix[i + 1]])
        else:
            outputs.append(int(logits.argmax()))
    return [vocab.idx_to_token[i] for i in outputs]
''',
        variant='''
def predict(prefix, num_preds, step_fn, vocab):
    state = None
    for ch in prefix:
        logits, state = step_fn(vocab[ch], state)
    chars = list(prefix)
    for _ in range(num_preds):
        token = int(logits.argmax())
        chars.append(vocab.idx_to_token[token])
        logits, state = step_fn(token, state)
    return chars
'''),
    # ---------------------------------------- sequential_partition
    dict(
        part="sequential_partition",
        name="offset-ignored",
        explanation="the offset argument is never used, so every epoch cuts "
                    "the text at the same places.",
        hint="drop the first offset tokens before anything else.",
        code='''
def seq_data_iter_sequential(corpus, batch_size, num_steps, offset):
    num_tokens = (len(corpus) - 1) // batch_size * batch_size
    Xs = np.array(corpus[:num_tokens]).reshape(batch_size, -1)
    Ys = np.array(corpus[1:1 + num_tokens]).reshape(batch_size, -1)
    for i in range(0, Xs.shape[1] // num_steps * num_steps, num_steps):
        yield Xs[:, i:i + num_steps], Ys[:, i:i + num_steps]
''',
        variant='''
def seq_data_iter_sequential(corpus, batch_size, num_steps, offset):
    tokens = np.array(corpus)
    row_len = (len(corpus) - 1) // batch_size
    Xs = tokens[:row_len * batch_size].reshape(batch_size, row_len)
    Ys = tokens[1:row_len * batch_size + 1].reshape(batch_size, row_len)
    for k in range(row_len // num_steps):
        cols = slice(k * num_steps, (k + 1) * num_steps)
        yield Xs[:, cols], Ys[:, cols]
'''),
    dict(
        part="sequential_partition",
        name="labels-not-shifted",
        explanation="Y is the same window as X, so the model would learn to "
                    "copy its input instead of predicting the next token.",
        hint="Y starts one token later in the text than X.",
        code='''
def seq_data_iter_sequential(corpus, batch_size, num_steps, offset):
    num_tokens = (len(corpus) - offset - 1) // batch_size * batch_size
    Xs = np.array(corpus[offset:offset + num_tokens])
    Xs = Xs.reshape(batch_size, -1)
    for i in range(0, Xs.shape[1] // num_steps * num_steps, num_steps):
        yield Xs[:, i:i + num_steps], Xs[:, i:i + num_steps]
''',
        variant='''
def seq_data_iter_sequential(corpus, batch_size, num_steps, offset):
    row_len = (len(corpus) - offset - 1) // batch_size
    rows = np.array(corpus[offset:offset + row_len * batch_size]).reshape(
        batch_size, row_len)
    for k in range(row_len // num_steps):
        X = rows[:, k * num_steps:(k + 1) * num_steps]
        yield X, X.copy()
'''),
    dict(
        part="sequential_partition",
        name="no-room-for-labels",
        explanation="the number of tokens kept forgets the one extra token "
                    "the shifted labels need, so when the text divides evenly "
                    "Y runs past its end.",
        hint="Y needs one token after the last token of X: how many tokens "
             "can X use?",
        code='''
def seq_data_iter_sequential(corpus, batch_size, num_steps, offset):
    num_tokens = (len(corpus) - offset) // batch_size * batch_size
    Xs = np.array(corpus[offset:offset + num_tokens])
    Ys = np.array(corpus[offset + 1:offset + 1 + num_tokens])
    Xs, Ys = Xs.reshape(batch_size, -1), Ys.reshape(batch_size, -1)
    for i in range(0, Xs.shape[1] // num_steps * num_steps, num_steps):
        yield Xs[:, i:i + num_steps], Ys[:, i:i + num_steps]
''',
        variant='''
def seq_data_iter_sequential(corpus, batch_size, num_steps, offset):
    tokens = corpus[offset:]
    row_len = len(tokens) // batch_size
    n = row_len * batch_size
    Xs = np.array(tokens[:n]).reshape(batch_size, row_len)
    Ys = np.array(tokens[1:n + 1]).reshape(batch_size, row_len)
    for k in range(row_len // num_steps):
        yield (Xs[:, k * num_steps:(k + 1) * num_steps],
               Ys[:, k * num_steps:(k + 1) * num_steps])
'''),
    dict(
        part="sequential_partition",
        name="rows-not-continued",
        explanation="each minibatch is cut from consecutive windows of the "
                    "text, so row i of the next minibatch does not continue "
                    "row i of this one and a carried state would read "
                    "unrelated text.",
        hint="split the text into batch_size long rows first, then walk "
             "along all rows together.",
        code='''
def seq_data_iter_sequential(corpus, batch_size, num_steps, offset):
    tokens = corpus[offset:]
    num_batches = (len(tokens) - 1) // (batch_size * num_steps)
    for k in range(num_batches):
        start = k * batch_size * num_steps
        X = np.array(tokens[start:start + batch_size * num_steps])
        Y = np.array(tokens[start + 1:start + 1 + batch_size * num_steps])
        yield (X.reshape(batch_size, num_steps),
               Y.reshape(batch_size, num_steps))
''',
        variant='''
def seq_data_iter_sequential(corpus, batch_size, num_steps, offset):
    tokens = np.array(corpus[offset:])
    size = batch_size * num_steps
    k = 0
    while (k + 1) * size + 1 <= len(tokens):
        window = tokens[k * size:(k + 1) * size + 1]
        yield (window[:-1].reshape(batch_size, num_steps),
               window[1:].reshape(batch_size, num_steps))
        k += 1
'''),
    dict(
        part="sequential_partition",
        name="rows-interleaved",
        explanation="reshape(-1, batch_size).T deals the tokens out to the "
                    "rows one by one, so consecutive tokens of a row are "
                    "batch_size apart in the text.",
        hint="print a row of your X: it should be a piece of consecutive "
             "text.",
        code='''
def seq_data_iter_sequential(corpus, batch_size, num_steps, offset):
    num_tokens = (len(corpus) - offset - 1) // batch_size * batch_size
    Xs = np.array(corpus[offset:offset + num_tokens])
    Ys = np.array(corpus[offset + 1:offset + 1 + num_tokens])
    Xs, Ys = Xs.reshape(-1, batch_size).T, Ys.reshape(-1, batch_size).T
    for i in range(0, Xs.shape[1] // num_steps * num_steps, num_steps):
        yield Xs[:, i:i + num_steps], Ys[:, i:i + num_steps]
''',
        variant='''
def seq_data_iter_sequential(corpus, batch_size, num_steps, offset):
    tokens = corpus[offset:]
    row_len = (len(tokens) - 1) // batch_size
    Xs = np.array([tokens[b:row_len * batch_size:batch_size]
                   for b in range(batch_size)])
    Ys = np.array([tokens[b + 1:row_len * batch_size + 1:batch_size]
                   for b in range(batch_size)])
    for k in range(row_len // num_steps):
        yield (Xs[:, k * num_steps:(k + 1) * num_steps],
               Ys[:, k * num_steps:(k + 1) * num_steps])
'''),
    dict(
        part="sequential_partition",
        name="short-last-minibatch-kept",
        explanation="the loop runs to the end of the rows, so the last "
                    "minibatch can be shorter than num_steps; the task asks "
                    "to drop it.",
        hint="stop at the last column where a full window of num_steps "
             "still fits.",
        code='''
def seq_data_iter_sequential(corpus, batch_size, num_steps, offset):
    num_tokens = (len(corpus) - offset - 1) // batch_size * batch_size
    Xs = np.array(corpus[offset:offset + num_tokens])
    Ys = np.array(corpus[offset + 1:offset + 1 + num_tokens])
    Xs, Ys = Xs.reshape(batch_size, -1), Ys.reshape(batch_size, -1)
    for i in range(0, Xs.shape[1], num_steps):
        yield Xs[:, i:i + num_steps], Ys[:, i:i + num_steps]
''',
        variant='''
def seq_data_iter_sequential(corpus, batch_size, num_steps, offset):
    row_len = (len(corpus) - offset - 1) // batch_size
    n = row_len * batch_size
    Xs = np.array(corpus[offset:offset + n]).reshape(batch_size, row_len)
    Ys = np.array(corpus[offset + 1:offset + 1 + n]).reshape(batch_size,
                                                             row_len)
    start = 0
    while start < row_len:
        end = min(start + num_steps, row_len)
        yield Xs[:, start:end], Ys[:, start:end]
        start = end
'''),
    dict(
        part="sequential_partition",
        name="last-full-minibatch-dropped",
        explanation="range(0, row_len - num_steps, num_steps) stops one "
                    "window early when the row length is a multiple of "
                    "num_steps, so the last full minibatch is lost.",
        hint="the last window starts at row_len - num_steps: is that start "
             "inside your range?",
        code='''
def seq_data_iter_sequential(corpus, batch_size, num_steps, offset):
    num_tokens = (len(corpus) - offset - 1) // batch_size * batch_size
    Xs = np.array(corpus[offset:offset + num_tokens])
    Ys = np.array(corpus[offset + 1:offset + 1 + num_tokens])
    Xs, Ys = Xs.reshape(batch_size, -1), Ys.reshape(batch_size, -1)
    for i in range(0, Xs.shape[1] - num_steps, num_steps):
        yield Xs[:, i:i + num_steps], Ys[:, i:i + num_steps]
''',
        variant='''
def seq_data_iter_sequential(corpus, batch_size, num_steps, offset):
    row_len = (len(corpus) - offset - 1) // batch_size
    n = row_len * batch_size
    Xs = np.array(corpus[offset:offset + n]).reshape(batch_size, row_len)
    Ys = np.array(corpus[offset + 1:offset + 1 + n]).reshape(batch_size,
                                                             row_len)
    for end in range(num_steps, row_len, num_steps):
        yield Xs[:, end - num_steps:end], Ys[:, end - num_steps:end]
'''),
    dict(
        part="sequential_partition",
        name="python-lists",
        explanation="the minibatches are Python lists of lists, not arrays, "
                    "so they have no shape and Y cannot be compared with "
                    "X + 1 or fed to the model.",
        hint="build X and Y as arrays with the notebook's np.",
        code='''
def seq_data_iter_sequential(corpus, batch_size, num_steps, offset):
    row_len = (len(corpus) - offset - 1) // batch_size
    tokens = corpus[offset:]
    rows = [tokens[b * row_len:(b + 1) * row_len + 1]
            for b in range(batch_size)]
    for i in range(0, row_len // num_steps * num_steps, num_steps):
        X = [row[i:i + num_steps] for row in rows]
        Y = [row[i + 1:i + 1 + num_steps] for row in rows]
        yield X, Y
''',
        variant='''
def seq_data_iter_sequential(corpus, batch_size, num_steps, offset):
    tokens = list(corpus[offset:])
    row_len = (len(tokens) - 1) // batch_size
    for k in range(row_len // num_steps):
        X, Y = [], []
        for b in range(batch_size):
            start = b * row_len + k * num_steps
            X.append(tokens[start:start + num_steps])
            Y.append(tokens[start + 1:start + 1 + num_steps])
        yield X, Y
'''),
    dict(
        part="sequential_partition",
        name="numpy-not-mxnet",
        explanation="the minibatches are plain NumPy arrays, not MXNet ones, "
                    "so the model cannot take them as they are.",
        hint="build X and Y with the notebook's np (MXNet), not with numpy.",
        code='''
import numpy as onp


def seq_data_iter_sequential(corpus, batch_size, num_steps, offset):
    num_tokens = (len(corpus) - offset - 1) // batch_size * batch_size
    Xs = onp.array(corpus[offset:offset + num_tokens])
    Ys = onp.array(corpus[offset + 1:offset + 1 + num_tokens])
    Xs, Ys = Xs.reshape(batch_size, -1), Ys.reshape(batch_size, -1)
    for i in range(0, Xs.shape[1] // num_steps * num_steps, num_steps):
        yield Xs[:, i:i + num_steps], Ys[:, i:i + num_steps]
''',
        variant='''
import numpy


def seq_data_iter_sequential(corpus, batch_size, num_steps, offset):
    tokens = numpy.asarray(corpus[offset:])
    row_len = (len(tokens) - 1) // batch_size
    n = row_len * batch_size
    Xs = tokens[:n].reshape(batch_size, row_len)
    Ys = tokens[1:n + 1].reshape(batch_size, row_len)
    for k in range(row_len // num_steps):
        yield (Xs[:, k * num_steps:(k + 1) * num_steps],
               Ys[:, k * num_steps:(k + 1) * num_steps])
'''),
    # ---------------------------------------------------- train_lm
    dict(
        part="train_lm",
        name="book-settings",
        explanation="the book's from-scratch settings (32 hidden units, "
                    "batch size 1024, learning rate 1) make only about 50 "
                    "updates within the budget and stop near perplexity 15.",
        hint="count the optimizer updates that fit in 1,600,000 tokens with "
             "your batch size.",
        code='''
from seqmodels.rnn import GluonRNN, RNNLM  # noqa: F401, I001 (for your model)

HPARAMS = dict(batch_size=1024, num_hiddens=32, lr=1.0, max_epochs=10,
               gradient_clip_val=1.0)


def make_model(vocab_size, num_hiddens, lr):
    return RNNLM(GluonRNN(num_hiddens), vocab_size, lr=lr)
'''),
    dict(
        part="train_lm",
        name="learning-rate-too-small",
        explanation="with plain SGD a learning rate of 0.05 moves the weights "
                    "far too little in the budget's updates: the model is "
                    "still near the unigram perplexity when the budget ends.",
        hint="SGD on these models needs a learning rate of order 1; watch "
             "how fast the training loss falls in the first epoch.",
        code='''
from seqmodels.rnn import GluonRNN, RNNLM  # noqa: F401, I001 (for your model)

HPARAMS = dict(batch_size=128, num_hiddens=96, lr=0.05, max_epochs=10,
               gradient_clip_val=1.0)


def make_model(vocab_size, num_hiddens, lr):
    return RNNLM(d2l.GRU(num_hiddens, num_layers=1), vocab_size, lr=lr)
'''),
    dict(
        part="train_lm",
        name="too-few-hidden-units",
        explanation="a GRU with 4 hidden units cannot hold enough of the "
                    "context to predict characters well, however long it "
                    "trains.",
        hint="try a wider recurrent layer (tens to about a hundred units).",
        code='''
from seqmodels.rnn import GluonRNN, RNNLM  # noqa: F401, I001 (for your model)

HPARAMS = dict(batch_size=128, num_hiddens=4, lr=4.0, max_epochs=10,
               gradient_clip_val=1.0)


def make_model(vocab_size, num_hiddens, lr):
    return RNNLM(d2l.GRU(num_hiddens, num_layers=1), vocab_size, lr=lr)
'''),
    dict(
        part="train_lm",
        name="one-epoch-only",
        explanation="max_epochs=1 stops after 320,000 tokens, a fifth of the "
                    "budget, before the model has learned enough.",
        hint="the budget allows five passes over the training text: use "
             "them.",
        code='''
from seqmodels.rnn import GluonRNN, RNNLM  # noqa: F401, I001 (for your model)

HPARAMS = dict(batch_size=128, num_hiddens=96, lr=4.0, max_epochs=1,
               gradient_clip_val=1.0)


def make_model(vocab_size, num_hiddens, lr):
    return RNNLM(d2l.GRU(num_hiddens, num_layers=1), vocab_size, lr=lr)
'''),
    dict(
        part="train_lm",
        name="huge-batch",
        explanation="a batch of 2048 windows leaves only about 25 updates in "
                    "the budget: a good model, but far too few steps to "
                    "train it.",
        hint="with a fixed token budget, a smaller batch gives more updates.",
        code='''
from seqmodels.rnn import GluonRNN, RNNLM  # noqa: F401, I001 (for your model)

HPARAMS = dict(batch_size=2048, num_hiddens=96, lr=4.0, max_epochs=10,
               gradient_clip_val=1.0)


def make_model(vocab_size, num_hiddens, lr):
    return RNNLM(d2l.GRU(num_hiddens, num_layers=1), vocab_size, lr=lr)
'''),
    dict(
        part="train_lm",
        name="large-lr-without-clipping",
        explanation="a large learning rate without gradient clipping lets "
                    "the exploding gradients of a tanh RNN throw the weights "
                    "far away, and training does not recover.",
        hint="set gradient_clip_val when the learning rate is large.",
        code='''
from seqmodels.rnn import GluonRNN, RNNLM  # noqa: F401, I001 (for your model)

HPARAMS = dict(batch_size=128, num_hiddens=96, lr=8.0, max_epochs=10,
               gradient_clip_val=0)


def make_model(vocab_size, num_hiddens, lr):
    return RNNLM(GluonRNN(num_hiddens), vocab_size, lr=lr)
'''),
]
