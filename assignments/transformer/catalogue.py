"""Misconceptions of the transformer assignment: wrong answers as students
write them. Each entry loses its part (``python tests/catalogue.py
transformer``); the feedback names the one whose results match a failed
answer's."""

CATALOGUE = [
    # ------------------------------------------------- positional_encoding
    dict(
        part="positional_encoding",
        name="sin-cos-swapped",
        explanation="the even columns hold cosines and the odd columns "
                    "sines, the other way round from the formula.",
        hint="P[i, 2j] is a sine and P[i, 2j + 1] a cosine: check the "
             "slices 0::2 and 1::2.",
        code='''
def positional_encoding(max_len, num_hiddens):
    i = np.arange(max_len, dtype="float64").reshape(-1, 1)
    rates = np.power(10000.0, np.arange(0, num_hiddens, 2,
                                        dtype="float64") / num_hiddens)
    P = np.zeros((max_len, num_hiddens), dtype="float64")
    P[:, 0::2] = np.cos(i / rates)
    P[:, 1::2] = np.sin(i / rates)
    return P.astype("float32")
''',
        variant='''
def positional_encoding(max_len, num_hiddens):
    pos = np.arange(max_len, dtype="float64")[:, None]
    j = np.arange(num_hiddens // 2, dtype="float64")[None, :]
    angles = pos / 10000.0 ** (2 * j / num_hiddens)
    table = np.stack([np.cos(angles), np.sin(angles)], axis=-1)
    return table.reshape(max_len, num_hiddens).astype(np.float32)
'''),
    dict(
        part="positional_encoding",
        name="returns-float64",
        explanation="the table is computed in float64 and returned as "
                    "float64, where a float32 table is asked for (the "
                    "embeddings it is added to are float32).",
        hint="round the table to float32 at the end.",
        code='''
def positional_encoding(max_len, num_hiddens):
    i = np.arange(max_len, dtype="float64").reshape(-1, 1)
    rates = np.power(10000.0, np.arange(0, num_hiddens, 2,
                                        dtype="float64") / num_hiddens)
    P = np.zeros((max_len, num_hiddens), dtype="float64")
    P[:, 0::2] = np.sin(i / rates)
    P[:, 1::2] = np.cos(i / rates)
    return P
''',
        variant='''
def positional_encoding(max_len, num_hiddens):
    pos = np.arange(max_len, dtype="float64")[:, None]
    j = np.arange(num_hiddens // 2, dtype="float64")[None, :]
    angles = pos * np.exp(-math.log(10000.0) * 2 * j / num_hiddens)
    table = np.stack([np.sin(angles), np.cos(angles)], axis=2)
    return table.reshape(max_len, num_hiddens)
'''),
    dict(
        part="positional_encoding",
        name="exponent-j-not-2j",
        explanation="the exponent is j / d instead of 2j / d, so the "
                    "frequencies only fall to 10000^(-1/2) and the slow "
                    "columns are missing.",
        hint="the exponent uses the even column index 2j: "
             "np.arange(0, num_hiddens, 2) / num_hiddens.",
        code='''
def positional_encoding(max_len, num_hiddens):
    i = np.arange(max_len, dtype="float64").reshape(-1, 1)
    rates = np.power(10000.0, np.arange(num_hiddens // 2,
                                        dtype="float64") / num_hiddens)
    P = np.zeros((max_len, num_hiddens), dtype="float64")
    P[:, 0::2] = np.sin(i / rates)
    P[:, 1::2] = np.cos(i / rates)
    return P.astype("float32")
''',
        variant='''
def positional_encoding(max_len, num_hiddens):
    P = np.zeros((max_len, num_hiddens), dtype="float64")
    pos = np.arange(max_len, dtype="float64")
    for j in range(num_hiddens // 2):
        angle = pos / 10000.0 ** (j / num_hiddens)
        P[:, 2 * j] = np.sin(angle)
        P[:, 2 * j + 1] = np.cos(angle)
    return P.astype("float32")
'''),
    dict(
        part="positional_encoding",
        name="exponent-per-column",
        explanation="each column c uses the exponent c / d, so a cosine "
                    "column 2j + 1 gets another angle than its sine column "
                    "2j: the pair no longer shares one angle.",
        hint="columns 2j and 2j + 1 use the same angle i / 10000^(2j/d).",
        code='''
def positional_encoding(max_len, num_hiddens):
    i = np.arange(max_len, dtype="float64").reshape(-1, 1)
    cols = np.arange(num_hiddens, dtype="float64").reshape(1, -1)
    angles = i / np.power(10000.0, cols / num_hiddens)
    P = np.zeros((max_len, num_hiddens), dtype="float64")
    P[:, 0::2] = np.sin(angles[:, 0::2])
    P[:, 1::2] = np.cos(angles[:, 1::2])
    return P.astype("float32")
''',
        variant='''
def positional_encoding(max_len, num_hiddens):
    P = np.zeros((max_len, num_hiddens), dtype="float64")
    pos = np.arange(max_len, dtype="float64")
    for c in range(num_hiddens):
        angle = pos / 10000.0 ** (c / num_hiddens)
        P[:, c] = np.sin(angle) if c % 2 == 0 else np.cos(angle)
    return P.astype("float32")
'''),
    dict(
        part="positional_encoding",
        name="positions-from-one",
        explanation="the positions are counted from 1, so row i holds the "
                    "encoding of position i + 1 and row 0 is not "
                    "[0, 1, 0, 1, ...].",
        hint="the first position is 0: np.arange(max_len).",
        code='''
def positional_encoding(max_len, num_hiddens):
    i = np.arange(1, max_len + 1, dtype="float64").reshape(-1, 1)
    rates = np.power(10000.0, np.arange(0, num_hiddens, 2,
                                        dtype="float64") / num_hiddens)
    P = np.zeros((max_len, num_hiddens), dtype="float64")
    P[:, 0::2] = np.sin(i / rates)
    P[:, 1::2] = np.cos(i / rates)
    return P.astype("float32")
''',
        variant='''
def positional_encoding(max_len, num_hiddens):
    pos = np.arange(max_len, dtype="float64")[:, None] + 1
    j = np.arange(num_hiddens // 2, dtype="float64")[None, :]
    angles = pos / 10000.0 ** (2 * j / num_hiddens)
    table = np.stack([np.sin(angles), np.cos(angles)], axis=-1)
    return table.reshape(max_len, num_hiddens).astype("float32")
'''),
    dict(
        part="positional_encoding",
        name="angle-multiplied",
        explanation="the position is multiplied by 10000^(2j/d) instead of "
                    "divided, so the angles grow instead of slowing down "
                    "column after column.",
        hint="the angle is i / 10000^(2j/d).",
        code='''
def positional_encoding(max_len, num_hiddens):
    i = np.arange(max_len, dtype="float64").reshape(-1, 1)
    rates = np.power(10000.0, np.arange(0, num_hiddens, 2,
                                        dtype="float64") / num_hiddens)
    P = np.zeros((max_len, num_hiddens), dtype="float64")
    P[:, 0::2] = np.sin(i * rates)
    P[:, 1::2] = np.cos(i * rates)
    return P.astype("float32")
''',
        variant='''
def positional_encoding(max_len, num_hiddens):
    P = np.zeros((max_len, num_hiddens), dtype="float64")
    pos = np.arange(max_len, dtype="float64")
    for j in range(0, num_hiddens, 2):
        angle = pos * 10000.0 ** (j / num_hiddens)
        P[:, j] = np.sin(angle)
        P[:, j + 1] = np.cos(angle)
    return P.astype("float32")
'''),
    dict(
        part="positional_encoding",
        name="sines-then-cosines",
        explanation="the sines fill the first half of the columns and the "
                    "cosines the second half, instead of alternating even "
                    "and odd columns.",
        hint="interleave: sines in columns 0, 2, 4, ..., cosines in "
             "1, 3, 5, ...",
        code='''
def positional_encoding(max_len, num_hiddens):
    i = np.arange(max_len, dtype="float64").reshape(-1, 1)
    rates = np.power(10000.0, np.arange(0, num_hiddens, 2,
                                        dtype="float64") / num_hiddens)
    P = np.concatenate([np.sin(i / rates), np.cos(i / rates)], axis=1)
    return P.astype("float32")
''',
        variant='''
def positional_encoding(max_len, num_hiddens):
    half = num_hiddens // 2
    P = np.zeros((max_len, num_hiddens), dtype="float64")
    pos = np.arange(max_len, dtype="float64")
    for j in range(half):
        angle = pos / 10000.0 ** (2 * j / num_hiddens)
        P[:, j] = np.sin(angle)
        P[:, half + j] = np.cos(angle)
    return P.astype("float32")
'''),
    # --------------------------------------------------- causal_valid_lens
    dict(
        part="causal_valid_lens",
        name="starts-at-zero",
        explanation="the lengths are 0, 1, ..., num_steps - 1, so query t "
                    "sees only keys 0 to t - 1 (not itself) and query 0 "
                    "sees nothing.",
        hint="query t sees t + 1 keys (0 to t): the lengths start at 1.",
        code='''
def causal_valid_lens(batch_size, num_steps):
    row = np.arange(num_steps, dtype="float32")
    return np.broadcast_to(row, (batch_size, num_steps)).copy()
''',
        variant='''
def causal_valid_lens(batch_size, num_steps):
    ones = np.ones((batch_size, num_steps), dtype="float32")
    return np.cumsum(ones, axis=1, dtype="float32") - 1
'''),
    dict(
        part="causal_valid_lens",
        name="sees-next-token",
        explanation="the lengths are 2, 3, ..., num_steps + 1, so query t "
                    "also sees key t + 1, the very token it must predict.",
        hint="query t may see keys 0 to t only: t + 1 keys.",
        code='''
def causal_valid_lens(batch_size, num_steps):
    row = np.arange(2, num_steps + 2, dtype="float32")
    return np.broadcast_to(row, (batch_size, num_steps)).copy()
''',
        variant='''
def causal_valid_lens(batch_size, num_steps):
    lens = np.ones((batch_size, num_steps), dtype="float32")
    return np.cumsum(lens, axis=1, dtype="float32") + 1
'''),
    dict(
        part="causal_valid_lens",
        name="sees-everything",
        explanation="every query gets the full length num_steps, so every "
                    "position sees the whole sequence, the future "
                    "included.",
        hint="the length must grow with the query's position t.",
        code='''
def causal_valid_lens(batch_size, num_steps):
    return np.full((batch_size, num_steps), num_steps, dtype="float32")
''',
        variant='''
def causal_valid_lens(batch_size, num_steps):
    return np.ones((batch_size, num_steps), dtype="float32") * num_steps
'''),
    dict(
        part="causal_valid_lens",
        name="shape-transposed",
        explanation="the array has shape (num_steps, batch_size) instead "
                    "of (batch_size, num_steps).",
        hint="one row per example, one column per query position.",
        code='''
def causal_valid_lens(batch_size, num_steps):
    col = np.arange(1, num_steps + 1, dtype="float32").reshape(-1, 1)
    return np.broadcast_to(col, (num_steps, batch_size)).copy()
''',
        variant='''
def causal_valid_lens(batch_size, num_steps):
    row = np.arange(1, num_steps + 1, dtype="float32")
    return np.tile(row, (batch_size, 1)).T
'''),
    dict(
        part="causal_valid_lens",
        name="batch-size-hard-coded",
        explanation="the lengths are built for 2 examples (the visible "
                    "test's batch), whatever batch_size is.",
        hint="use the batch_size argument for the number of rows.",
        code='''
def causal_valid_lens(batch_size, num_steps):
    row = np.arange(1, num_steps + 1, dtype="float32")
    return np.stack([row, row])
''',
        variant='''
def causal_valid_lens(batch_size, num_steps):
    return np.tile(np.arange(1, num_steps + 1, dtype="float32"), (2, 1))
'''),
    dict(
        part="causal_valid_lens",
        name="integer-lens",
        explanation="the lengths are an integer array, where the task asks "
                    "for float32 (the dtype masked_softmax compares the "
                    "positions in).",
        hint="build the lengths as float32.",
        code='''
def causal_valid_lens(batch_size, num_steps):
    row = np.arange(1, num_steps + 1, dtype="int32")
    return np.broadcast_to(row, (batch_size, num_steps)).copy()
''',
        variant='''
def causal_valid_lens(batch_size, num_steps):
    ones = np.ones((batch_size, num_steps), dtype="int32")
    return np.cumsum(ones, axis=1, dtype="int32")
'''),
    dict(
        part="causal_valid_lens",
        name="one-length-per-step",
        explanation="the lengths have shape (num_steps,), one per query, "
                    "without the batch axis, so masked_softmax reads them "
                    "as one length per example.",
        hint="return shape (batch_size, num_steps): repeat the row for "
             "every example.",
        code='''
def causal_valid_lens(batch_size, num_steps):
    return np.arange(1, num_steps + 1, dtype="float32")
''',
        variant='''
def causal_valid_lens(batch_size, num_steps):
    return np.cumsum(np.ones(num_steps, dtype="float32"), dtype="float32")
'''),
    # ------------------------------------------------------------ add_norm
    dict(
        part="add_norm",
        name="no-residual",
        explanation="add_norm normalizes Y alone, LN(Y), so the residual "
                    "connection X + Y is lost.",
        hint="normalize the sum X + Y.",
        code='''
def ffn(X, W1, b1, W2, b2):
    return np.dot(npx.relu(np.dot(X, W1) + b1), W2) + b2


def add_norm(X, Y, gamma, beta, eps=1e-5):
    mu = Y.mean(axis=-1, keepdims=True)
    var = ((Y - mu) ** 2).mean(axis=-1, keepdims=True)
    return gamma * (Y - mu) / np.sqrt(var + eps) + beta
''',
        variant='''
def ffn(X, W1, b1, W2, b2):
    H = np.maximum(X @ W1 + b1, 0)
    return H @ W2 + b2


def add_norm(X, Y, gamma, beta, eps=1e-5):
    centred = Y - np.mean(Y, axis=-1, keepdims=True)
    std = np.sqrt(np.mean(centred * centred, axis=-1, keepdims=True) + eps)
    return centred / std * gamma + beta
'''),
    dict(
        part="add_norm",
        name="norm-before-add",
        explanation="Y is normalized and then X added, X + LN(Y), so the "
                    "output is not normalized.",
        hint="the residual sum comes first, then the normalization.",
        code='''
def ffn(X, W1, b1, W2, b2):
    return np.dot(npx.relu(np.dot(X, W1) + b1), W2) + b2


def add_norm(X, Y, gamma, beta, eps=1e-5):
    mu = Y.mean(axis=-1, keepdims=True)
    var = ((Y - mu) ** 2).mean(axis=-1, keepdims=True)
    return X + gamma * (Y - mu) / np.sqrt(var + eps) + beta
''',
        variant='''
def ffn(X, W1, b1, W2, b2):
    H = np.maximum(X @ W1 + b1, 0)
    return H @ W2 + b2


def layer_norm(Z, gamma, beta, eps):
    centred = Z - np.mean(Z, axis=-1, keepdims=True)
    var = np.mean(centred ** 2, axis=-1, keepdims=True)
    return gamma * centred / np.sqrt(var + eps) + beta


def add_norm(X, Y, gamma, beta, eps=1e-5):
    return layer_norm(Y, gamma, beta, eps) + X
'''),
    dict(
        part="add_norm",
        name="eps-outside-sqrt",
        explanation="eps is added to the standard deviation, sqrt(var) + "
                    "eps, instead of to the variance under the root: the "
                    "two differ when the variance is small.",
        hint="the denominator is sqrt(var + eps).",
        code='''
def ffn(X, W1, b1, W2, b2):
    return np.dot(npx.relu(np.dot(X, W1) + b1), W2) + b2


def add_norm(X, Y, gamma, beta, eps=1e-5):
    Z = X + Y
    mu = Z.mean(axis=-1, keepdims=True)
    var = ((Z - mu) ** 2).mean(axis=-1, keepdims=True)
    return gamma * (Z - mu) / (np.sqrt(var) + eps) + beta
''',
        variant='''
def ffn(X, W1, b1, W2, b2):
    H = np.maximum(X @ W1 + b1, 0)
    return H @ W2 + b2


def add_norm(X, Y, gamma, beta, eps=1e-5):
    Z = X + Y
    centred = Z - np.mean(Z, axis=-1, keepdims=True)
    std = np.sqrt(np.mean(centred ** 2, axis=-1, keepdims=True))
    return centred / (std + eps) * gamma + beta
'''),
    dict(
        part="add_norm",
        name="unbiased-variance",
        explanation="the variance is divided by n - 1 (the unbiased "
                    "estimate), where layer normalization uses the biased "
                    "variance, divided by n.",
        hint="average the squared deviations over the features: divide "
             "by n.",
        code='''
def ffn(X, W1, b1, W2, b2):
    return np.dot(npx.relu(np.dot(X, W1) + b1), W2) + b2


def add_norm(X, Y, gamma, beta, eps=1e-5):
    Z = X + Y
    n = Z.shape[-1]
    mu = Z.mean(axis=-1, keepdims=True)
    var = ((Z - mu) ** 2).sum(axis=-1, keepdims=True) / (n - 1)
    return gamma * (Z - mu) / np.sqrt(var + eps) + beta
''',
        variant='''
def ffn(X, W1, b1, W2, b2):
    H = np.maximum(X @ W1 + b1, 0)
    return H @ W2 + b2


def add_norm(X, Y, gamma, beta, eps=1e-5):
    Z = X + Y
    n = Z.shape[-1]
    centred = Z - np.mean(Z, axis=-1, keepdims=True)
    var = np.mean(centred ** 2, axis=-1, keepdims=True) * n / (n - 1)
    return centred / np.sqrt(var + eps) * gamma + beta
'''),
    dict(
        part="add_norm",
        name="no-square-root",
        explanation="the centred values are divided by the variance "
                    "instead of the standard deviation, so the scale of "
                    "the output depends on the input's.",
        hint="divide by the square root of var + eps.",
        code='''
def ffn(X, W1, b1, W2, b2):
    return np.dot(npx.relu(np.dot(X, W1) + b1), W2) + b2


def add_norm(X, Y, gamma, beta, eps=1e-5):
    Z = X + Y
    mu = Z.mean(axis=-1, keepdims=True)
    var = ((Z - mu) ** 2).mean(axis=-1, keepdims=True)
    return gamma * (Z - mu) / (var + eps) + beta
''',
        variant='''
def ffn(X, W1, b1, W2, b2):
    H = np.maximum(X @ W1 + b1, 0)
    return H @ W2 + b2


def add_norm(X, Y, gamma, beta, eps=1e-5):
    Z = X + Y
    centred = Z - np.mean(Z, axis=-1, keepdims=True)
    denom = np.mean(centred ** 2, axis=-1, keepdims=True) + eps
    return gamma * centred * (1 / denom) + beta
'''),
    dict(
        part="add_norm",
        name="normalizes-axis-1",
        explanation="the mean and variance are taken over axis 1, which is "
                    "the features only for 2-D input; for (batch, steps, "
                    "features) it normalizes over the time steps.",
        hint="layer normalization works over the last axis (axis=-1).",
        code='''
def ffn(X, W1, b1, W2, b2):
    return np.dot(npx.relu(np.dot(X, W1) + b1), W2) + b2


def add_norm(X, Y, gamma, beta, eps=1e-5):
    Z = X + Y
    mu = Z.mean(axis=1, keepdims=True)
    var = ((Z - mu) ** 2).mean(axis=1, keepdims=True)
    return gamma * (Z - mu) / np.sqrt(var + eps) + beta
''',
        variant='''
def ffn(X, W1, b1, W2, b2):
    H = np.maximum(X @ W1 + b1, 0)
    return H @ W2 + b2


def add_norm(X, Y, gamma, beta, eps=1e-5):
    Z = X + Y
    centred = Z - np.mean(Z, 1, keepdims=True)
    var = np.mean(centred * centred, 1, keepdims=True)
    return centred * gamma / np.sqrt(var + eps) + beta
'''),
    dict(
        part="add_norm",
        name="gamma-beta-swapped",
        explanation="beta scales and gamma shifts, the roles of the two "
                    "parameters swapped.",
        hint="gamma multiplies the normalized values, beta is added.",
        code='''
def ffn(X, W1, b1, W2, b2):
    return np.dot(npx.relu(np.dot(X, W1) + b1), W2) + b2


def add_norm(X, Y, gamma, beta, eps=1e-5):
    Z = X + Y
    mu = Z.mean(axis=-1, keepdims=True)
    var = ((Z - mu) ** 2).mean(axis=-1, keepdims=True)
    return beta * (Z - mu) / np.sqrt(var + eps) + gamma
''',
        variant='''
def ffn(X, W1, b1, W2, b2):
    H = np.maximum(X @ W1 + b1, 0)
    return H @ W2 + b2


def add_norm(X, Y, gamma, beta, eps=1e-5):
    Z = X + Y
    centred = Z - np.mean(Z, axis=-1, keepdims=True)
    normed = centred / np.sqrt(np.mean(centred ** 2, axis=-1,
                                       keepdims=True) + eps)
    scale, shift = beta, gamma
    return normed * scale + shift
'''),
    dict(
        part="add_norm",
        name="relu-on-ffn-output",
        explanation="the FFN applies relu after the second layer too, so "
                    "its output can never be negative.",
        hint="relu sits between the two layers only; the second layer is "
             "linear.",
        code='''
def ffn(X, W1, b1, W2, b2):
    H = npx.relu(np.dot(X, W1) + b1)
    return npx.relu(np.dot(H, W2) + b2)


def add_norm(X, Y, gamma, beta, eps=1e-5):
    Z = X + Y
    mu = Z.mean(axis=-1, keepdims=True)
    var = ((Z - mu) ** 2).mean(axis=-1, keepdims=True)
    return gamma * (Z - mu) / np.sqrt(var + eps) + beta
''',
        variant='''
def ffn(X, W1, b1, W2, b2):
    out = X
    for W, b in ((W1, b1), (W2, b2)):
        out = np.maximum(out @ W + b, 0)
    return out


def add_norm(X, Y, gamma, beta, eps=1e-5):
    Z = X + Y
    centred = Z - np.mean(Z, axis=-1, keepdims=True)
    std = np.sqrt(np.mean(centred ** 2, axis=-1, keepdims=True) + eps)
    return centred / std * gamma + beta
'''),
    dict(
        part="add_norm",
        name="b1-after-relu",
        explanation="the first bias is added after relu, relu(X W1) + b1, "
                    "so it cannot move the kink of the activation.",
        hint="b1 belongs inside the relu, with X W1.",
        code='''
def ffn(X, W1, b1, W2, b2):
    return np.dot(npx.relu(np.dot(X, W1)) + b1, W2) + b2


def add_norm(X, Y, gamma, beta, eps=1e-5):
    Z = X + Y
    mu = Z.mean(axis=-1, keepdims=True)
    var = ((Z - mu) ** 2).mean(axis=-1, keepdims=True)
    return gamma * (Z - mu) / np.sqrt(var + eps) + beta
''',
        variant='''
def ffn(X, W1, b1, W2, b2):
    hidden = np.maximum(X @ W1, 0)
    hidden = hidden + b1
    return hidden @ W2 + b2


def add_norm(X, Y, gamma, beta, eps=1e-5):
    Z = X + Y
    centred = Z - np.mean(Z, axis=-1, keepdims=True)
    std = np.sqrt(np.mean(centred ** 2, axis=-1, keepdims=True) + eps)
    return centred / std * gamma + beta
'''),
    dict(
        part="add_norm",
        name="adds-in-place",
        explanation="X += Y changes the caller's X in place (the residual "
                    "input is overwritten), and autograd cannot record an "
                    "in-place change of an array it differentiates.",
        hint="compute Z = X + Y as a new array.",
        code='''
def ffn(X, W1, b1, W2, b2):
    return np.dot(npx.relu(np.dot(X, W1) + b1), W2) + b2


def add_norm(X, Y, gamma, beta, eps=1e-5):
    X += Y
    mu = X.mean(axis=-1, keepdims=True)
    var = ((X - mu) ** 2).mean(axis=-1, keepdims=True)
    return gamma * (X - mu) / np.sqrt(var + eps) + beta
''',
        variant='''
def ffn(X, W1, b1, W2, b2):
    H = np.maximum(X @ W1 + b1, 0)
    return H @ W2 + b2


def add_norm(X, Y, gamma, beta, eps=1e-5):
    Z = X
    Z[:] = Z + Y
    centred = Z - np.mean(Z, axis=-1, keepdims=True)
    std = np.sqrt(np.mean(centred ** 2, axis=-1, keepdims=True) + eps)
    return centred / std * gamma + beta
'''),
    # ------------------------------------------------------- decoder_block
    dict(
        part="decoder_block",
        name="no-causal-mask",
        explanation="the attention weights go through a softmax without "
                    "the causal lengths, so every position sees the later "
                    "ones: the model can read the token it must predict.",
        hint="mask the scores with masked_softmax(scores, lens), lens from "
             "causal_valid_lens repeated for the heads.",
        code='''
def decoder_block(X, params, num_heads, causal_valid_lens=causal_valid_lens,
                  ffn=ffn, add_norm=add_norm):
    batch_size, num_steps, d = X.shape

    def heads(A):
        A = A.reshape(batch_size, num_steps, num_heads, -1)
        return A.transpose(0, 2, 1, 3).reshape(
            batch_size * num_heads, num_steps, -1)

    Q, K, V = (heads(np.dot(X, params[k])) for k in ("W_q", "W_k", "W_v"))
    scores = npx.batch_dot(Q, K, transpose_b=True) / math.sqrt(Q.shape[-1])
    A = npx.batch_dot(npx.softmax(scores), V)
    A = A.reshape(batch_size, num_heads, num_steps, -1).transpose(
        0, 2, 1, 3).reshape(batch_size, num_steps, d)
    Y = add_norm(X, np.dot(A, params["W_o"]), params["gamma1"],
                 params["beta1"])
    Z = ffn(Y, params["W1"], params["b1"], params["W2"], params["b2"])
    return add_norm(Y, Z, params["gamma2"], params["beta2"])
''',
        variant='''
def decoder_block(X, params, num_heads, causal_valid_lens=causal_valid_lens,
                  ffn=ffn, add_norm=add_norm):
    b, n, d = X.shape
    h = d // num_heads
    outs = []
    for i in range(num_heads):
        cols = slice(i * h, (i + 1) * h)
        Q = (X @ params["W_q"])[:, :, cols]
        K = (X @ params["W_k"])[:, :, cols]
        V = (X @ params["W_v"])[:, :, cols]
        W = masked_softmax(Q @ K.transpose(0, 2, 1) / h ** 0.5, None)
        outs.append(W @ V)
    attn = np.concatenate(outs, axis=-1) @ params["W_o"]
    Y = add_norm(X, attn, params["gamma1"], params["beta1"])
    F = ffn(Y, params["W1"], params["b1"], params["W2"], params["b2"])
    return add_norm(Y, F, params["gamma2"], params["beta2"])
'''),
    dict(
        part="decoder_block",
        name="heads-not-split",
        explanation="one attention runs over all d features, divided by "
                    "sqrt(d), instead of num_heads heads of d / num_heads "
                    "features each.",
        hint="cut Q, K and V into num_heads heads, put the heads on the "
             "batch axis, and merge them after the attention.",
        code='''
def decoder_block(X, params, num_heads, causal_valid_lens=causal_valid_lens,
                  ffn=ffn, add_norm=add_norm):
    batch_size, num_steps, d = X.shape
    Q, K, V = (np.dot(X, params[k]) for k in ("W_q", "W_k", "W_v"))
    scores = npx.batch_dot(Q, K, transpose_b=True) / math.sqrt(d)
    lens = causal_valid_lens(batch_size, num_steps)
    A = npx.batch_dot(masked_softmax(scores, lens), V)
    Y = add_norm(X, np.dot(A, params["W_o"]), params["gamma1"],
                 params["beta1"])
    Z = ffn(Y, params["W1"], params["b1"], params["W2"], params["b2"])
    return add_norm(Y, Z, params["gamma2"], params["beta2"])
''',
        variant='''
def decoder_block(X, params, num_heads, causal_valid_lens=causal_valid_lens,
                  ffn=ffn, add_norm=add_norm):
    b, n, d = X.shape
    Q = X @ params["W_q"]
    K = X @ params["W_k"]
    V = X @ params["W_v"]
    W = masked_softmax(Q @ np.swapaxes(K, 1, 2) / d ** 0.5,
                       causal_valid_lens(b, n))
    Y = add_norm(X, (W @ V) @ params["W_o"], params["gamma1"],
                 params["beta1"])
    hidden = ffn(Y, params["W1"], params["b1"], params["W2"], params["b2"])
    return add_norm(Y, hidden, params["gamma2"], params["beta2"])
'''),
    dict(
        part="decoder_block",
        name="scaled-by-full-d",
        explanation="the heads are split, but their scores are divided by "
                    "sqrt(d) instead of sqrt(d / num_heads), the size of a "
                    "head, which flattens the weights.",
        hint="each head's queries have d // num_heads features: scale by "
             "the square root of that.",
        code='''
def decoder_block(X, params, num_heads, causal_valid_lens=causal_valid_lens,
                  ffn=ffn, add_norm=add_norm):
    batch_size, num_steps, d = X.shape

    def heads(A):
        A = A.reshape(batch_size, num_steps, num_heads, -1)
        return A.transpose(0, 2, 1, 3).reshape(
            batch_size * num_heads, num_steps, -1)

    Q, K, V = (heads(np.dot(X, params[k])) for k in ("W_q", "W_k", "W_v"))
    scores = npx.batch_dot(Q, K, transpose_b=True) / math.sqrt(d)
    lens = causal_valid_lens(batch_size, num_steps).repeat(num_heads,
                                                           axis=0)
    A = npx.batch_dot(masked_softmax(scores, lens), V)
    A = A.reshape(batch_size, num_heads, num_steps, -1).transpose(
        0, 2, 1, 3).reshape(batch_size, num_steps, d)
    Y = add_norm(X, np.dot(A, params["W_o"]), params["gamma1"],
                 params["beta1"])
    Z = ffn(Y, params["W1"], params["b1"], params["W2"], params["b2"])
    return add_norm(Y, Z, params["gamma2"], params["beta2"])
''',
        variant='''
def decoder_block(X, params, num_heads, causal_valid_lens=causal_valid_lens,
                  ffn=ffn, add_norm=add_norm):
    b, n, d = X.shape
    h = d // num_heads
    lens = causal_valid_lens(b, n)
    outs = []
    for i in range(num_heads):
        cols = slice(i * h, (i + 1) * h)
        Q = (X @ params["W_q"])[:, :, cols]
        K = (X @ params["W_k"])[:, :, cols]
        V = (X @ params["W_v"])[:, :, cols]
        W = masked_softmax(Q @ K.transpose(0, 2, 1) / d ** 0.5, lens)
        outs.append(W @ V)
    attn = np.concatenate(outs, axis=-1) @ params["W_o"]
    Y = add_norm(X, attn, params["gamma1"], params["beta1"])
    F = ffn(Y, params["W1"], params["b1"], params["W2"], params["b2"])
    return add_norm(Y, F, params["gamma2"], params["beta2"])
'''),
    dict(
        part="decoder_block",
        name="ffn-residual-from-input",
        explanation="the second add & norm adds the FFN's output to the "
                    "block's input X instead of to Y, its own input, so "
                    "the attention sublayer is skipped by the residual.",
        hint="each residual adds a sublayer's output to that sublayer's "
             "input: add_norm(Y, ffn(Y, ...), ...).",
        code='''
def decoder_block(X, params, num_heads, causal_valid_lens=causal_valid_lens,
                  ffn=ffn, add_norm=add_norm):
    batch_size, num_steps, d = X.shape

    def heads(A):
        A = A.reshape(batch_size, num_steps, num_heads, -1)
        return A.transpose(0, 2, 1, 3).reshape(
            batch_size * num_heads, num_steps, -1)

    Q, K, V = (heads(np.dot(X, params[k])) for k in ("W_q", "W_k", "W_v"))
    scores = npx.batch_dot(Q, K, transpose_b=True) / math.sqrt(Q.shape[-1])
    lens = causal_valid_lens(batch_size, num_steps).repeat(num_heads,
                                                           axis=0)
    A = npx.batch_dot(masked_softmax(scores, lens), V)
    A = A.reshape(batch_size, num_heads, num_steps, -1).transpose(
        0, 2, 1, 3).reshape(batch_size, num_steps, d)
    Y = add_norm(X, np.dot(A, params["W_o"]), params["gamma1"],
                 params["beta1"])
    Z = ffn(Y, params["W1"], params["b1"], params["W2"], params["b2"])
    return add_norm(X, Z, params["gamma2"], params["beta2"])
''',
        variant='''
def decoder_block(X, params, num_heads, causal_valid_lens=causal_valid_lens,
                  ffn=ffn, add_norm=add_norm):
    b, n, d = X.shape
    h = d // num_heads
    lens = causal_valid_lens(b, n)
    outs = []
    for i in range(num_heads):
        cols = slice(i * h, (i + 1) * h)
        Q = (X @ params["W_q"])[:, :, cols]
        K = (X @ params["W_k"])[:, :, cols]
        V = (X @ params["W_v"])[:, :, cols]
        W = masked_softmax(Q @ K.transpose(0, 2, 1) / h ** 0.5, lens)
        outs.append(W @ V)
    attn = np.concatenate(outs, axis=-1) @ params["W_o"]
    residual = X
    Y = add_norm(residual, attn, params["gamma1"], params["beta1"])
    F = ffn(Y, params["W1"], params["b1"], params["W2"], params["b2"])
    return add_norm(residual, F, params["gamma2"], params["beta2"])
'''),
    dict(
        part="decoder_block",
        name="no-output-projection",
        explanation="the concatenated heads go into the add & norm without "
                    "the projection W_o, so the heads are never mixed.",
        hint="multiply the merged heads by W_o before the first add_norm.",
        code='''
def decoder_block(X, params, num_heads, causal_valid_lens=causal_valid_lens,
                  ffn=ffn, add_norm=add_norm):
    batch_size, num_steps, d = X.shape

    def heads(A):
        A = A.reshape(batch_size, num_steps, num_heads, -1)
        return A.transpose(0, 2, 1, 3).reshape(
            batch_size * num_heads, num_steps, -1)

    Q, K, V = (heads(np.dot(X, params[k])) for k in ("W_q", "W_k", "W_v"))
    scores = npx.batch_dot(Q, K, transpose_b=True) / math.sqrt(Q.shape[-1])
    lens = causal_valid_lens(batch_size, num_steps).repeat(num_heads,
                                                           axis=0)
    A = npx.batch_dot(masked_softmax(scores, lens), V)
    A = A.reshape(batch_size, num_heads, num_steps, -1).transpose(
        0, 2, 1, 3).reshape(batch_size, num_steps, d)
    Y = add_norm(X, A, params["gamma1"], params["beta1"])
    Z = ffn(Y, params["W1"], params["b1"], params["W2"], params["b2"])
    return add_norm(Y, Z, params["gamma2"], params["beta2"])
''',
        variant='''
def decoder_block(X, params, num_heads, causal_valid_lens=causal_valid_lens,
                  ffn=ffn, add_norm=add_norm):
    b, n, d = X.shape
    h = d // num_heads
    lens = causal_valid_lens(b, n)
    outs = []
    for i in range(num_heads):
        cols = slice(i * h, (i + 1) * h)
        Q = (X @ params["W_q"])[:, :, cols]
        K = (X @ params["W_k"])[:, :, cols]
        V = (X @ params["W_v"])[:, :, cols]
        W = masked_softmax(Q @ K.transpose(0, 2, 1) / h ** 0.5, lens)
        outs.append(W @ V)
    attn = np.concatenate(outs, axis=-1)
    Y = add_norm(X, attn, params["gamma1"], params["beta1"])
    F = ffn(Y, params["W1"], params["b1"], params["W2"], params["b2"])
    return add_norm(Y, F, params["gamma2"], params["beta2"])
'''),
    dict(
        part="decoder_block",
        name="merge-without-transpose",
        explanation="the heads' outputs are put back with a reshape alone, "
                    "so a position's features come from other positions, "
                    "later ones included.",
        hint="undo the split in reverse order: reshape to (batch, heads, "
             "steps, d / heads), transpose heads and steps, then reshape.",
        code='''
def decoder_block(X, params, num_heads, causal_valid_lens=causal_valid_lens,
                  ffn=ffn, add_norm=add_norm):
    batch_size, num_steps, d = X.shape

    def heads(A):
        A = A.reshape(batch_size, num_steps, num_heads, -1)
        return A.transpose(0, 2, 1, 3).reshape(
            batch_size * num_heads, num_steps, -1)

    Q, K, V = (heads(np.dot(X, params[k])) for k in ("W_q", "W_k", "W_v"))
    scores = npx.batch_dot(Q, K, transpose_b=True) / math.sqrt(Q.shape[-1])
    lens = causal_valid_lens(batch_size, num_steps).repeat(num_heads,
                                                           axis=0)
    A = npx.batch_dot(masked_softmax(scores, lens), V)
    A = A.reshape(batch_size, num_steps, d)
    Y = add_norm(X, np.dot(A, params["W_o"]), params["gamma1"],
                 params["beta1"])
    Z = ffn(Y, params["W1"], params["b1"], params["W2"], params["b2"])
    return add_norm(Y, Z, params["gamma2"], params["beta2"])
''',
        variant='''
def decoder_block(X, params, num_heads, causal_valid_lens=causal_valid_lens,
                  ffn=ffn, add_norm=add_norm):
    b, n, d = X.shape
    h = d // num_heads
    lens = causal_valid_lens(b, n)
    outs = []
    for i in range(num_heads):
        cols = slice(i * h, (i + 1) * h)
        Q = (X @ params["W_q"])[:, :, cols]
        K = (X @ params["W_k"])[:, :, cols]
        V = (X @ params["W_v"])[:, :, cols]
        W = masked_softmax(Q @ K.transpose(0, 2, 1) / h ** 0.5, lens)
        outs.append(W @ V)
    stacked = np.stack(outs, axis=1)  # (b, heads, n, h)
    attn = stacked.reshape(b, n, d) @ params["W_o"]
    Y = add_norm(X, attn, params["gamma1"], params["beta1"])
    F = ffn(Y, params["W1"], params["b1"], params["W2"], params["b2"])
    return add_norm(Y, F, params["gamma2"], params["beta2"])
'''),
    dict(
        part="decoder_block",
        name="mask-after-softmax",
        explanation="the softmax runs over all keys and the future keys are "
                    "zeroed afterwards, so the later tokens still change "
                    "the weights through the normalization.",
        hint="let masked_softmax mask the scores before normalizing.",
        code='''
def decoder_block(X, params, num_heads, causal_valid_lens=causal_valid_lens,
                  ffn=ffn, add_norm=add_norm):
    batch_size, num_steps, d = X.shape

    def heads(A):
        A = A.reshape(batch_size, num_steps, num_heads, -1)
        return A.transpose(0, 2, 1, 3).reshape(
            batch_size * num_heads, num_steps, -1)

    Q, K, V = (heads(np.dot(X, params[k])) for k in ("W_q", "W_k", "W_v"))
    scores = npx.batch_dot(Q, K, transpose_b=True) / math.sqrt(Q.shape[-1])
    causal = np.tril(np.ones((num_steps, num_steps)))
    A = npx.batch_dot(npx.softmax(scores) * causal, V)
    A = A.reshape(batch_size, num_heads, num_steps, -1).transpose(
        0, 2, 1, 3).reshape(batch_size, num_steps, d)
    Y = add_norm(X, np.dot(A, params["W_o"]), params["gamma1"],
                 params["beta1"])
    Z = ffn(Y, params["W1"], params["b1"], params["W2"], params["b2"])
    return add_norm(Y, Z, params["gamma2"], params["beta2"])
''',
        variant='''
def decoder_block(X, params, num_heads, causal_valid_lens=causal_valid_lens,
                  ffn=ffn, add_norm=add_norm):
    b, n, d = X.shape
    h = d // num_heads
    lens = causal_valid_lens(b, n)
    pos = np.arange(n).reshape(1, 1, n)
    future = (pos >= lens.reshape(b, n, 1)).astype(X.dtype)
    outs = []
    for i in range(num_heads):
        cols = slice(i * h, (i + 1) * h)
        Q = (X @ params["W_q"])[:, :, cols]
        K = (X @ params["W_k"])[:, :, cols]
        V = (X @ params["W_v"])[:, :, cols]
        W = masked_softmax(Q @ K.transpose(0, 2, 1) / h ** 0.5, None)
        outs.append((W * (1 - future)) @ V)
    attn = np.concatenate(outs, axis=-1) @ params["W_o"]
    Y = add_norm(X, attn, params["gamma1"], params["beta1"])
    F = ffn(Y, params["W1"], params["b1"], params["W2"], params["b2"])
    return add_norm(Y, F, params["gamma2"], params["beta2"])
'''),
    dict(
        part="decoder_block",
        name="values-not-projected",
        explanation="the values are the inputs X themselves, without the "
                    "projection W_v, so W_v is never used.",
        hint="V is X W_v, split into heads like Q and K.",
        code='''
def decoder_block(X, params, num_heads, causal_valid_lens=causal_valid_lens,
                  ffn=ffn, add_norm=add_norm):
    batch_size, num_steps, d = X.shape

    def heads(A):
        A = A.reshape(batch_size, num_steps, num_heads, -1)
        return A.transpose(0, 2, 1, 3).reshape(
            batch_size * num_heads, num_steps, -1)

    Q = heads(np.dot(X, params["W_q"]))
    K = heads(np.dot(X, params["W_k"]))
    V = heads(X)
    scores = npx.batch_dot(Q, K, transpose_b=True) / math.sqrt(Q.shape[-1])
    lens = causal_valid_lens(batch_size, num_steps).repeat(num_heads,
                                                           axis=0)
    A = npx.batch_dot(masked_softmax(scores, lens), V)
    A = A.reshape(batch_size, num_heads, num_steps, -1).transpose(
        0, 2, 1, 3).reshape(batch_size, num_steps, d)
    Y = add_norm(X, np.dot(A, params["W_o"]), params["gamma1"],
                 params["beta1"])
    Z = ffn(Y, params["W1"], params["b1"], params["W2"], params["b2"])
    return add_norm(Y, Z, params["gamma2"], params["beta2"])
''',
        variant='''
def decoder_block(X, params, num_heads, causal_valid_lens=causal_valid_lens,
                  ffn=ffn, add_norm=add_norm):
    b, n, d = X.shape
    h = d // num_heads
    lens = causal_valid_lens(b, n)
    outs = []
    for i in range(num_heads):
        cols = slice(i * h, (i + 1) * h)
        Q = (X @ params["W_q"])[:, :, cols]
        K = (X @ params["W_k"])[:, :, cols]
        V = X[:, :, cols]
        W = masked_softmax(Q @ K.transpose(0, 2, 1) / h ** 0.5, lens)
        outs.append(W @ V)
    attn = np.concatenate(outs, axis=-1) @ params["W_o"]
    Y = add_norm(X, attn, params["gamma1"], params["beta1"])
    F = ffn(Y, params["W1"], params["b1"], params["W2"], params["b2"])
    return add_norm(Y, F, params["gamma2"], params["beta2"])
'''),
    dict(
        part="decoder_block",
        name="two-heads-hard-coded",
        explanation="the block always cuts 2 heads (the visible test's "
                    "number), whatever num_heads is.",
        hint="use the num_heads argument in every reshape and repeat.",
        code='''
def decoder_block(X, params, num_heads, causal_valid_lens=causal_valid_lens,
                  ffn=ffn, add_norm=add_norm):
    batch_size, num_steps, d = X.shape

    def heads(A):
        A = A.reshape(batch_size, num_steps, 2, -1)
        return A.transpose(0, 2, 1, 3).reshape(
            batch_size * 2, num_steps, -1)

    Q, K, V = (heads(np.dot(X, params[k])) for k in ("W_q", "W_k", "W_v"))
    scores = npx.batch_dot(Q, K, transpose_b=True) / math.sqrt(Q.shape[-1])
    lens = causal_valid_lens(batch_size, num_steps).repeat(2, axis=0)
    A = npx.batch_dot(masked_softmax(scores, lens), V)
    A = A.reshape(batch_size, 2, num_steps, -1).transpose(
        0, 2, 1, 3).reshape(batch_size, num_steps, d)
    Y = add_norm(X, np.dot(A, params["W_o"]), params["gamma1"],
                 params["beta1"])
    Z = ffn(Y, params["W1"], params["b1"], params["W2"], params["b2"])
    return add_norm(Y, Z, params["gamma2"], params["beta2"])
''',
        variant='''
def decoder_block(X, params, num_heads, causal_valid_lens=causal_valid_lens,
                  ffn=ffn, add_norm=add_norm):
    b, n, d = X.shape
    h = d // 2
    lens = causal_valid_lens(b, n)
    outs = []
    for cols in (slice(0, h), slice(h, d)):
        Q = (X @ params["W_q"])[:, :, cols]
        K = (X @ params["W_k"])[:, :, cols]
        V = (X @ params["W_v"])[:, :, cols]
        W = masked_softmax(Q @ K.transpose(0, 2, 1) / h ** 0.5, lens)
        outs.append(W @ V)
    attn = np.concatenate(outs, axis=-1) @ params["W_o"]
    Y = add_norm(X, attn, params["gamma1"], params["beta1"])
    F = ffn(Y, params["W1"], params["b1"], params["W2"], params["b2"])
    return add_norm(Y, F, params["gamma2"], params["beta2"])
'''),
    # --------------------------------------------------- train_transformer
    dict(
        part="train_transformer",
        name="book-batch-size",
        explanation="minibatches of 1,024 windows leave only about 15 "
                    "updates in the budget, far too few to train the model.",
        hint="with a fixed budget of tokens, smaller minibatches give more "
             "updates.",
        code='''
from seqmodels.transformer import TransformerLM

HPARAMS = dict(batch_size=1024, max_epochs=10, gradient_clip_val=1.0)


def make_model(vocab_size):
    return TransformerLM(vocab_size, num_hiddens=32, num_heads=4,
                         num_layers=1, ffn_num_hiddens=64, lr=0.01)
'''),
    dict(
        part="train_transformer",
        name="learning-rate-too-small",
        explanation="with a learning rate of 1e-4, Adam moves the weights "
                    "so little that the model is still near uniform "
                    "guessing when the budget runs out.",
        hint="Adam on a small Transformer trains well with a learning rate "
             "around 0.01.",
        code='''
from seqmodels.transformer import TransformerLM

HPARAMS = dict(batch_size=64, max_epochs=10, gradient_clip_val=1.0)


def make_model(vocab_size):
    return TransformerLM(vocab_size, num_hiddens=32, num_heads=4,
                         num_layers=1, ffn_num_hiddens=64, lr=1e-4)
'''),
    dict(
        part="train_transformer",
        name="learning-rate-too-large",
        explanation="with a learning rate of 1.0, Adam's steps are far too "
                    "large: the loss blows up instead of settling.",
        hint="try learning rates between 0.001 and 0.05 for Adam.",
        code='''
from seqmodels.transformer import TransformerLM

HPARAMS = dict(batch_size=64, max_epochs=10, gradient_clip_val=1.0)


def make_model(vocab_size):
    return TransformerLM(vocab_size, num_hiddens=32, num_heads=4,
                         num_layers=1, ffn_num_hiddens=64, lr=1.0)
'''),
    dict(
        part="train_transformer",
        name="too-few-hidden-units",
        explanation="with 4 hidden units (and 2 heads of 2 features) the "
                    "model is too small to predict characters much better "
                    "than their frequencies.",
        hint="give the model more hidden units (32 is enough here).",
        code='''
from seqmodels.transformer import TransformerLM

HPARAMS = dict(batch_size=64, max_epochs=10, gradient_clip_val=1.0)


def make_model(vocab_size):
    return TransformerLM(vocab_size, num_hiddens=4, num_heads=2,
                         num_layers=1, ffn_num_hiddens=8, lr=0.02)
'''),
    dict(
        part="train_transformer",
        name="heavy-dropout",
        explanation="a dropout of 0.5 regularizes a tiny model that does "
                    "not overfit in 1.5 passes, and slows its training "
                    "down too much for the budget.",
        hint="with this little training, dropout only hurts: use 0 or a "
             "small value.",
        code='''
from seqmodels.transformer import TransformerLM

HPARAMS = dict(batch_size=64, max_epochs=10, gradient_clip_val=1.0)


def make_model(vocab_size):
    return TransformerLM(vocab_size, num_hiddens=32, num_heads=4,
                         num_layers=1, ffn_num_hiddens=64, dropout=0.5,
                         lr=0.02)
'''),
    dict(
        part="train_transformer",
        name="lstm-instead",
        explanation="the model is an LSTM language model, where the task "
                    "asks for a Transformer (TransformerLM).",
        hint="make_model must return a seqmodels.transformer.TransformerLM.",
        code='''
from seqmodels.gated import GluonLSTM
from seqmodels.rnn import RNNLM

HPARAMS = dict(batch_size=64, max_epochs=10, gradient_clip_val=1.0)


def make_model(vocab_size):
    return RNNLM(GluonLSTM(32), vocab_size, lr=4.0)
'''),
]
