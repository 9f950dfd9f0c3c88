"""Misconceptions of the attention assignment: wrong answers as students
write them. Each entry loses its part (``python tests/catalogue.py
attention``); the feedback names the one whose results match a failed
answer's."""

CATALOGUE = [
    # ------------------------------------------------------ masked_softmax
    dict(
        part="masked_softmax",
        name="ignores-valid-lens",
        explanation="valid_lens is never used, so the padding keys get "
                    "weight and the valid keys get too little.",
        hint="build a mask from np.arange(num_keys) and the lengths, and "
             "use it before the softmax.",
        code='''
def masked_softmax(X, valid_lens):
    return npx.softmax(X)
''',
        variant='''
def masked_softmax(X, valid_lens):
    shifted = X - X.max(axis=-1, keepdims=True)
    e = np.exp(shifted)
    return e / e.sum(axis=-1, keepdims=True)
'''),
    dict(
        part="masked_softmax",
        name="softmax-over-queries",
        explanation="the softmax normalizes over axis 1 (the queries), so "
                    "each key's column sums to 1 instead of each query's "
                    "row of keys.",
        hint="the weights of one query are the last axis: normalize over "
             "axis=-1.",
        code='''
def masked_softmax(X, valid_lens):
    if valid_lens is None:
        return npx.softmax(X, axis=1)
    lens = valid_lens.astype(X.dtype)
    if lens.ndim == 1:
        lens = lens.reshape(-1, 1, 1)
    else:
        lens = lens.reshape(X.shape[0], X.shape[1], 1)
    keep = (np.arange(X.shape[-1]).reshape(1, 1, -1) < lens).astype(X.dtype)
    return npx.softmax(X * keep - 1e6 * (1 - keep), axis=1) * keep
''',
        variant='''
def masked_softmax(X, valid_lens):
    num_keys = X.shape[2]
    if valid_lens is not None:
        L = valid_lens.astype(X.dtype)
        L = L.reshape(-1, 1, 1) if L.ndim == 1 else np.expand_dims(L, 2)
        pos = np.arange(num_keys).astype(X.dtype).reshape(1, 1, num_keys)
        mask = (pos < L).astype(X.dtype)
        X = X * mask - 1e6 * (1 - mask)
    e = np.exp(X - X.max(axis=1, keepdims=True))
    W = e / e.sum(axis=1, keepdims=True)
    return W if valid_lens is None else W * mask
'''),
    dict(
        part="masked_softmax",
        name="first-column-of-2d-lens",
        explanation="a 2-D valid_lens is reduced to its first column, so "
                    "every query of an example uses the length of query 0 "
                    "instead of its own.",
        hint="with 2-D lengths, reshape them to (batch_size, num_queries, "
             "1) so that each query keeps its own length.",
        code='''
def masked_softmax(X, valid_lens):
    if valid_lens is None:
        return npx.softmax(X)
    if valid_lens.ndim == 2:
        valid_lens = valid_lens[:, 0]
    lens = valid_lens.astype(X.dtype).reshape(-1, 1, 1)
    keep = (np.arange(X.shape[-1]).reshape(1, 1, -1) < lens).astype(X.dtype)
    return npx.softmax(X * keep - 1e6 * (1 - keep)) * keep
''',
        variant='''
def masked_softmax(X, valid_lens):
    if valid_lens is None:
        return npx.softmax(X)
    batch, num_queries, num_keys = X.shape
    rows = []
    for b in range(batch):
        n = valid_lens[b] if valid_lens.ndim == 1 else valid_lens[b, 0]
        n = int(n)
        w = npx.softmax(X[b, :, :n])
        pad = np.zeros((num_queries, num_keys - n), dtype=X.dtype)
        rows.append(np.concatenate([w, pad], axis=-1))
    return np.stack(rows)
'''),
    dict(
        part="masked_softmax",
        name="keeps-one-padded-key",
        explanation="the mask keeps positions <= valid_len, so the first "
                    "padding key (position valid_len) still gets weight.",
        hint="positions 0 to valid_len - 1 are the valid ones: compare "
             "with a strict <.",
        code='''
def masked_softmax(X, valid_lens):
    if valid_lens is None:
        return npx.softmax(X)
    lens = valid_lens.astype(X.dtype)
    if lens.ndim == 1:
        lens = lens.reshape(-1, 1, 1)
    else:
        lens = lens.reshape(X.shape[0], X.shape[1], 1)
    keep = np.arange(X.shape[-1]).astype(X.dtype).reshape(1, 1, -1) <= lens
    keep = keep.astype(X.dtype)
    return npx.softmax(X * keep - 1e6 * (1 - keep)) * keep
''',
        variant='''
def masked_softmax(X, valid_lens):
    if valid_lens is None:
        return npx.softmax(X)
    L = valid_lens.astype(X.dtype)
    L = L.reshape(-1, 1, 1) if L.ndim == 1 else np.expand_dims(L, axis=-1)
    pos = np.arange(X.shape[2]).astype(X.dtype).reshape(1, 1, -1)
    padding = (pos > L).astype(X.dtype)
    W = npx.softmax(X - 1e6 * padding - X * padding)
    return W * (1 - padding)
'''),
    dict(
        part="masked_softmax",
        name="padding-scored-zero",
        explanation="the padded scores are set to 0 instead of a very "
                    "negative number, and exp(0) = 1 still gives the "
                    "padding keys weight.",
        hint="a masked score must be so negative that its exp is 0 "
             "(such as -1e6).",
        code='''
def masked_softmax(X, valid_lens):
    if valid_lens is None:
        return npx.softmax(X)
    lens = valid_lens.astype(X.dtype)
    if lens.ndim == 1:
        lens = lens.reshape(-1, 1, 1)
    else:
        lens = lens.reshape(X.shape[0], X.shape[1], 1)
    keep = np.arange(X.shape[-1]).reshape(1, 1, -1) < lens
    return npx.softmax(X * keep.astype(X.dtype))
''',
        variant='''
def masked_softmax(X, valid_lens):
    if valid_lens is not None:
        n = X.shape[-1]
        L = valid_lens.astype(X.dtype)
        if L.ndim == 1:
            L = np.expand_dims(np.expand_dims(L, 1), 2)
        else:
            L = np.expand_dims(L, 2)
        valid = np.arange(n).astype(X.dtype).reshape(1, 1, n) < L
        X = np.where(valid, X, np.zeros_like(X))
    e = np.exp(X - X.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)
'''),
    dict(
        part="masked_softmax",
        name="mask-after-softmax",
        explanation="the softmax runs over all keys and the padding is "
                    "zeroed afterwards, so the remaining weights no longer "
                    "sum to 1.",
        hint="mask the scores before the softmax, so that it normalizes "
             "over the valid keys only.",
        code='''
def masked_softmax(X, valid_lens):
    W = npx.softmax(X)
    if valid_lens is None:
        return W
    lens = valid_lens.astype(X.dtype)
    if lens.ndim == 1:
        lens = lens.reshape(-1, 1, 1)
    else:
        lens = lens.reshape(X.shape[0], X.shape[1], 1)
    keep = np.arange(X.shape[-1]).reshape(1, 1, -1) < lens
    return W * keep.astype(X.dtype)
''',
        variant='''
def masked_softmax(X, valid_lens):
    e = np.exp(X - np.max(X, axis=2, keepdims=True))
    W = e / np.sum(e, axis=2, keepdims=True)
    if valid_lens is not None:
        L = valid_lens.astype(X.dtype)
        L = L.reshape(-1, 1, 1) if L.ndim == 1 else np.expand_dims(L, 2)
        pos = np.arange(X.shape[2]).astype(X.dtype).reshape(1, 1, -1)
        W = np.where(pos < L, W, np.zeros_like(W))
    return W
'''),
    dict(
        part="masked_softmax",
        name="naive-exp-overflows",
        explanation="the softmax is computed as exp(X) / sum(exp(X)) "
                    "without subtracting the largest score, so exp "
                    "overflows to inf (and inf / inf = nan) on large "
                    "scores.",
        hint="subtract the row's maximum before exp, or use npx.softmax "
             "on masked scores.",
        code='''
def masked_softmax(X, valid_lens):
    E = np.exp(X)
    if valid_lens is not None:
        lens = valid_lens.astype(X.dtype)
        if lens.ndim == 1:
            lens = lens.reshape(-1, 1, 1)
        else:
            lens = lens.reshape(X.shape[0], X.shape[1], 1)
        keep = np.arange(X.shape[-1]).reshape(1, 1, -1) < lens
        E = E * keep.astype(X.dtype)
    return E / E.sum(axis=-1, keepdims=True)
''',
        variant='''
def masked_softmax(X, valid_lens):
    batch, num_queries, num_keys = X.shape
    out = []
    for b in range(batch):
        e = np.exp(X[b])
        if valid_lens is not None:
            if valid_lens.ndim == 1:
                n = valid_lens[b].astype(X.dtype).reshape(1, 1)
            else:
                n = valid_lens[b].astype(X.dtype).reshape(-1, 1)
            cols = np.arange(num_keys).astype(X.dtype).reshape(1, -1)
            e = e * (cols < n).astype(X.dtype)
        out.append(e / np.sum(e, axis=1, keepdims=True))
    return np.stack(out)
'''),
    dict(
        part="masked_softmax",
        name="float64-weights",
        explanation="the mask is made float64 (astype(float)), which turns "
                    "the float32 weights into float64: twice the memory, "
                    "and a dtype the rest of the model does not expect.",
        hint="cast the mask with .astype(X.dtype), not to float.",
        code='''
def masked_softmax(X, valid_lens):
    if valid_lens is None:
        return npx.softmax(X)
    lens = valid_lens.astype(float)
    if lens.ndim == 1:
        lens = lens.reshape(-1, 1, 1)
    else:
        lens = lens.reshape(X.shape[0], X.shape[1], 1)
    keep = (np.arange(X.shape[-1]).astype(float).reshape(1, 1, -1) < lens)
    keep = keep.astype(float)
    return npx.softmax(X * keep - 1e6 * (1 - keep)) * keep
''',
        variant='''
def masked_softmax(X, valid_lens):
    if valid_lens is None:
        return npx.softmax(X)
    n = X.shape[-1]
    L = valid_lens.astype("float64")
    L = L.reshape(-1, 1, 1) if L.ndim == 1 else np.expand_dims(L, axis=2)
    pos = np.arange(n, dtype="float64").reshape(1, 1, n)
    mask = np.where(pos < L, np.ones(pos.shape, dtype="float64"),
                    np.zeros(pos.shape, dtype="float64"))
    scores = X * mask + (mask - 1) * 1e6
    return npx.softmax(scores) * mask
'''),
    dict(
        part="masked_softmax",
        name="inf-times-zero",
        explanation="the mask is applied as X + (1 - mask) * -inf, and "
                    "0 * inf is nan, so every valid score becomes nan.",
        hint="use a large finite negative number such as -1e6, or "
             "np.where to pick the masked positions.",
        code='''
def masked_softmax(X, valid_lens):
    if valid_lens is None:
        return npx.softmax(X)
    lens = valid_lens.astype(X.dtype)
    if lens.ndim == 1:
        lens = lens.reshape(-1, 1, 1)
    else:
        lens = lens.reshape(X.shape[0], X.shape[1], 1)
    keep = np.arange(X.shape[-1]).reshape(1, 1, -1) < lens
    keep = keep.astype(X.dtype)
    return npx.softmax(X * keep + (1 - keep) * -np.inf) * keep
''',
        variant='''
def masked_softmax(X, valid_lens):
    if valid_lens is None:
        return npx.softmax(X)
    L = valid_lens.astype(X.dtype)
    if L.ndim == 1:
        L = L.reshape(-1, 1, 1)
    else:
        L = np.expand_dims(L, -1)
    padding = (np.arange(X.shape[-1]).reshape(1, 1, -1) >= L)
    padding = padding.astype(X.dtype)
    return npx.softmax(X - float("inf") * padding) * (1 - padding)
'''),
    # -------------------------------------------------- additive_attention
    dict(
        part="additive_attention",
        name="no-tanh",
        explanation="the score is w_v . (q W_q + k W_k) without tanh, so it "
                    "is linear: it splits into a query part and a key part, "
                    "and the query part cancels in the softmax.",
        hint="apply np.tanh to q W_q + k W_k before the product with w_v.",
        code='''
def additive_attention(queries, keys, values, valid_lens, W_q, W_k, w_v,
                       softmax=masked_softmax):
    q = np.expand_dims(np.dot(queries, W_q), axis=2)
    k = np.expand_dims(np.dot(keys, W_k), axis=1)
    weights = softmax(np.dot(q + k, w_v), valid_lens)
    return npx.batch_dot(weights, values), weights
''',
        variant='''
def additive_attention(queries, keys, values, valid_lens, W_q, W_k, w_v,
                       softmax=masked_softmax):
    sq = np.dot(np.dot(queries, W_q), w_v)  # (batch, num_queries)
    sk = np.dot(np.dot(keys, W_k), w_v)  # (batch, num_keys)
    scores = np.expand_dims(sq, 2) + np.expand_dims(sk, 1)
    weights = softmax(scores, valid_lens)
    output = (np.expand_dims(weights, -1) * np.expand_dims(values, 1)).sum(
        axis=2)
    return output, weights
'''),
    dict(
        part="additive_attention",
        name="sigmoid-instead-of-tanh",
        explanation="the features go through a sigmoid where the score "
                    "uses tanh, so every feature is positive and the "
                    "scores differ from Bahdanau's.",
        hint="the nonlinearity of additive attention is np.tanh.",
        code='''
def additive_attention(queries, keys, values, valid_lens, W_q, W_k, w_v,
                       softmax=masked_softmax):
    q = np.expand_dims(np.dot(queries, W_q), axis=2)
    k = np.expand_dims(np.dot(keys, W_k), axis=1)
    scores = np.dot(npx.sigmoid(q + k), w_v)
    weights = softmax(scores, valid_lens)
    return npx.batch_dot(weights, values), weights
''',
        variant='''
def additive_attention(queries, keys, values, valid_lens, W_q, W_k, w_v,
                       softmax=masked_softmax):
    features = (np.expand_dims(queries @ W_q, 2)
                + np.expand_dims(keys @ W_k, 1))
    features = 1 / (1 + np.exp(-features))
    weights = softmax((features * w_v).sum(axis=-1), valid_lens)
    return npx.batch_dot(weights, values), weights
'''),
    dict(
        part="additive_attention",
        name="tanh-outside-w_v",
        explanation="tanh is applied to the score w_v . (q W_q + k W_k) "
                    "instead of to the hidden features, which squeezes "
                    "every score into (-1, 1).",
        hint="tanh acts on the num_hiddens features; w_v then combines "
             "them into one score.",
        code='''
def additive_attention(queries, keys, values, valid_lens, W_q, W_k, w_v,
                       softmax=masked_softmax):
    q = np.expand_dims(np.dot(queries, W_q), axis=2)
    k = np.expand_dims(np.dot(keys, W_k), axis=1)
    scores = np.tanh(np.dot(q + k, w_v))
    weights = softmax(scores, valid_lens)
    return npx.batch_dot(weights, values), weights
''',
        variant='''
def additive_attention(queries, keys, values, valid_lens, W_q, W_k, w_v,
                       softmax=masked_softmax):
    Q = np.dot(queries, W_q)
    K = np.dot(keys, W_k)
    raw = (Q[:, :, None, :] + K[:, None, :, :]) * w_v
    weights = softmax(np.tanh(raw.sum(axis=3)), valid_lens)
    return npx.batch_dot(weights, values), weights
'''),
    dict(
        part="additive_attention",
        name="tanh-of-each-term",
        explanation="tanh is applied to q W_q and to k W_k separately and "
                    "the results added, so the score again splits into a "
                    "query part and a key part: no interaction.",
        hint="add the two projections first, then apply one tanh to the "
             "sum.",
        code='''
def additive_attention(queries, keys, values, valid_lens, W_q, W_k, w_v,
                       softmax=masked_softmax):
    q = np.expand_dims(np.tanh(np.dot(queries, W_q)), axis=2)
    k = np.expand_dims(np.tanh(np.dot(keys, W_k)), axis=1)
    scores = np.dot(q + k, w_v)
    weights = softmax(scores, valid_lens)
    return npx.batch_dot(weights, values), weights
''',
        variant='''
def additive_attention(queries, keys, values, valid_lens, W_q, W_k, w_v,
                       softmax=masked_softmax):
    tq = np.tanh(queries @ W_q)
    tk = np.tanh(keys @ W_k)
    scores = np.expand_dims(tq @ w_v, -1) + np.expand_dims(tk @ w_v, 1)
    weights = softmax(scores, valid_lens)
    return npx.batch_dot(weights, values), weights
'''),
    dict(
        part="additive_attention",
        name="ignores-valid-lens",
        explanation="the scores go through a plain softmax, so the padding "
                    "keys get weight.",
        hint="pass valid_lens to softmax(scores, valid_lens).",
        code='''
def additive_attention(queries, keys, values, valid_lens, W_q, W_k, w_v,
                       softmax=masked_softmax):
    q = np.expand_dims(np.dot(queries, W_q), axis=2)
    k = np.expand_dims(np.dot(keys, W_k), axis=1)
    weights = npx.softmax(np.dot(np.tanh(q + k), w_v))
    return npx.batch_dot(weights, values), weights
''',
        variant='''
def additive_attention(queries, keys, values, valid_lens, W_q, W_k, w_v,
                       softmax=masked_softmax):
    feats = np.tanh(np.expand_dims(queries @ W_q, 2)
                    + np.expand_dims(keys @ W_k, 1))
    weights = softmax(feats @ w_v, None)
    return weights @ values, weights
'''),
    dict(
        part="additive_attention",
        name="sum-instead-of-w_v",
        explanation="the tanh features are summed, as if w_v were all ones, "
                    "so the learned vector w_v is ignored.",
        hint="the score is the dot product of w_v with the tanh features.",
        code='''
def additive_attention(queries, keys, values, valid_lens, W_q, W_k, w_v,
                       softmax=masked_softmax):
    q = np.expand_dims(np.dot(queries, W_q), axis=2)
    k = np.expand_dims(np.dot(keys, W_k), axis=1)
    scores = np.tanh(q + k).sum(axis=-1)
    weights = softmax(scores, valid_lens)
    return npx.batch_dot(weights, values), weights
''',
        variant='''
def additive_attention(queries, keys, values, valid_lens, W_q, W_k, w_v,
                       softmax=masked_softmax):
    Q, K = queries @ W_q, keys @ W_k
    feats = np.tanh(Q[:, :, None, :] + K[:, None, :, :])
    scores = np.dot(feats, np.ones(w_v.shape, dtype=w_v.dtype))
    weights = softmax(scores, valid_lens)
    return npx.batch_dot(weights, values), weights
'''),
    dict(
        part="additive_attention",
        name="keys-as-values",
        explanation="the weights average the keys instead of the values, "
                    "so the output has key_size features instead of "
                    "value_size.",
        hint="the output is the weighted sum of values.",
        code='''
def additive_attention(queries, keys, values, valid_lens, W_q, W_k, w_v,
                       softmax=masked_softmax):
    q = np.expand_dims(np.dot(queries, W_q), axis=2)
    k = np.expand_dims(np.dot(keys, W_k), axis=1)
    weights = softmax(np.dot(np.tanh(q + k), w_v), valid_lens)
    return npx.batch_dot(weights, keys), weights
''',
        variant='''
def additive_attention(queries, keys, values, valid_lens, W_q, W_k, w_v,
                       softmax=masked_softmax):
    feats = np.tanh(np.expand_dims(queries @ W_q, 2)
                    + np.expand_dims(keys @ W_k, 1))
    weights = softmax(feats @ w_v, valid_lens)
    out = (np.expand_dims(weights, 3) * np.expand_dims(keys, 1)).sum(axis=2)
    return out, weights
'''),
    dict(
        part="additive_attention",
        name="returns-weights-first",
        explanation="the function returns (weights, output) where the "
                    "pair (output, weights) is asked for.",
        hint="check the order of the returned pair.",
        code='''
def additive_attention(queries, keys, values, valid_lens, W_q, W_k, w_v,
                       softmax=masked_softmax):
    q = np.expand_dims(np.dot(queries, W_q), axis=2)
    k = np.expand_dims(np.dot(keys, W_k), axis=1)
    weights = softmax(np.dot(np.tanh(q + k), w_v), valid_lens)
    return weights, npx.batch_dot(weights, values)
''',
        variant='''
def additive_attention(queries, keys, values, valid_lens, W_q, W_k, w_v,
                       softmax=masked_softmax):
    feats = np.tanh(np.dot(queries, W_q)[:, :, None]
                    + np.dot(keys, W_k)[:, None])
    attn = softmax((feats * w_v).sum(axis=-1), valid_lens)
    context = attn @ values
    return attn, context
'''),
    # ---------------------------------------- scaled_dot_product_attention
    dict(
        part="scaled_dot_product_attention",
        name="no-scale",
        explanation="the scores q . k are not divided by sqrt(d), so their "
                    "variance grows with d and the softmax saturates.",
        hint="divide the scores by math.sqrt(d), d = queries.shape[-1].",
        code='''
def scaled_dot_product_attention(queries, keys, values, valid_lens,
                                 softmax=masked_softmax):
    scores = npx.batch_dot(queries, keys, transpose_b=True)
    weights = softmax(scores, valid_lens)
    return npx.batch_dot(weights, values), weights
''',
        variant='''
def scaled_dot_product_attention(queries, keys, values, valid_lens,
                                 softmax=masked_softmax):
    scores = queries @ keys.transpose(0, 2, 1)
    attn = softmax(scores, valid_lens)
    return attn @ values, attn
'''),
    dict(
        part="scaled_dot_product_attention",
        name="divides-by-d",
        explanation="the scores are divided by d instead of sqrt(d), which "
                    "shrinks them too much and flattens the weights.",
        hint="the scale is the square root of d.",
        code='''
def scaled_dot_product_attention(queries, keys, values, valid_lens,
                                 softmax=masked_softmax):
    d = queries.shape[-1]
    scores = npx.batch_dot(queries, keys, transpose_b=True) / d
    weights = softmax(scores, valid_lens)
    return npx.batch_dot(weights, values), weights
''',
        variant='''
def scaled_dot_product_attention(queries, keys, values, valid_lens,
                                 softmax=masked_softmax):
    scale = 1.0 / keys.shape[2]
    scores = (queries * scale) @ np.swapaxes(keys, 1, 2)
    weights = softmax(scores, valid_lens)
    return weights @ values, weights
'''),
    dict(
        part="scaled_dot_product_attention",
        name="scaled-by-num-keys",
        explanation="the scores are divided by the square root of the "
                    "number of keys, not of d, the size of a query.",
        hint="d is the last axis of queries (and keys), not their "
             "number.",
        code='''
def scaled_dot_product_attention(queries, keys, values, valid_lens,
                                 softmax=masked_softmax):
    d = keys.shape[1]
    scores = npx.batch_dot(queries, keys, transpose_b=True) / math.sqrt(d)
    weights = softmax(scores, valid_lens)
    return npx.batch_dot(weights, values), weights
''',
        variant='''
def scaled_dot_product_attention(queries, keys, values, valid_lens,
                                 softmax=masked_softmax):
    batch, num_keys, _ = keys.shape
    scores = queries @ keys.transpose(0, 2, 1)
    scores = scores * (num_keys ** -0.5)
    weights = softmax(scores, valid_lens)
    return weights @ values, weights
'''),
    dict(
        part="scaled_dot_product_attention",
        name="d-hard-coded",
        explanation="the scale is sqrt(4), the size of the visible test's "
                    "queries, so any other size d gets the wrong scale.",
        hint="read d from the shape of the queries.",
        code='''
def scaled_dot_product_attention(queries, keys, values, valid_lens,
                                 softmax=masked_softmax):
    scores = npx.batch_dot(queries, keys, transpose_b=True) / math.sqrt(4)
    weights = softmax(scores, valid_lens)
    return npx.batch_dot(weights, values), weights
''',
        variant='''
def scaled_dot_product_attention(queries, keys, values, valid_lens,
                                 softmax=masked_softmax):
    scores = (queries / 2) @ keys.transpose(0, 2, 1)
    weights = softmax(scores, valid_lens)
    return weights @ values, weights
'''),
    dict(
        part="scaled_dot_product_attention",
        name="scaled-after-softmax",
        explanation="the weights are divided by sqrt(d) after the softmax, "
                    "so they sum to 1 / sqrt(d) instead of 1.",
        hint="the scaling belongs to the scores, before the softmax.",
        code='''
def scaled_dot_product_attention(queries, keys, values, valid_lens,
                                 softmax=masked_softmax):
    d = queries.shape[-1]
    scores = npx.batch_dot(queries, keys, transpose_b=True)
    weights = softmax(scores, valid_lens) / math.sqrt(d)
    return npx.batch_dot(weights, values), weights
''',
        variant='''
def scaled_dot_product_attention(queries, keys, values, valid_lens,
                                 softmax=masked_softmax):
    attn = softmax(queries @ np.swapaxes(keys, 1, 2), valid_lens)
    attn = attn * (1 / np.sqrt(np.array(queries.shape[-1],
                                        dtype=attn.dtype)))
    return attn @ values, attn
'''),
    dict(
        part="scaled_dot_product_attention",
        name="multiplies-by-sqrt-d",
        explanation="the scores are multiplied by sqrt(d) instead of "
                    "divided, which makes the softmax even sharper.",
        hint="divide by sqrt(d) to keep the scores' variance near 1.",
        code='''
def scaled_dot_product_attention(queries, keys, values, valid_lens,
                                 softmax=masked_softmax):
    d = queries.shape[-1]
    scores = npx.batch_dot(queries, keys, transpose_b=True) * math.sqrt(d)
    weights = softmax(scores, valid_lens)
    return npx.batch_dot(weights, values), weights
''',
        variant='''
def scaled_dot_product_attention(queries, keys, values, valid_lens,
                                 softmax=masked_softmax):
    d = keys.shape[-1]
    scores = (queries * d ** 0.5) @ keys.transpose(0, 2, 1)
    weights = softmax(scores, valid_lens)
    return weights @ values, weights
'''),
    dict(
        part="scaled_dot_product_attention",
        name="ignores-valid-lens",
        explanation="the scores go through a plain softmax, so the padding "
                    "keys get weight.",
        hint="pass valid_lens to softmax(scores, valid_lens).",
        code='''
def scaled_dot_product_attention(queries, keys, values, valid_lens,
                                 softmax=masked_softmax):
    d = queries.shape[-1]
    scores = npx.batch_dot(queries, keys, transpose_b=True) / math.sqrt(d)
    weights = npx.softmax(scores)
    return npx.batch_dot(weights, values), weights
''',
        variant='''
def scaled_dot_product_attention(queries, keys, values, valid_lens,
                                 softmax=masked_softmax):
    scores = queries @ keys.transpose(0, 2, 1) / queries.shape[-1] ** 0.5
    weights = softmax(scores, None)
    return weights @ values, weights
'''),
    dict(
        part="scaled_dot_product_attention",
        name="returns-weights-first",
        explanation="the function returns (weights, output) where the "
                    "pair (output, weights) is asked for.",
        hint="check the order of the returned pair.",
        code='''
def scaled_dot_product_attention(queries, keys, values, valid_lens,
                                 softmax=masked_softmax):
    d = queries.shape[-1]
    scores = npx.batch_dot(queries, keys, transpose_b=True) / math.sqrt(d)
    weights = softmax(scores, valid_lens)
    return weights, npx.batch_dot(weights, values)
''',
        variant='''
def scaled_dot_product_attention(queries, keys, values, valid_lens,
                                 softmax=masked_softmax):
    scale = math.sqrt(keys.shape[-1])
    attn = softmax(queries @ keys.transpose(0, 2, 1) / scale, valid_lens)
    result = (attn, attn @ values)
    return result
'''),
    # ------------------------------------------------ multi_head_attention
    dict(
        part="multi_head_attention",
        name="split-without-transpose",
        explanation="split_heads and merge_heads only reshape, so a head "
                    "gets features of several positions: the rows of the "
                    "heads mix up the sequence.",
        hint="reshape to (batch, n, num_heads, d), move the heads axis "
             "next to the batch axis with transpose, then merge the two.",
        code='''
def split_heads(X, num_heads):
    b, n, _ = X.shape
    return X.reshape(b * num_heads, n, -1)


def merge_heads(X, num_heads):
    _, n, d = X.shape
    return X.reshape(-1, n, num_heads * d)


def multi_head_attention(queries, keys, values, valid_lens, num_heads,
                         W_q, W_k, W_v, W_o,
                         attention=scaled_dot_product_attention):
    q = split_heads(np.dot(queries, W_q), num_heads)
    k = split_heads(np.dot(keys, W_k), num_heads)
    v = split_heads(np.dot(values, W_v), num_heads)
    if valid_lens is not None:
        valid_lens = valid_lens.repeat(num_heads, axis=0)
    out, _ = attention(q, k, v, valid_lens)
    return np.dot(merge_heads(out, num_heads), W_o)
''',
        variant='''
def split_heads(X, num_heads):
    return X.reshape(-1, X.shape[1], X.shape[2] // num_heads)


def merge_heads(X, num_heads):
    batch = X.shape[0] // num_heads
    return X.reshape(batch, X.shape[1], -1)


def multi_head_attention(queries, keys, values, valid_lens, num_heads,
                         W_q, W_k, W_v, W_o,
                         attention=scaled_dot_product_attention):
    heads = [split_heads(A @ W, num_heads) for A, W in
             ((queries, W_q), (keys, W_k), (values, W_v))]
    lens = None
    if valid_lens is not None:
        lens = np.repeat(valid_lens, num_heads, axis=0)
    out, _ = attention(heads[0], heads[1], heads[2], lens)
    return merge_heads(out, num_heads) @ W_o
'''),
    dict(
        part="multi_head_attention",
        name="merge-without-transpose",
        explanation="merge_heads puts the heads back with a reshape alone, "
                    "so the features of one position come from several "
                    "positions of the heads.",
        hint="merge_heads must undo each step of split_heads in reverse "
             "order, the transpose included.",
        code='''
def split_heads(X, num_heads):
    b, n, _ = X.shape
    X = X.reshape(b, n, num_heads, -1).transpose(0, 2, 1, 3)
    return X.reshape(b * num_heads, n, -1)


def merge_heads(X, num_heads):
    _, n, d = X.shape
    return X.reshape(-1, n, num_heads * d)


def multi_head_attention(queries, keys, values, valid_lens, num_heads,
                         W_q, W_k, W_v, W_o,
                         attention=scaled_dot_product_attention):
    q = split_heads(np.dot(queries, W_q), num_heads)
    k = split_heads(np.dot(keys, W_k), num_heads)
    v = split_heads(np.dot(values, W_v), num_heads)
    if valid_lens is not None:
        valid_lens = valid_lens.repeat(num_heads, axis=0)
    out, _ = attention(q, k, v, valid_lens)
    return np.dot(merge_heads(out, num_heads), W_o)
''',
        variant='''
def split_heads(X, num_heads):
    b, n, f = X.shape
    d = f // num_heads
    parts = [X[:, :, i * d:(i + 1) * d] for i in range(num_heads)]
    return np.stack(parts, axis=1).reshape(b * num_heads, n, d)


def merge_heads(X, num_heads):
    bh, n, d = X.shape
    return X.reshape(bh // num_heads, n, d * num_heads)


def multi_head_attention(queries, keys, values, valid_lens, num_heads,
                         W_q, W_k, W_v, W_o,
                         attention=scaled_dot_product_attention):
    Q = split_heads(queries @ W_q, num_heads)
    K = split_heads(keys @ W_k, num_heads)
    V = split_heads(values @ W_v, num_heads)
    lens = (None if valid_lens is None
            else np.repeat(valid_lens, num_heads, axis=0))
    context = attention(Q, K, V, lens)[0]
    return merge_heads(context, num_heads) @ W_o
'''),
    dict(
        part="multi_head_attention",
        name="tiled-lens",
        explanation="the valid lengths are tiled (l0, l1, l0, l1) where the "
                    "heads are ordered example by example (l0, l0, l1, l1), "
                    "so heads use another example's lengths.",
        hint="row b * num_heads + i belongs to example b: repeat each "
             "length num_heads times in a row.",
        code='''
def split_heads(X, num_heads):
    b, n, _ = X.shape
    X = X.reshape(b, n, num_heads, -1).transpose(0, 2, 1, 3)
    return X.reshape(b * num_heads, n, -1)


def merge_heads(X, num_heads):
    _, n, d = X.shape
    X = X.reshape(-1, num_heads, n, d).transpose(0, 2, 1, 3)
    return X.reshape(-1, n, num_heads * d)


def multi_head_attention(queries, keys, values, valid_lens, num_heads,
                         W_q, W_k, W_v, W_o,
                         attention=scaled_dot_product_attention):
    q = split_heads(np.dot(queries, W_q), num_heads)
    k = split_heads(np.dot(keys, W_k), num_heads)
    v = split_heads(np.dot(values, W_v), num_heads)
    if valid_lens is not None:
        valid_lens = np.concatenate([valid_lens] * num_heads, axis=0)
    out, _ = attention(q, k, v, valid_lens)
    return np.dot(merge_heads(out, num_heads), W_o)
''',
        variant='''
def split_heads(X, num_heads):
    X = X.reshape(X.shape[0], X.shape[1], num_heads, -1)
    X = np.swapaxes(X, 1, 2)
    return X.reshape(-1, X.shape[2], X.shape[3])


def merge_heads(X, num_heads):
    X = X.reshape(-1, num_heads, X.shape[1], X.shape[2])
    X = np.swapaxes(X, 1, 2)
    return X.reshape(X.shape[0], X.shape[1], -1)


def multi_head_attention(queries, keys, values, valid_lens, num_heads,
                         W_q, W_k, W_v, W_o,
                         attention=scaled_dot_product_attention):
    Q = split_heads(queries @ W_q, num_heads)
    K = split_heads(keys @ W_k, num_heads)
    V = split_heads(values @ W_v, num_heads)
    lens = valid_lens
    if lens is not None:
        reps = (num_heads,) + (1,) * (lens.ndim - 1)
        lens = np.tile(lens, reps)
    out, _ = attention(Q, K, V, lens)
    return merge_heads(out, num_heads) @ W_o
'''),
    dict(
        part="multi_head_attention",
        name="strided-heads",
        explanation="the last axis is reshaped to (d, num_heads), so head i "
                    "gets features i, i + num_heads, ... instead of the "
                    "contiguous block i * d to (i + 1) * d.",
        hint="reshape the features to (num_heads, d), heads first, so each "
             "head is a contiguous block.",
        code='''
def split_heads(X, num_heads):
    b, n, _ = X.shape
    X = X.reshape(b, n, -1, num_heads).transpose(0, 3, 1, 2)
    return X.reshape(b * num_heads, n, -1)


def merge_heads(X, num_heads):
    _, n, d = X.shape
    X = X.reshape(-1, num_heads, n, d).transpose(0, 2, 3, 1)
    return X.reshape(-1, n, num_heads * d)


def multi_head_attention(queries, keys, values, valid_lens, num_heads,
                         W_q, W_k, W_v, W_o,
                         attention=scaled_dot_product_attention):
    q = split_heads(np.dot(queries, W_q), num_heads)
    k = split_heads(np.dot(keys, W_k), num_heads)
    v = split_heads(np.dot(values, W_v), num_heads)
    if valid_lens is not None:
        valid_lens = valid_lens.repeat(num_heads, axis=0)
    out, _ = attention(q, k, v, valid_lens)
    return np.dot(merge_heads(out, num_heads), W_o)
''',
        variant='''
def split_heads(X, num_heads):
    heads = [X[:, :, i::num_heads] for i in range(num_heads)]
    b, n, d = heads[0].shape
    return np.stack(heads, axis=1).reshape(b * num_heads, n, d)


def merge_heads(X, num_heads):
    bh, n, d = X.shape
    X = X.reshape(bh // num_heads, num_heads, n, d)
    X = np.stack([X[:, i] for i in range(num_heads)], axis=-1)
    return X.reshape(bh // num_heads, n, d * num_heads)


def multi_head_attention(queries, keys, values, valid_lens, num_heads,
                         W_q, W_k, W_v, W_o,
                         attention=scaled_dot_product_attention):
    Q = split_heads(queries @ W_q, num_heads)
    K = split_heads(keys @ W_k, num_heads)
    V = split_heads(values @ W_v, num_heads)
    if valid_lens is not None:
        valid_lens = np.repeat(valid_lens, num_heads, axis=0)
    return merge_heads(attention(Q, K, V, valid_lens)[0], num_heads) @ W_o
'''),
    dict(
        part="multi_head_attention",
        name="heads-before-examples",
        explanation="the heads axis is put before the batch axis, so row "
                    "i * batch_size + b holds head i of example b instead "
                    "of row b * num_heads + i.",
        hint="after the transpose the batch axis must come first, then "
             "the heads.",
        code='''
def split_heads(X, num_heads):
    b, n, _ = X.shape
    X = X.reshape(b, n, num_heads, -1).transpose(2, 0, 1, 3)
    return X.reshape(num_heads * b, n, -1)


def merge_heads(X, num_heads):
    _, n, d = X.shape
    X = X.reshape(num_heads, -1, n, d).transpose(1, 2, 0, 3)
    return X.reshape(-1, n, num_heads * d)


def multi_head_attention(queries, keys, values, valid_lens, num_heads,
                         W_q, W_k, W_v, W_o,
                         attention=scaled_dot_product_attention):
    q = split_heads(np.dot(queries, W_q), num_heads)
    k = split_heads(np.dot(keys, W_k), num_heads)
    v = split_heads(np.dot(values, W_v), num_heads)
    if valid_lens is not None:
        valid_lens = valid_lens.repeat(num_heads, axis=0)
    out, _ = attention(q, k, v, valid_lens)
    return np.dot(merge_heads(out, num_heads), W_o)
''',
        variant='''
def split_heads(X, num_heads):
    d = X.shape[2] // num_heads
    return np.concatenate([X[:, :, i * d:(i + 1) * d]
                           for i in range(num_heads)], axis=0)


def merge_heads(X, num_heads):
    b = X.shape[0] // num_heads
    return np.concatenate([X[i * b:(i + 1) * b] for i in range(num_heads)],
                          axis=-1)


def multi_head_attention(queries, keys, values, valid_lens, num_heads,
                         W_q, W_k, W_v, W_o,
                         attention=scaled_dot_product_attention):
    Q = split_heads(queries @ W_q, num_heads)
    K = split_heads(keys @ W_k, num_heads)
    V = split_heads(values @ W_v, num_heads)
    lens = None
    if valid_lens is not None:
        lens = np.repeat(valid_lens, num_heads, axis=0)
    out, _ = attention(Q, K, V, lens)
    return merge_heads(out, num_heads) @ W_o
'''),
    dict(
        part="multi_head_attention",
        name="no-output-projection",
        explanation="the concatenated heads are returned without the last "
                    "projection W_o, so the heads are never mixed.",
        hint="multiply the merged heads by W_o.",
        code='''
def split_heads(X, num_heads):
    b, n, _ = X.shape
    X = X.reshape(b, n, num_heads, -1).transpose(0, 2, 1, 3)
    return X.reshape(b * num_heads, n, -1)


def merge_heads(X, num_heads):
    _, n, d = X.shape
    X = X.reshape(-1, num_heads, n, d).transpose(0, 2, 1, 3)
    return X.reshape(-1, n, num_heads * d)


def multi_head_attention(queries, keys, values, valid_lens, num_heads,
                         W_q, W_k, W_v, W_o,
                         attention=scaled_dot_product_attention):
    q = split_heads(np.dot(queries, W_q), num_heads)
    k = split_heads(np.dot(keys, W_k), num_heads)
    v = split_heads(np.dot(values, W_v), num_heads)
    if valid_lens is not None:
        valid_lens = valid_lens.repeat(num_heads, axis=0)
    out, _ = attention(q, k, v, valid_lens)
    return merge_heads(out, num_heads)
''',
        variant='''
def split_heads(X, num_heads):
    X = X.reshape(X.shape[0], X.shape[1], num_heads, -1)
    X = np.swapaxes(X, 1, 2)
    return X.reshape(-1, X.shape[2], X.shape[3])


def merge_heads(X, num_heads):
    X = X.reshape(-1, num_heads, X.shape[1], X.shape[2])
    X = np.swapaxes(X, 1, 2)
    return X.reshape(X.shape[0], X.shape[1], -1)


def multi_head_attention(queries, keys, values, valid_lens, num_heads,
                         W_q, W_k, W_v, W_o,
                         attention=scaled_dot_product_attention):
    projected = [split_heads(A @ W, num_heads) for A, W in
                 zip((queries, keys, values), (W_q, W_k, W_v))]
    if valid_lens is not None:
        valid_lens = np.repeat(valid_lens, num_heads, axis=0)
    context, weights = attention(*projected, valid_lens)
    output = merge_heads(context, num_heads)
    return output
'''),
    dict(
        part="multi_head_attention",
        name="two-heads-hard-coded",
        explanation="split_heads and merge_heads always cut 2 heads (the "
                    "visible test's number), whatever num_heads is.",
        hint="use the num_heads argument in every reshape.",
        code='''
def split_heads(X, num_heads):
    b, n, _ = X.shape
    X = X.reshape(b, n, 2, -1).transpose(0, 2, 1, 3)
    return X.reshape(b * 2, n, -1)


def merge_heads(X, num_heads):
    _, n, d = X.shape
    X = X.reshape(-1, 2, n, d).transpose(0, 2, 1, 3)
    return X.reshape(-1, n, 2 * d)


def multi_head_attention(queries, keys, values, valid_lens, num_heads,
                         W_q, W_k, W_v, W_o,
                         attention=scaled_dot_product_attention):
    q = split_heads(np.dot(queries, W_q), num_heads)
    k = split_heads(np.dot(keys, W_k), num_heads)
    v = split_heads(np.dot(values, W_v), num_heads)
    if valid_lens is not None:
        valid_lens = valid_lens.repeat(2, axis=0)
    out, _ = attention(q, k, v, valid_lens)
    return np.dot(merge_heads(out, num_heads), W_o)
''',
        variant='''
HEADS = 2


def split_heads(X, num_heads):
    d = X.shape[2] // HEADS
    return np.stack([X[:, :, :d], X[:, :, d:]], axis=1).reshape(
        -1, X.shape[1], d)


def merge_heads(X, num_heads):
    X = X.reshape(-1, HEADS, X.shape[1], X.shape[2])
    return np.concatenate([X[:, 0], X[:, 1]], axis=-1)


def multi_head_attention(queries, keys, values, valid_lens, num_heads,
                         W_q, W_k, W_v, W_o,
                         attention=scaled_dot_product_attention):
    Q = split_heads(queries @ W_q, HEADS)
    K = split_heads(keys @ W_k, HEADS)
    V = split_heads(values @ W_v, HEADS)
    if valid_lens is not None:
        valid_lens = np.repeat(valid_lens, HEADS, axis=0)
    out, _ = attention(Q, K, V, valid_lens)
    return merge_heads(out, HEADS) @ W_o
'''),
    dict(
        part="multi_head_attention",
        name="values-projected-with-W_k",
        explanation="the values are projected with W_k instead of W_v, so "
                    "W_v is never used.",
        hint="each of queries, keys and values has its own projection.",
        code='''
def split_heads(X, num_heads):
    b, n, _ = X.shape
    X = X.reshape(b, n, num_heads, -1).transpose(0, 2, 1, 3)
    return X.reshape(b * num_heads, n, -1)


def merge_heads(X, num_heads):
    _, n, d = X.shape
    X = X.reshape(-1, num_heads, n, d).transpose(0, 2, 1, 3)
    return X.reshape(-1, n, num_heads * d)


def multi_head_attention(queries, keys, values, valid_lens, num_heads,
                         W_q, W_k, W_v, W_o,
                         attention=scaled_dot_product_attention):
    q = split_heads(np.dot(queries, W_q), num_heads)
    k = split_heads(np.dot(keys, W_k), num_heads)
    v = split_heads(np.dot(values, W_k), num_heads)
    if valid_lens is not None:
        valid_lens = valid_lens.repeat(num_heads, axis=0)
    out, _ = attention(q, k, v, valid_lens)
    return np.dot(merge_heads(out, num_heads), W_o)
''',
        variant='''
def split_heads(X, num_heads):
    X = X.reshape(X.shape[0], X.shape[1], num_heads, -1)
    X = np.swapaxes(X, 1, 2)
    return X.reshape(-1, X.shape[2], X.shape[3])


def merge_heads(X, num_heads):
    X = X.reshape(-1, num_heads, X.shape[1], X.shape[2])
    X = np.swapaxes(X, 1, 2)
    return X.reshape(X.shape[0], X.shape[1], -1)


def multi_head_attention(queries, keys, values, valid_lens, num_heads,
                         W_q, W_k, W_v, W_o,
                         attention=scaled_dot_product_attention):
    projections = {"q": W_q, "k": W_k, "v": W_k}
    Q = split_heads(queries @ projections["q"], num_heads)
    K = split_heads(keys @ projections["k"], num_heads)
    V = split_heads(values @ projections["v"], num_heads)
    if valid_lens is not None:
        valid_lens = np.repeat(valid_lens, num_heads, axis=0)
    out, _ = attention(Q, K, V, valid_lens)
    return merge_heads(out, num_heads) @ W_o
'''),
    # ----------------------------------------------- bahdanau_decoder_step
    dict(
        part="bahdanau_decoder_step",
        name="last-encoder-state",
        explanation="the context is the last encoder state, as in a plain "
                    "encoder-decoder, so attention is never used.",
        hint="the context is the output of attention(query, enc_outputs, "
             "enc_outputs, enc_valid_lens, *attn_params).",
        code='''
def bahdanau_decoder_step(X, H, enc_outputs, enc_valid_lens, attn_params,
                          gru_params, attention=additive_attention):
    context = enc_outputs[:, -1, :]
    inputs = np.concatenate([context, X], axis=-1)
    H_new, _ = gru_step(inputs, (H,), *gru_params)
    return H_new, context
''',
        variant='''
def bahdanau_decoder_step(X, H, enc_outputs, enc_valid_lens, attn_params,
                          gru_params, attention=additive_attention):
    steps = enc_outputs.shape[1]
    context = enc_outputs[:, steps - 1]
    out, state = gru_step(np.concatenate((context, X), axis=1), [H],
                          *gru_params)
    return state[0], context
'''),
    dict(
        part="bahdanau_decoder_step",
        name="embedding-first",
        explanation="the GRU input is [X, context], where the decoder "
                    "expects [context, X]: the weights W_x read each part "
                    "with the rows meant for the other.",
        hint="concatenate the context first, then the embedding.",
        code='''
def bahdanau_decoder_step(X, H, enc_outputs, enc_valid_lens, attn_params,
                          gru_params, attention=additive_attention):
    query = np.expand_dims(H, axis=1)
    context, _ = attention(query, enc_outputs, enc_outputs, enc_valid_lens,
                           *attn_params)
    context = context[:, 0, :]
    H_new, _ = gru_step(np.concatenate([X, context], axis=-1), (H,),
                        *gru_params)
    return H_new, context
''',
        variant='''
def bahdanau_decoder_step(X, H, enc_outputs, enc_valid_lens, attn_params,
                          gru_params, attention=additive_attention):
    out, _ = attention(H.reshape(H.shape[0], 1, H.shape[1]), enc_outputs,
                       enc_outputs, enc_valid_lens, *attn_params)
    ctx = out.reshape(out.shape[0], -1)
    _, (H_new,) = gru_step(np.concatenate((X, ctx), axis=1), (H,),
                           *gru_params)
    return H_new, ctx
'''),
    dict(
        part="bahdanau_decoder_step",
        name="query-is-encoder-state",
        explanation="the query is the encoder's last state instead of the "
                    "decoder's previous state H, so the decoder asks the "
                    "same question at every step.",
        hint="the query is H, with a num_queries axis of size 1.",
        code='''
def bahdanau_decoder_step(X, H, enc_outputs, enc_valid_lens, attn_params,
                          gru_params, attention=additive_attention):
    query = enc_outputs[:, -1:, :]
    context, _ = attention(query, enc_outputs, enc_outputs, enc_valid_lens,
                           *attn_params)
    context = context[:, 0, :]
    inputs = np.concatenate([context, X], axis=-1)
    H_new, _ = gru_step(inputs, (H,), *gru_params)
    return H_new, context
''',
        variant='''
def bahdanau_decoder_step(X, H, enc_outputs, enc_valid_lens, attn_params,
                          gru_params, attention=additive_attention):
    last = enc_outputs[:, enc_outputs.shape[1] - 1]
    out, _ = attention(np.expand_dims(last, 1), enc_outputs, enc_outputs,
                       enc_valid_lens, *attn_params)
    context = out.reshape(out.shape[0], out.shape[2])
    H_new, _ = gru_step(np.concatenate((context, X), axis=1), [H],
                        *gru_params)
    return H_new, context
'''),
    dict(
        part="bahdanau_decoder_step",
        name="returns-context-first",
        explanation="the function returns (context, H_new) where the pair "
                    "(H_new, context) is asked for.",
        hint="check the order of the returned pair.",
        code='''
def bahdanau_decoder_step(X, H, enc_outputs, enc_valid_lens, attn_params,
                          gru_params, attention=additive_attention):
    query = np.expand_dims(H, axis=1)
    context, _ = attention(query, enc_outputs, enc_outputs, enc_valid_lens,
                           *attn_params)
    context = context[:, 0, :]
    inputs = np.concatenate([context, X], axis=-1)
    H_new, _ = gru_step(inputs, (H,), *gru_params)
    return context, H_new
''',
        variant='''
def bahdanau_decoder_step(X, H, enc_outputs, enc_valid_lens, attn_params,
                          gru_params, attention=additive_attention):
    out, _ = attention(H[:, None, :], enc_outputs, enc_outputs,
                       enc_valid_lens, *attn_params)
    ctx = out.squeeze(axis=1)
    _, state = gru_step(np.concatenate((ctx, X), axis=1), [H], *gru_params)
    return ctx, state[0]
'''),
    dict(
        part="bahdanau_decoder_step",
        name="context-as-gru-state",
        explanation="the GRU step starts from the context instead of the "
                    "previous state H, so the decoder forgets its own "
                    "state at every step.",
        hint="the state passed to gru_step is (H,); the context goes in "
             "the input.",
        code='''
def bahdanau_decoder_step(X, H, enc_outputs, enc_valid_lens, attn_params,
                          gru_params, attention=additive_attention):
    query = np.expand_dims(H, axis=1)
    context, _ = attention(query, enc_outputs, enc_outputs, enc_valid_lens,
                           *attn_params)
    context = context[:, 0, :]
    inputs = np.concatenate([context, X], axis=-1)
    H_new, _ = gru_step(inputs, (context,), *gru_params)
    return H_new, context
''',
        variant='''
def bahdanau_decoder_step(X, H, enc_outputs, enc_valid_lens, attn_params,
                          gru_params, attention=additive_attention):
    out, _ = attention(H.reshape(H.shape[0], 1, -1), enc_outputs,
                       enc_outputs, enc_valid_lens, *attn_params)
    c = out.reshape(out.shape[0], -1)
    state = [c]
    H_new, state = gru_step(np.concatenate((c, X), axis=1), state,
                            *gru_params)
    return H_new, c
'''),
    dict(
        part="bahdanau_decoder_step",
        name="context-keeps-query-axis",
        explanation="the returned context keeps attention's num_queries "
                    "axis, shape (batch_size, 1, num_hiddens) instead of "
                    "(batch_size, num_hiddens).",
        hint="return the same 2-D context that goes into the GRU input.",
        code='''
def bahdanau_decoder_step(X, H, enc_outputs, enc_valid_lens, attn_params,
                          gru_params, attention=additive_attention):
    query = np.expand_dims(H, axis=1)
    context, _ = attention(query, enc_outputs, enc_outputs, enc_valid_lens,
                           *attn_params)
    inputs = np.concatenate([context[:, 0, :], X], axis=-1)
    H_new, _ = gru_step(inputs, (H,), *gru_params)
    return H_new, context
''',
        variant='''
def bahdanau_decoder_step(X, H, enc_outputs, enc_valid_lens, attn_params,
                          gru_params, attention=additive_attention):
    ctx3, _ = attention(H[:, None], enc_outputs, enc_outputs,
                        enc_valid_lens, *attn_params)
    flat = ctx3.reshape(ctx3.shape[0], -1)
    _, (H_new,) = gru_step(np.concatenate((flat, X), axis=1), (H,),
                           *gru_params)
    return H_new, ctx3
'''),
    dict(
        part="bahdanau_decoder_step",
        name="returns-state-tuple",
        explanation="the second value of gru_step, the state tuple (H_new,), "
                    "is returned in place of the array H_new.",
        hint="gru_step returns (H_new, (H_new,)): return the array.",
        code='''
def bahdanau_decoder_step(X, H, enc_outputs, enc_valid_lens, attn_params,
                          gru_params, attention=additive_attention):
    query = np.expand_dims(H, axis=1)
    context, _ = attention(query, enc_outputs, enc_outputs, enc_valid_lens,
                           *attn_params)
    context = context[:, 0, :]
    inputs = np.concatenate([context, X], axis=-1)
    _, state = gru_step(inputs, (H,), *gru_params)
    return state, context
''',
        variant='''
def bahdanau_decoder_step(X, H, enc_outputs, enc_valid_lens, attn_params,
                          gru_params, attention=additive_attention):
    out, _ = attention(H.reshape(H.shape[0], 1, -1), enc_outputs,
                       enc_outputs, enc_valid_lens, *attn_params)
    ctx = out[:, 0]
    result = gru_step(np.concatenate((ctx, X), axis=1), (H,), *gru_params)
    return result[1], ctx
'''),
]
