"""Misconceptions of the rnn assignment: wrong answers as students write
them. Each entry loses its part (``python -m authoring.catalogue rnn``); the
feedback names the one whose results match a failed answer's."""

CATALOGUE = [
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
]
