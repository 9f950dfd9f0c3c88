"""Misconceptions of the bptt assignment: wrong answers as students write
them. Each entry loses its part (``python tests/catalogue.py bptt``); the
feedback names the one whose results match a failed answer's."""

CATALOGUE = [
    # ------------------------------------------------- rnn_forward_cache
    dict(
        part="rnn_forward_cache",
        name="state-not-carried",
        explanation="every step reads the initial state H, so the states "
                    "never depend on earlier inputs.",
        hint="the state a step computes is the one the next step reads.",
        code='''
from seqmodels.rnn import rnn_step


def rnn_forward_cache(inputs, H, W_xh, W_hh, b_h):
    caches, states = [], []
    for X in inputs:
        H_t = rnn_step(X, H, W_xh, W_hh, b_h)
        caches.append((X, H, W_xh, W_hh, H_t))
        states.append(H_t)
    return np.stack(states), caches
''',
        variant='''
def rnn_forward_cache(inputs, H, W_xh, W_hh, b_h):
    H0 = H
    caches = []
    for t in range(inputs.shape[0]):
        A = np.dot(inputs[t], W_xh) + np.dot(H0, W_hh) + b_h
        caches.append((inputs[t], H0, W_xh, W_hh, np.tanh(A)))
    return np.stack([c[4] for c in caches]), caches
'''),
    dict(
        part="rnn_forward_cache",
        name="new-state-cached-as-prev",
        explanation="H is overwritten by the new state before the cache is "
                    "written, so H_prev in the cache is the state the step "
                    "computed, not the one it read.",
        hint="keep the state the step read until its cache is stored.",
        code='''
from seqmodels.rnn import rnn_step


def rnn_forward_cache(inputs, H, W_xh, W_hh, b_h):
    caches, states = [], []
    for X in inputs:
        H = rnn_step(X, H, W_xh, W_hh, b_h)
        caches.append((X, H, W_xh, W_hh, H))
        states.append(H)
    return np.stack(states), caches
''',
        variant='''
from seqmodels.rnn import rnn_step


def rnn_forward_cache(inputs, H, W_xh, W_hh, b_h):
    H_all = []
    caches = []
    for t in range(len(inputs)):
        H_all.append(rnn_step(inputs[t], H_all[-1] if H_all else H, W_xh,
                              W_hh, b_h))
        caches.append((inputs[t], H_all[-1], W_xh, W_hh, H_all[-1]))
    return np.stack(H_all, axis=0), caches
'''),
    dict(
        part="rnn_forward_cache",
        name="cache-states-swapped",
        explanation="the cache holds (X_t, H_t, W_xh, W_hh, H_prev): the "
                    "state computed and the state read are in each other's "
                    "places.",
        hint="the task's order is (X_t, H_prev, W_xh, W_hh, H_t).",
        code='''
from seqmodels.rnn import rnn_step


def rnn_forward_cache(inputs, H, W_xh, W_hh, b_h):
    caches, states = [], []
    for t in range(inputs.shape[0]):
        H_new = rnn_step(inputs[t], H, W_xh, W_hh, b_h)
        caches.append((inputs[t], H_new, W_xh, W_hh, H))
        states.append(H_new)
        H = H_new
    return np.stack(states, axis=0), caches
''',
        variant='''
from seqmodels.rnn import rnn_step


def rnn_forward_cache(inputs, H, W_xh, W_hh, b_h):
    prevs, news = [], []
    for X in inputs:
        prevs.append(H)
        H = rnn_step(X, H, W_xh, W_hh, b_h)
        news.append(H)
    caches = [(inputs[t], news[t], W_xh, W_hh, prevs[t])
              for t in range(len(news))]
    return np.stack(news), caches
'''),
    dict(
        part="rnn_forward_cache",
        name="h-all-float32",
        explanation="H_all is preallocated with np.zeros, whose default "
                    "dtype in MXNet is float32, so the float64 states are "
                    "rounded when they are written into it.",
        hint="keep the inputs' dtype (stack the states, or pass dtype).",
        code='''
from seqmodels.rnn import rnn_step


def rnn_forward_cache(inputs, H, W_xh, W_hh, b_h):
    T = inputs.shape[0]
    H_all = np.zeros((T, H.shape[0], H.shape[1]))
    caches = []
    for t in range(T):
        H_new = rnn_step(inputs[t], H, W_xh, W_hh, b_h)
        caches.append((inputs[t], H, W_xh, W_hh, H_new))
        H_all[t] = H_new
        H = H_new
    return H_all, caches
''',
        variant='''
from seqmodels.rnn import rnn_step


def rnn_forward_cache(inputs, H, W_xh, W_hh, b_h):
    caches = []
    out = np.empty((len(inputs),) + H.shape)
    t = 0
    while t < len(inputs):
        H_t = rnn_step(inputs[t], H, W_xh, W_hh, b_h)
        caches.append((inputs[t], H, W_xh, W_hh, H_t))
        out[t, :, :] = H_t
        H, t = H_t, t + 1
    return out, caches
'''),
    dict(
        part="rnn_forward_cache",
        name="state-updated-in-place",
        explanation="H[:] = ... overwrites the state in place, so every "
                    "cache's H_prev is the same array (the last state), "
                    "and the caller's initial state is changed too.",
        hint="bind a new array to the state instead of writing into the "
             "old one.",
        code='''
from seqmodels.rnn import rnn_step


def rnn_forward_cache(inputs, H, W_xh, W_hh, b_h):
    caches, states = [], []
    for t in range(inputs.shape[0]):
        H_new = rnn_step(inputs[t], H, W_xh, W_hh, b_h)
        caches.append((inputs[t], H, W_xh, W_hh, H_new))
        states.append(H_new)
        H[:] = H_new
    return np.stack(states), caches
''',
        variant='''
def rnn_forward_cache(inputs, H, W_xh, W_hh, b_h):
    state = H
    caches = []
    for X in inputs:
        new = np.tanh(X @ W_xh + state @ W_hh + b_h)
        caches.append((X, state, W_xh, W_hh, new))
        state[...] = new
    return np.stack([c[-1] for c in caches]), caches
'''),
    dict(
        part="rnn_forward_cache",
        name="starts-at-step-one",
        explanation="the loop starts at t = 1 as in the maths (H_1 .. H_T), "
                    "so inputs[0] is never read and one step is missing.",
        hint="Python indices start at 0: every step of inputs is read.",
        code='''
from seqmodels.rnn import rnn_step


def rnn_forward_cache(inputs, H, W_xh, W_hh, b_h):
    caches, states = [], []
    for t in range(1, inputs.shape[0]):
        H_new = rnn_step(inputs[t], H, W_xh, W_hh, b_h)
        caches.append((inputs[t], H, W_xh, W_hh, H_new))
        states.append(H_new)
        H = H_new
    return np.stack(states), caches
''',
        variant='''
from seqmodels.rnn import rnn_step


def rnn_forward_cache(inputs, H, W_xh, W_hh, b_h):
    caches = []
    for X in inputs[1:]:
        H_t = rnn_step(X, H, W_xh, W_hh, b_h)
        caches.append((X, H, W_xh, W_hh, H_t))
        H = H_t
    return np.stack([c[4] for c in caches], axis=0), caches
'''),
    dict(
        part="rnn_forward_cache",
        name="initial-state-in-h-all",
        explanation="H_all starts with the initial state, so it has "
                    "num_steps + 1 entries and every state is shifted by "
                    "one step.",
        hint="H_all holds the states the steps computed, not the one "
             "they started from.",
        code='''
from seqmodels.rnn import rnn_step


def rnn_forward_cache(inputs, H, W_xh, W_hh, b_h):
    caches, states = [], [H]
    for t in range(inputs.shape[0]):
        H_new = rnn_step(inputs[t], H, W_xh, W_hh, b_h)
        caches.append((inputs[t], H, W_xh, W_hh, H_new))
        states.append(H_new)
        H = H_new
    return np.stack(states), caches
''',
        variant='''
from seqmodels.rnn import rnn_step


def rnn_forward_cache(inputs, H, W_xh, W_hh, b_h):
    caches = []
    for X in inputs:
        caches.append((X, H, W_xh, W_hh, rnn_step(X, H, W_xh, W_hh, b_h)))
        H = caches[-1][-1]
    H_all = np.concatenate([np.expand_dims(caches[0][1], 0),
                            np.stack([c[-1] for c in caches])], axis=0)
    return H_all, caches
'''),
    dict(
        part="rnn_forward_cache",
        name="bias-forgotten",
        explanation="the step computes tanh(X W_xh + H W_hh) without b_h, "
                    "so every state is off as soon as the bias is not 0.",
        hint="the pre-activation has three terms.",
        code='''
def rnn_forward_cache(inputs, H, W_xh, W_hh, b_h):
    caches, states = [], []
    for t in range(inputs.shape[0]):
        H_new = np.tanh(np.dot(inputs[t], W_xh) + np.dot(H, W_hh))
        caches.append((inputs[t], H, W_xh, W_hh, H_new))
        states.append(H_new)
        H = H_new
    return np.stack(states), caches
''',
        variant='''
from seqmodels.rnn import rnn_step


def rnn_forward_cache(inputs, H, W_xh, W_hh, b_h):
    zero = np.zeros_like(b_h)
    caches = []
    for X in inputs:
        H_t = rnn_step(X, H, W_xh, W_hh, zero)
        caches.append((X, H, W_xh, W_hh, H_t))
        H = H_t
    return np.stack([c[4] for c in caches]), caches
'''),
    dict(
        part="rnn_forward_cache",
        name="h-all-as-list",
        explanation="H_all is returned as a Python list of states, not as "
                    "one array of shape (num_steps, batch_size, "
                    "num_hiddens).",
        hint="stack the states along a new first axis.",
        code='''
from seqmodels.rnn import rnn_step


def rnn_forward_cache(inputs, H, W_xh, W_hh, b_h):
    caches, states = [], []
    for t in range(inputs.shape[0]):
        H_new = rnn_step(inputs[t], H, W_xh, W_hh, b_h)
        caches.append((inputs[t], H, W_xh, W_hh, H_new))
        states.append(H_new)
        H = H_new
    return states, caches
''',
        variant='''
from seqmodels.rnn import rnn_step


def rnn_forward_cache(inputs, H, W_xh, W_hh, b_h):
    caches = []
    for X in inputs:
        caches.append((X, H, W_xh, W_hh, rnn_step(X, H, W_xh, W_hh, b_h)))
        H = caches[-1][4]
    return [c[4] for c in caches], caches
'''),
    # ------------------------------------------------- rnn_step_backward
    dict(
        part="rnn_step_backward",
        name="no-tanh-derivative",
        explanation="dH is passed straight to the products, as if the step "
                    "were linear: the factor 1 - H_t^2 of tanh is missing.",
        hint="go back through tanh first, with its derivative written "
             "through its output.",
        code='''
def rnn_step_backward(dH, cache):
    X, H_prev, W_xh, W_hh, H = cache
    return (np.dot(dH, W_xh.T), np.dot(dH, W_hh.T), np.dot(X.T, dH),
            np.dot(H_prev.T, dH), dH.sum(axis=0))
''',
        variant='''
def rnn_step_backward(dH, cache):
    X, H_prev, W_xh, W_hh, H = cache
    dA = dH
    dX = dA @ np.transpose(W_xh)
    dH_prev = dA @ np.transpose(W_hh)
    dW_xh = np.transpose(X) @ dA
    dW_hh = np.transpose(H_prev) @ dA
    return dX, dH_prev, dW_xh, dW_hh, np.sum(dA, axis=0)
'''),
    dict(
        part="rnn_step_backward",
        name="tanh-applied-again",
        explanation="1 - tanh(H_t)^2 applies tanh to the cached output "
                    "again; H_t is already tanh(A_t), so the factor is "
                    "1 - H_t^2.",
        hint="the cache holds tanh's output, not its input.",
        code='''
def rnn_step_backward(dH, cache):
    X, H_prev, W_xh, W_hh, H = cache
    dA = dH * (1 - np.tanh(H) ** 2)
    return (np.dot(dA, W_xh.T), np.dot(dA, W_hh.T), np.dot(X.T, dA),
            np.dot(H_prev.T, dA), dA.sum(axis=0))
''',
        variant='''
def rnn_step_backward(dH, cache):
    X, H_prev, W_xh, W_hh, H = cache
    t = np.tanh(H)
    d_pre = dH - dH * t * t
    grads = [d_pre @ W_xh.T, d_pre @ W_hh.T, X.T @ d_pre, H_prev.T @ d_pre]
    return tuple(grads) + (d_pre.sum(0),)
'''),
    dict(
        part="rnn_step_backward",
        name="derivative-not-squared",
        explanation="the tanh factor is written 1 - H_t instead of "
                    "1 - H_t^2.",
        hint="tanh'(a) = 1 - tanh(a)^2.",
        code='''
def rnn_step_backward(dH, cache):
    X, H_prev, W_xh, W_hh, H = cache
    d_pre = (1 - H) * dH
    dX = d_pre @ W_xh.T
    dH_prev = d_pre @ W_hh.T
    return dX, dH_prev, X.T @ d_pre, H_prev.T @ d_pre, np.sum(d_pre, 0)
''',
        variant='''
def rnn_step_backward(dH, cache):
    X, H_prev, W_xh, W_hh, H = cache
    dA = dH - dH * H
    return (np.dot(dA, W_xh.T), np.dot(dA, W_hh.T), np.dot(X.T, dA),
            np.dot(H_prev.T, dA), dA.sum(axis=0))
'''),
    dict(
        part="rnn_step_backward",
        name="derivative-sign-flipped",
        explanation="the tanh factor is written H_t^2 - 1, which is "
                    "minus the derivative, so every gradient has the "
                    "wrong sign.",
        hint="tanh is increasing: its derivative is positive.",
        code='''
def rnn_step_backward(dH, cache):
    X, H_prev, W_xh, W_hh, H = cache
    d_pre = (H ** 2 - 1) * dH
    dX = d_pre @ W_xh.T
    dH_prev = d_pre @ W_hh.T
    return dX, dH_prev, X.T @ d_pre, H_prev.T @ d_pre, np.sum(d_pre, 0)
''',
        variant='''
def rnn_step_backward(dH, cache):
    X, H_prev, W_xh, W_hh, H = cache
    dA = dH * np.square(H) - dH
    out = []
    for left, right in ((dA, W_xh.T), (dA, W_hh.T), (X.T, dA),
                        (H_prev.T, dA)):
        out.append(np.dot(left, right))
    out.append(dA.sum(axis=0))
    return tuple(out)
'''),
    dict(
        part="rnn_step_backward",
        name="recurrent-weight-not-transposed",
        explanation="dH_prev uses W_hh instead of W_hh^T; W_hh is square, "
                    "so the shape is right and only the values are wrong.",
        hint="Y = A B sends dY B^T back to A.",
        code='''
def rnn_step_backward(dH, cache):
    X, H_prev, W_xh, W_hh, H = cache
    dA = dH * (1 - H ** 2)
    return (np.dot(dA, W_xh.T), np.dot(dA, W_hh), np.dot(X.T, dA),
            np.dot(H_prev.T, dA), dA.sum(axis=0))
''',
        variant='''
def rnn_step_backward(dH, cache):
    X, H_prev, W_xh, W_hh, H = cache
    g = (1 - H * H) * dH
    dH_prev = np.einsum("bj,jk->bk", g, W_hh)
    dX = np.einsum("bj,ij->bi", g, W_xh)
    dW_xh = np.einsum("bi,bj->ij", X, g)
    dW_hh = np.einsum("bi,bj->ij", H_prev, g)
    return dX, dH_prev, dW_xh, dW_hh, g.sum(axis=0)
'''),
    dict(
        part="rnn_step_backward",
        name="recurrent-gradient-transposed",
        explanation="dW_hh is computed as dA^T H_prev, the transpose of "
                    "H_prev^T dA; W_hh is square, so the shape does not "
                    "show it.",
        hint="Y = A B sends A^T dY to B.",
        code='''
def rnn_step_backward(dH, cache):
    X, H_prev, W_xh, W_hh, H = cache
    dA = dH * (1 - H ** 2)
    return (np.dot(dA, W_xh.T), np.dot(dA, W_hh.T), np.dot(X.T, dA),
            np.dot(dA.T, H_prev), dA.sum(axis=0))
''',
        variant='''
def rnn_step_backward(dH, cache):
    X, H_prev, W_xh, W_hh, H = cache
    d = dH * (1 - np.square(H))
    dW_hh = np.zeros_like(W_hh)
    for b in range(d.shape[0]):
        dW_hh = dW_hh + np.outer(d[b], H_prev[b])
    return d @ W_xh.T, d @ W_hh.T, X.T @ d, dW_hh, d.sum(axis=0)
'''),
    dict(
        part="rnn_step_backward",
        name="recurrent-path-skips-tanh",
        explanation="the parameter and input gradients go through tanh's "
                    "derivative but dH_prev is dH W_hh^T, as if the state "
                    "bypassed the tanh.",
        hint="every gradient of this step passes through the same tanh.",
        code='''
def rnn_step_backward(dH, cache):
    X, H_prev, W_xh, W_hh, H = cache
    dA = dH * (1 - H ** 2)
    dX = dA @ W_xh.T
    dH_prev = dH @ W_hh.T
    return dX, dH_prev, X.T @ dA, H_prev.T @ dA, dA.sum(axis=0)
''',
        variant='''
def rnn_step_backward(dH, cache):
    X, H_prev, W_xh, W_hh, H = cache
    gain = 1 - H * H
    dH_prev = np.dot(dH, np.transpose(W_hh))
    g = gain * dH
    return (np.dot(g, np.transpose(W_xh)), dH_prev, np.dot(X.T, g),
            np.dot(H_prev.T, g), np.sum(g, axis=0))
'''),
    dict(
        part="rnn_step_backward",
        name="bias-gradient-averaged",
        explanation="db_h is the mean over the batch, but the bias is "
                    "added to every row, so its gradient is the sum.",
        hint="sum, do not average, over the examples.",
        code='''
def rnn_step_backward(dH, cache):
    X, H_prev, W_xh, W_hh, H = cache
    d_pre = (1 - np.square(H)) * dH
    dX = d_pre @ W_xh.T
    dH_prev = d_pre @ W_hh.T
    return dX, dH_prev, X.T @ d_pre, H_prev.T @ d_pre, np.mean(d_pre, 0)
''',
        variant='''
def rnn_step_backward(dH, cache):
    X, H_prev, W_xh, W_hh, H = cache
    dA = dH * (1 - H ** 2)
    db = dA.sum(axis=0) / dA.shape[0]
    return (np.dot(dA, W_xh.T), np.dot(dA, W_hh.T), np.dot(X.T, dA),
            np.dot(H_prev.T, dA), db)
'''),
    dict(
        part="rnn_step_backward",
        name="bias-gradient-wrong-axis",
        explanation="db_h sums over the hidden units (axis 1), giving one "
                    "number per example instead of one per unit.",
        hint="the bias has one entry per hidden unit: sum over the batch.",
        code='''
def rnn_step_backward(dH, cache):
    X, H_prev, W_xh, W_hh, H = cache
    d_pre = (1 - np.square(H)) * dH
    dX = d_pre @ W_xh.T
    dH_prev = d_pre @ W_hh.T
    return dX, dH_prev, X.T @ d_pre, H_prev.T @ d_pre, np.sum(d_pre, 1)
''',
        variant='''
def rnn_step_backward(dH, cache):
    X, H_prev, W_xh, W_hh, H = cache
    dA = dH * (1 - H * H)
    db = np.stack([row.sum() for row in dA])
    return (np.dot(dA, W_xh.T), np.dot(dA, W_hh.T), np.dot(X.T, dA),
            np.dot(H_prev.T, dA), db)
'''),
    # ------------------------------------------------------ rnn_backward
    dict(
        part="rnn_backward",
        name="parameter-gradients-not-accumulated",
        explanation="the parameter gradients of each step replace the "
                    "previous ones, so only step 0's are returned; the "
                    "same weights serve every step and their gradients add "
                    "up.",
        hint="sum the parameter gradients over all steps.",
        code='''
def rnn_backward(dH_all, caches, truncation=None,
                 step_backward=rnn_step_backward):
    dXs = []
    carry = np.zeros_like(dH_all[0])
    for t in reversed(range(len(caches))):
        dX, dH_prev, *grads = step_backward(dH_all[t] + carry, caches[t])
        dXs.insert(0, dX)
        cut = truncation and t % truncation == 0
        carry = np.zeros_like(dH_prev) if cut else dH_prev
    return (np.stack(dXs), dH_prev, *grads)
''',
        variant='''
def rnn_backward(dH_all, caches, truncation=None,
                 step_backward=rnn_step_backward):
    T = len(caches)
    dX_all = [None] * T
    g = 0 * dH_all[0]
    for t in range(T - 1, -1, -1):
        dX_all[t], dH0, dW_xh, dW_hh, db_h = step_backward(dH_all[t] + g,
                                                           caches[t])
        if truncation is not None and t % truncation == 0:
            g = 0 * dH0
        else:
            g = dH0
    return np.stack(dX_all), dH0, dW_xh, dW_hh, db_h
'''),
    dict(
        part="rnn_backward",
        name="truncation-one-step-late",
        explanation="the gradient is cut after the last step of each chunk "
                    "((t + 1) % k == 0) instead of before its first step "
                    "(t % k == 0), so the chunks are shifted by one.",
        hint="the state is detached at the start of a chunk: at steps "
             "k, 2k, ...",
        code='''
def rnn_backward(dH_all, caches, truncation=None,
                 step_backward=rnn_step_backward):
    totals, dX_all = None, [None] * len(caches)
    carry = np.zeros_like(dH_all[0])
    for t in reversed(range(len(caches))):
        dX, dH_prev, *grads = step_backward(dH_all[t] + carry, caches[t])
        dX_all[t] = dX
        totals = grads if totals is None else [
            a + b for a, b in zip(totals, grads)]
        cut = truncation is not None and (t + 1) % truncation == 0
        carry = dH_prev * 0 if cut else dH_prev
    return (np.stack(dX_all), dH_prev, *totals)
''',
        variant='''
def rnn_backward(dH_all, caches, truncation=None,
                 step_backward=rnn_step_backward):
    T = len(caches)
    dX, sums = [], [0, 0, 0]
    dH = dH_all[T - 1]
    for t in range(T - 1, -1, -1):
        out = step_backward(dH, caches[t])
        dX.append(out[0])
        sums = [s + g for s, g in zip(sums, out[2:])]
        if t == 0:
            break
        if truncation and t % truncation == truncation - 1:
            dH = dH_all[t - 1]
        else:
            dH = dH_all[t - 1] + out[1]
    return (np.stack(dX[::-1]), out[1], *sums)
'''),
    dict(
        part="rnn_backward",
        name="direct-gradient-only-last-step",
        explanation="dH_all[t] is added at the last step only; every "
                    "earlier step also receives its own direct gradient "
                    "from the loss.",
        hint="the total gradient at H_t is dH_all[t] plus what step t+1 "
             "sends back.",
        code='''
def rnn_backward(dH_all, caches, truncation=None,
                 step_backward=rnn_step_backward):
    dXs, grads = [], None
    dH = dH_all[-1]
    for t in reversed(range(len(caches))):
        dX, dH_prev, *g = step_backward(dH, caches[t])
        dXs.insert(0, dX)
        grads = g if grads is None else [a + b for a, b in zip(grads, g)]
        cut = truncation and t % truncation == 0
        dH = np.zeros_like(dH_prev) if cut else dH_prev
    return (np.stack(dXs), dH_prev, *grads)
''',
        variant='''
def rnn_backward(dH_all, caches, truncation=None,
                 step_backward=rnn_step_backward):
    T = len(caches)
    dX_all = [None] * T
    total = [0, 0, 0]
    incoming = None
    for t in range(T - 1, -1, -1):
        dH = dH_all[t] if t == T - 1 else incoming
        dX_all[t], dH_prev, *g = step_backward(dH, caches[t])
        total = [a + b for a, b in zip(total, g)]
        stop = truncation is not None and t % truncation == 0
        incoming = dH_prev * 0 if stop else dH_prev
    return (np.stack(dX_all), dH_prev, *total)
'''),
    dict(
        part="rnn_backward",
        name="gradient-not-carried",
        explanation="each step gets only dH_all[t]; what step t+1 sends "
                    "back (its dH_prev) is dropped, so no gradient flows "
                    "through time.",
        hint="add the later step's dH_prev to dH_all[t].",
        code='''
def rnn_backward(dH_all, caches, truncation=None,
                 step_backward=rnn_step_backward):
    num_steps = len(caches)
    totals, dX_all = None, [None] * num_steps
    for t in range(num_steps - 1, -1, -1):
        dX_t, dH0, *param_grads = step_backward(dH_all[t], caches[t])
        dX_all[t] = dX_t
        totals = param_grads if totals is None else [
            a + b for a, b in zip(totals, param_grads)]
    return (np.stack(dX_all), dH0, *totals)
''',
        variant='''
def rnn_backward(dH_all, caches, truncation=None,
                 step_backward=rnn_step_backward):
    results = [step_backward(dH_all[t], caches[t])
               for t in reversed(range(len(caches)))]
    dX_all = np.stack([r[0] for r in results[::-1]])
    sums = [sum(r[i] for r in results) for i in (2, 3, 4)]
    return (dX_all, results[-1][1], *sums)
'''),
    dict(
        part="rnn_backward",
        name="truncation-ignored",
        explanation="the truncation argument is never used, so the "
                    "gradient always flows through the whole sequence "
                    "(full BPTT).",
        hint="with truncation=k, stop the carried gradient at the start "
             "of each chunk.",
        code='''
def rnn_backward(dH_all, caches, truncation=None,
                 step_backward=rnn_step_backward):
    num_steps = len(caches)
    totals, dX_all = None, [None] * num_steps
    from_later = np.zeros_like(dH_all[0])
    for t in range(num_steps - 1, -1, -1):
        dX_t, dH0, *param_grads = step_backward(dH_all[t] + from_later,
                                                caches[t])
        dX_all[t] = dX_t
        totals = param_grads if totals is None else [
            a + b for a, b in zip(totals, param_grads)]
        from_later = dH0
    return (np.stack(dX_all), dH0, *totals)
''',
        variant='''
def rnn_backward(dH_all, caches, truncation=None,
                 step_backward=rnn_step_backward):
    dX = []
    dW_xh = dW_hh = db_h = 0
    dH_prev = np.zeros_like(dH_all[-1])
    for cache, d in zip(caches[::-1], dH_all[::-1]):
        g_x, dH_prev, g_wx, g_wh, g_b = step_backward(d + dH_prev, cache)
        dX.insert(0, g_x)
        dW_xh, dW_hh, db_h = dW_xh + g_wx, dW_hh + g_wh, db_h + g_b
    return np.stack(dX), dH_prev, dW_xh, dW_hh, db_h
'''),
    dict(
        part="rnn_backward",
        name="truncation-cuts-initial-state",
        explanation="with truncation, step 0 also counts as a cut, so dH0 "
                    "comes back as 0; the first chunk still reaches H0.",
        hint="the cut only stops the gradient between two chunks, not "
             "before the first one.",
        code='''
def rnn_backward(dH_all, caches, truncation=None,
                 step_backward=rnn_step_backward):
    num_steps = len(caches)
    totals, dX_all = None, [None] * num_steps
    carry = np.zeros_like(dH_all[0])
    for t in range(num_steps - 1, -1, -1):
        dX_t, dH_prev, *param_grads = step_backward(dH_all[t] + carry,
                                                    caches[t])
        dX_all[t] = dX_t
        totals = param_grads if totals is None else [
            a + b for a, b in zip(totals, param_grads)]
        if truncation is not None and t % truncation == 0:
            carry = np.zeros_like(dH_prev)
        else:
            carry = dH_prev
    return (np.stack(dX_all), carry, *totals)
''',
        variant='''
def rnn_backward(dH_all, caches, truncation=None,
                 step_backward=rnn_step_backward):
    T = len(caches)
    dX = [None] * T
    acc = None
    g = np.zeros_like(dH_all[0])
    for t in reversed(range(T)):
        dX[t], g, *p = step_backward(dH_all[t] + g, caches[t])
        acc = p if acc is None else [a + b for a, b in zip(acc, p)]
        if truncation and t % truncation == 0:
            g = g * 0
    return (np.stack(dX), g, *acc)
'''),
    dict(
        part="rnn_backward",
        name="dx-in-reverse-order",
        explanation="dX is appended while walking from the last step to "
                    "the first and stacked as it is, so dX_all[0] holds "
                    "the last step's gradient.",
        hint="dX_all[t] must be the gradient of inputs[t].",
        code='''
def rnn_backward(dH_all, caches, truncation=None,
                 step_backward=rnn_step_backward):
    num_steps = len(caches)
    totals, dX_all = None, []
    from_later = np.zeros_like(dH_all[0])
    for t in range(num_steps - 1, -1, -1):
        dX_t, dH0, *param_grads = step_backward(dH_all[t] + from_later,
                                                caches[t])
        dX_all.append(dX_t)
        totals = param_grads if totals is None else [
            a + b for a, b in zip(totals, param_grads)]
        chunk_start = truncation is not None and t % truncation == 0
        from_later = dH0 * 0 if chunk_start else dH0
    return (np.stack(dX_all), dH0, *totals)
''',
        variant='''
def rnn_backward(dH_all, caches, truncation=None,
                 step_backward=rnn_step_backward):
    T = len(caches)
    dX = [None] * T
    sums = None
    carry = np.zeros_like(dH_all[0])
    for k in range(T):
        t = T - 1 - k
        dX[k], dH_prev, *g = step_backward(dH_all[t] + carry, caches[t])
        sums = g if sums is None else [a + b for a, b in zip(sums, g)]
        carry = (np.zeros_like(dH_prev) if truncation and t % truncation == 0
                 else dH_prev)
    return (np.stack(dX), dH_prev, *sums)
'''),
    dict(
        part="rnn_backward",
        name="dh-all-changed-in-place",
        explanation="dH_all[t] += ... adds the carried gradient into the "
                    "caller's array, so dH_all is changed and a second call "
                    "with the same dH_all gives other gradients.",
        hint="build the step's total gradient in a new array.",
        code='''
def rnn_backward(dH_all, caches, truncation=None,
                 step_backward=rnn_step_backward):
    num_steps = len(caches)
    totals, dX_all = None, [None] * num_steps
    from_later = np.zeros_like(dH_all[0])
    for t in range(num_steps - 1, -1, -1):
        dH_all[t] += from_later
        dX_t, dH0, *param_grads = step_backward(dH_all[t], caches[t])
        dX_all[t] = dX_t
        totals = param_grads if totals is None else [
            a + b for a, b in zip(totals, param_grads)]
        chunk_start = truncation is not None and t % truncation == 0
        from_later = dH0 * 0 if chunk_start else dH0
    return (np.stack(dX_all), dH0, *totals)
''',
        variant='''
def rnn_backward(dH_all, caches, truncation=None,
                 step_backward=rnn_step_backward):
    T = len(caches)
    dX, sums = [], None
    for t in reversed(range(T)):
        dX.insert(0, None)
        dX[0], dH_prev, *g = step_backward(dH_all[t], caches[t])
        sums = g if sums is None else [a + b for a, b in zip(sums, g)]
        if t > 0 and not (truncation and t % truncation == 0):
            dH_all[t - 1, :, :] = dH_all[t - 1] + dH_prev
    return (np.stack(dX), dH_prev, *sums)
'''),
    dict(
        part="rnn_backward",
        name="chunks-counted-from-the-end",
        explanation="the chunks are counted from the last step backwards, "
                    "but they start at step 0 (steps 0..k-1, k..2k-1, ...), "
                    "so the cuts are in the wrong places when k does not "
                    "divide num_steps.",
        hint="a chunk starts at each step t with t % k == 0.",
        code='''
def rnn_backward(dH_all, caches, truncation=None,
                 step_backward=rnn_step_backward):
    num_steps = len(caches)
    totals, dX_all = None, [None] * num_steps
    from_later = np.zeros_like(dH_all[0])
    for t in range(num_steps - 1, -1, -1):
        dX_t, dH0, *param_grads = step_backward(dH_all[t] + from_later,
                                                caches[t])
        dX_all[t] = dX_t
        totals = param_grads if totals is None else [
            a + b for a, b in zip(totals, param_grads)]
        steps_back = num_steps - t
        cut = truncation is not None and steps_back % truncation == 0
        from_later = dH0 * 0 if cut else dH0
    return (np.stack(dX_all), dH0, *totals)
''',
        variant='''
def rnn_backward(dH_all, caches, truncation=None,
                 step_backward=rnn_step_backward):
    T = len(caches)
    dX = [None] * T
    sums = None
    carry = np.zeros_like(dH_all[0])
    count = 0
    for t in range(T - 1, -1, -1):
        dX[t], dH_prev, *g = step_backward(dH_all[t] + carry, caches[t])
        sums = g if sums is None else [a + b for a, b in zip(sums, g)]
        count += 1
        if truncation is not None and count == truncation:
            carry, count = np.zeros_like(dH_prev), 0
        else:
            carry = dH_prev
    return (np.stack(dX), dH_prev, *sums)
'''),
    # ------------------------------------------------ recurrent_jacobian
    dict(
        part="recurrent_jacobian",
        name="no-tanh-derivative",
        explanation="every example gets W_hh^T, the Jacobian of a linear "
                    "RNN: the factor diag(1 - H_t^2) of tanh is missing.",
        hint="row i of the Jacobian is scaled by 1 - H_{t,i}^2.",
        code='''
def recurrent_jacobian(H, W_hh):
    return np.broadcast_to(W_hh.T, (H.shape[0],) + W_hh.shape)
''',
        variant='''
def recurrent_jacobian(H, W_hh):
    return np.stack([np.transpose(W_hh) for _ in range(H.shape[0])])
'''),
    dict(
        part="recurrent_jacobian",
        name="w-hh-not-transposed",
        explanation="the Jacobian uses W_hh instead of W_hh^T: entry "
                    "(i, j) is dH_i/dH_prev_j = (1 - H_i^2) W_hh[j, i].",
        hint="in H_prev W_hh, unit j of H_prev reaches unit i through "
             "W_hh[j, i].",
        code='''
def recurrent_jacobian(H, W_hh):
    return np.expand_dims(1 - H ** 2, 2) * np.expand_dims(W_hh, 0)
''',
        variant='''
def recurrent_jacobian(H, W_hh):
    g = 1 - H * H
    return np.stack([np.dot(np.diag(g[b]), W_hh) for b in range(len(g))])
'''),
    dict(
        part="recurrent_jacobian",
        name="gain-on-columns",
        explanation="the tanh factor scales the columns, W_hh^T "
                    "diag(1 - H_t^2), instead of the rows: it belongs to "
                    "the output unit i, not the input unit j.",
        hint="diag(1 - H_t^2) multiplies W_hh^T from the left.",
        code='''
def recurrent_jacobian(H, W_hh):
    gain = 1 - H * H
    return gain[:, None, :] * np.transpose(W_hh)[None, :, :]
''',
        variant='''
def recurrent_jacobian(H, W_hh):
    J = []
    for h in H:
        J.append(np.dot(W_hh.T, np.diag(1 - h ** 2)))
    return np.stack(J)
'''),
    dict(
        part="recurrent_jacobian",
        name="derivative-not-squared",
        explanation="the tanh factor is written 1 - H_t instead of "
                    "1 - H_t^2.",
        hint="tanh'(a) = 1 - tanh(a)^2, and H_t = tanh(a).",
        code='''
def recurrent_jacobian(H, W_hh):
    gain = 1 - H
    return gain[:, :, None] * np.transpose(W_hh)[None, :, :]
''',
        variant='''
def recurrent_jacobian(H, W_hh):
    return np.stack([np.diag(1 - row) @ W_hh.T for row in H])
'''),
    dict(
        part="recurrent_jacobian",
        name="tanh-applied-again",
        explanation="1 - tanh(H_t)^2 applies tanh to the state again; "
                    "H_t is already tanh of the pre-activation.",
        hint="the derivative is written through tanh's output H_t.",
        code='''
def recurrent_jacobian(H, W_hh):
    gain = 1 - np.tanh(H) ** 2
    return gain[:, :, None] * np.transpose(W_hh)[None, :, :]
''',
        variant='''
def recurrent_jacobian(H, W_hh):
    T = np.tanh(H)
    return np.einsum("bi,ji->bij", 1 - T * T, W_hh)
'''),
    dict(
        part="recurrent_jacobian",
        name="one-gain-for-the-batch",
        explanation="the tanh factor is averaged over the batch, so every "
                    "example gets the same Jacobian instead of its own.",
        hint="each example has its own state and its own Jacobian.",
        code='''
def recurrent_jacobian(H, W_hh):
    gain = (1 - H ** 2).mean(axis=0)
    J = np.diag(gain) @ W_hh.T
    return np.broadcast_to(J, (H.shape[0],) + J.shape)
''',
        variant='''
def recurrent_jacobian(H, W_hh):
    g = np.sum(1 - H * H, axis=0) / H.shape[0]
    return np.stack([g[:, None] * W_hh.T] * H.shape[0])
'''),
    dict(
        part="recurrent_jacobian",
        name="derivative-sign-flipped",
        explanation="the tanh factor is written H_t^2 - 1, minus the "
                    "derivative, so every entry has the wrong sign.",
        hint="tanh is increasing: 1 - H_t^2 is positive.",
        code='''
def recurrent_jacobian(H, W_hh):
    gain = H * H - 1
    return gain[:, :, None] * np.transpose(W_hh)[None, :, :]
''',
        variant='''
def recurrent_jacobian(H, W_hh):
    return -np.einsum("bi,ji->bij", 1 - H ** 2, W_hh)
'''),
    dict(
        part="recurrent_jacobian",
        name="float32-buffer",
        explanation="the Jacobians are written into np.zeros, whose default "
                    "dtype in MXNet is float32, so the float64 values are "
                    "rounded.",
        hint="keep the inputs' dtype (pass dtype=H.dtype, or build the "
             "result without a preallocated buffer).",
        code='''
def recurrent_jacobian(H, W_hh):
    B, N = H.shape
    J = np.zeros((B, N, N))
    for b in range(B):
        J[b] = np.diag(1 - H[b] ** 2) @ W_hh.T
    return J
''',
        variant='''
def recurrent_jacobian(H, W_hh):
    out = np.empty((H.shape[0], W_hh.shape[1], W_hh.shape[0]))
    out[:] = (1 - H * H)[:, :, None] * W_hh.T[None]
    return out
'''),
    # ---------------------------------------------------- gradient_norms
    dict(
        part="gradient_norms",
        name="jacobian-of-previous-state",
        explanation="the Jacobian is evaluated at H_prev, the state the "
                    "step read; dH_t/dH_{t-1} depends on H_t, the state "
                    "the step computed.",
        hint="use the H_t of the step you go back through.",
        code='''
def gradient_norms(dH_last, caches, jacobian=recurrent_jacobian):
    g, norms = dH_last, []
    for t in reversed(range(len(caches))):
        norms.append(float(np.sqrt((g ** 2).sum(axis=1)).mean()))
        _, H_prev, _, W_hh, _ = caches[t]
        g = np.einsum("bi,bij->bj", g, jacobian(H_prev, W_hh))
    return onp.array(norms)
''',
        variant='''
def gradient_norms(dH_last, caches, jacobian=recurrent_jacobian):
    out = onp.zeros(len(caches))
    g = dH_last
    for k, cache in enumerate(reversed(caches)):
        out[k] = np.linalg.norm(g, axis=1).mean().item()
        J = jacobian(cache[1], cache[3])
        g = (np.expand_dims(g, 1) @ J)[:, 0]
    return out
'''),
    dict(
        part="gradient_norms",
        name="jacobian-from-the-left",
        explanation="the gradient is multiplied as J g (a column vector) "
                    "instead of g J (a row vector), which uses J^T.",
        hint="dL/dH_{t-1} = dL/dH_t times dH_t/dH_{t-1}, the row vector "
             "on the left.",
        code='''
def gradient_norms(dH_last, caches, jacobian=recurrent_jacobian):
    g, norms = dH_last, []
    for cache in reversed(caches):
        norms.append(float(np.sqrt((g ** 2).sum(axis=1)).mean()))
        J = jacobian(cache[4], cache[3])
        g = np.einsum("bij,bj->bi", J, g)
    return onp.array(norms)
''',
        variant='''
def gradient_norms(dH_last, caches, jacobian=recurrent_jacobian):
    g = dH_last
    result = []
    for t in range(len(caches) - 1, -1, -1):
        result.append(np.linalg.norm(g, axis=1).mean().item())
        J = jacobian(caches[t][4], caches[t][3])
        g = (J @ np.expand_dims(g, 2))[:, :, 0]
    return onp.array(result)
'''),
    dict(
        part="gradient_norms",
        name="mxnet-array",
        explanation="the norms come back as an MXNet array; the task asks "
                    "for a numpy array (.asnumpy()).",
        hint="convert the result with .asnumpy() (or build it with onp).",
        code='''
def gradient_norms(dH_last, caches, jacobian=recurrent_jacobian):
    g, result = dH_last, []
    for step in range(len(caches) - 1, -1, -1):
        result.append(np.linalg.norm(g, axis=1).mean())
        *_, W_hh, H_t = caches[step]
        g = np.einsum("bi,bij->bj", g, jacobian(H_t, W_hh))
    return np.stack(result)
''',
        variant='''
def gradient_norms(dH_last, caches, jacobian=recurrent_jacobian):
    norms = np.zeros(len(caches), dtype=dH_last.dtype)
    g = dH_last
    for k in range(len(caches)):
        _, _, _, W, H = caches[len(caches) - 1 - k]
        norms[k] = np.sqrt((g * g).sum(axis=1)).mean()
        g = np.einsum("bi,bij->bj", g, jacobian(H, W))
    return norms
'''),
    dict(
        part="gradient_norms",
        name="python-list",
        explanation="the norms come back as a Python list; the task asks "
                    "for a numpy array.",
        hint="wrap the list with onp.array.",
        code='''
def gradient_norms(dH_last, caches, jacobian=recurrent_jacobian):
    g, result = dH_last, []
    for step in range(len(caches) - 1, -1, -1):
        result.append(float(np.linalg.norm(g, axis=1).mean()))
        *_, W_hh, H_t = caches[step]
        g = np.einsum("bi,bij->bj", g, jacobian(H_t, W_hh))
    return result
''',
        variant='''
def gradient_norms(dH_last, caches, jacobian=recurrent_jacobian):
    g = dH_last
    out = []
    for cache in caches[::-1]:
        out.append(np.sqrt(np.sum(g ** 2, axis=1)).mean().item())
        g = np.matmul(np.expand_dims(g, 1), jacobian(cache[4], cache[3]))
        g = g.reshape(g.shape[0], -1)
    return out
'''),
    dict(
        part="gradient_norms",
        name="norm-of-batch-mean",
        explanation="the gradient is averaged over the batch before the "
                    "norm is taken; the task asks for the mean of the "
                    "examples' norms.",
        hint="take each example's norm first, then average.",
        code='''
def gradient_norms(dH_last, caches, jacobian=recurrent_jacobian):
    g, result = dH_last, []
    for step in range(len(caches) - 1, -1, -1):
        result.append(float(np.linalg.norm(g.mean(axis=0))))
        *_, W_hh, H_t = caches[step]
        g = np.einsum("bi,bij->bj", g, jacobian(H_t, W_hh))
    return onp.array(result)
''',
        variant='''
def gradient_norms(dH_last, caches, jacobian=recurrent_jacobian):
    g = dH_last
    out = onp.empty(len(caches))
    for k, cache in enumerate(caches[::-1]):
        m = g.sum(axis=0) / g.shape[0]
        out[k] = float(np.sqrt((m * m).sum()))
        g = np.einsum("bi,bij->bj", g, jacobian(cache[4], cache[3]))
    return out
'''),
    dict(
        part="gradient_norms",
        name="norm-over-whole-batch",
        explanation="one norm is taken over the whole (batch, hiddens) "
                    "array instead of one per example, averaged.",
        hint="norm along axis 1 (the hidden units), then the batch mean.",
        code='''
def gradient_norms(dH_last, caches, jacobian=recurrent_jacobian):
    g, result = dH_last, []
    for step in range(len(caches) - 1, -1, -1):
        result.append(float(np.linalg.norm(g)))
        *_, W_hh, H_t = caches[step]
        g = np.einsum("bi,bij->bj", g, jacobian(H_t, W_hh))
    return onp.array(result)
''',
        variant='''
def gradient_norms(dH_last, caches, jacobian=recurrent_jacobian):
    g = dH_last
    out = []
    for cache in reversed(caches):
        out.append(float(np.sqrt((g ** 2).sum())))
        g = (np.expand_dims(g, 1) @ jacobian(cache[4], cache[3]))[:, 0, :]
    return onp.array(out)
'''),
    dict(
        part="gradient_norms",
        name="squared-norm",
        explanation="the squares are summed but the square root is never "
                    "taken, so the result is the squared norm.",
        hint="the Euclidean norm is the square root of the sum of squares.",
        code='''
def gradient_norms(dH_last, caches, jacobian=recurrent_jacobian):
    g, result = dH_last, []
    for step in range(len(caches) - 1, -1, -1):
        result.append(float((g ** 2).sum(axis=1).mean()))
        *_, W_hh, H_t = caches[step]
        g = np.einsum("bi,bij->bj", g, jacobian(H_t, W_hh))
    return onp.array(result)
''',
        variant='''
def gradient_norms(dH_last, caches, jacobian=recurrent_jacobian):
    g = dH_last
    out = onp.zeros(len(caches))
    for k, cache in enumerate(reversed(caches)):
        out[k] = float(np.mean(np.sum(g * g, axis=-1)))
        g = np.einsum("bi,bij->bj", g, jacobian(cache[4], cache[3]))
    return out
'''),
    dict(
        part="gradient_norms",
        name="first-entry-skipped",
        explanation="the norm is recorded after each step back, so entry 0 "
                    "is already one step before the last state and the "
                    "last entry is the initial state's.",
        hint="entry 0 is the norm of dH_last itself.",
        code='''
def gradient_norms(dH_last, caches, jacobian=recurrent_jacobian):
    g, result = dH_last, []
    for step in range(len(caches) - 1, -1, -1):
        *_, W_hh, H_t = caches[step]
        g = np.einsum("bi,bij->bj", g, jacobian(H_t, W_hh))
        result.append(float(np.linalg.norm(g, axis=1).mean()))
    return onp.array(result)
''',
        variant='''
def gradient_norms(dH_last, caches, jacobian=recurrent_jacobian):
    g = dH_last
    out = onp.zeros(len(caches))
    k = 0
    for cache in caches[::-1]:
        g = (np.expand_dims(g, 1) @ jacobian(cache[4], cache[3]))[:, 0]
        out[k] = np.sqrt((g ** 2).sum(axis=1)).mean().item()
        k += 1
    return out
'''),
    dict(
        part="gradient_norms",
        name="includes-initial-state",
        explanation="the norm at the initial state is appended too, so "
                    "the result has num_steps + 1 entries.",
        hint="the last entry is the state computed by step 0, not the "
             "initial state.",
        code='''
def gradient_norms(dH_last, caches, jacobian=recurrent_jacobian):
    g, result = dH_last, []
    for step in range(len(caches) - 1, -1, -1):
        result.append(float(np.linalg.norm(g, axis=1).mean()))
        *_, W_hh, H_t = caches[step]
        g = np.einsum("bi,bij->bj", g, jacobian(H_t, W_hh))
    result.append(float(np.linalg.norm(g, axis=1).mean()))
    return onp.array(result)
''',
        variant='''
def gradient_norms(dH_last, caches, jacobian=recurrent_jacobian):
    grads = [dH_last]
    for cache in reversed(caches):
        grads.append(np.einsum("bi,bij->bj", grads[-1],
                               jacobian(cache[4], cache[3])))
    return onp.array([np.sqrt((g ** 2).sum(axis=1)).mean().item()
                      for g in grads])
'''),
    dict(
        part="gradient_norms",
        name="entries-in-time-order",
        explanation="the norms are returned in time order (step 0 first); "
                    "entry k must be the state k steps before the last.",
        hint="entry 0 is the last state's gradient, dH_last.",
        code='''
def gradient_norms(dH_last, caches, jacobian=recurrent_jacobian):
    g, result = dH_last, []
    for step in range(len(caches) - 1, -1, -1):
        result.append(float(np.linalg.norm(g, axis=1).mean()))
        *_, W_hh, H_t = caches[step]
        g = np.einsum("bi,bij->bj", g, jacobian(H_t, W_hh))
    return onp.array(result[::-1])
''',
        variant='''
def gradient_norms(dH_last, caches, jacobian=recurrent_jacobian):
    T = len(caches)
    out = onp.zeros(T)
    g = dH_last
    for t in range(T - 1, -1, -1):
        out[t] = np.sqrt((g ** 2).sum(axis=1)).mean().item()
        g = np.einsum("bi,bij->bj", g, jacobian(caches[t][4], caches[t][3]))
    return out
'''),
    dict(
        part="gradient_norms",
        name="caches-walked-forwards",
        explanation="the caches are walked from step 0 upwards, so the "
                    "gradient of the last state goes back through the "
                    "first step's Jacobian.",
        hint="going back in time means starting from the last cache.",
        code='''
def gradient_norms(dH_last, caches, jacobian=recurrent_jacobian):
    g, result = dH_last, []
    for step in range(len(caches)):
        result.append(float(np.linalg.norm(g, axis=1).mean()))
        *_, W_hh, H_t = caches[step]
        g = np.einsum("bi,bij->bj", g, jacobian(H_t, W_hh))
    return onp.array(result)
''',
        variant='''
def gradient_norms(dH_last, caches, jacobian=recurrent_jacobian):
    g = dH_last
    out = onp.zeros(len(caches))
    for k, (X, H_prev, W_xh, W_hh, H) in enumerate(caches):
        out[k] = np.sqrt((g ** 2).sum(axis=1)).mean().item()
        g = (np.expand_dims(g, 1) @ jacobian(H, W_hh))[:, 0]
    return out
'''),
    dict(
        part="gradient_norms",
        name="float32-result",
        explanation="the norms are stored in a float32 numpy array, so the "
                    "float64 values are rounded to about 7 digits.",
        hint="keep float64 (the default of onp.zeros and onp.array).",
        code='''
def gradient_norms(dH_last, caches, jacobian=recurrent_jacobian):
    result = onp.zeros(len(caches), dtype=onp.float32)
    g = dH_last
    for k, step in enumerate(range(len(caches) - 1, -1, -1)):
        result[k] = float(np.linalg.norm(g, axis=1).mean())
        *_, W_hh, H_t = caches[step]
        g = np.einsum("bi,bij->bj", g, jacobian(H_t, W_hh))
    return result
''',
        variant='''
def gradient_norms(dH_last, caches, jacobian=recurrent_jacobian):
    g = dH_last
    norms = []
    for cache in reversed(caches):
        norms.append(np.sqrt((g ** 2).sum(axis=1)).mean().item())
        g = (np.expand_dims(g, 1) @ jacobian(cache[4], cache[3]))[:, 0]
    return onp.array(norms, dtype="float32")
'''),
]
