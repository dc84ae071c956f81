"""Reference values for the engine's tests, from an independent numpy (float64) implementation.

Run once from the repository root; the JSON goes to src/lib/engine/fixtures/ and is committed:

    python3 scripts/reference/make_fixtures.py

Every backward pass here is written out by hand, and checked against float64 central
differences before anything is written, so the fixtures do not depend on the engine at all.
Weights come from a sin formula, so the script needs no random generator.
"""

import json
import math
import os

import numpy as np

OUT_DIR = os.path.join(os.path.dirname(__file__), "..", "..", "src", "lib", "engine", "fixtures")
EPS = 1e-5  # rmsnorm epsilon


def sin_values(n, k, scale):
    """Deterministic 'random-looking' numbers: scale * sin(1.7 i + 0.9 k + 0.3) for i < n."""
    i = np.arange(n, dtype=np.float64)
    return scale * np.sin(1.7 * i + 0.9 * k + 0.3) * np.cos(0.37 * i * (k + 1))


# ----------------------------------------------------------------- softmax / cross-entropy


def softmax(x, axis=-1):
    m = np.max(x, axis=axis, keepdims=True)
    e = np.exp(x - m)
    return e / np.sum(e, axis=axis, keepdims=True)


def log_softmax(x, axis=-1):
    m = np.max(x, axis=axis, keepdims=True)
    return x - m - np.log(np.sum(np.exp(x - m), axis=axis, keepdims=True))


def cross_entropy(logits, targets):
    """Mean -log p[target] and its gradient (p - onehot) / N."""
    n = logits.shape[0]
    lp = log_softmax(logits)
    loss = -np.mean(lp[np.arange(n), targets])
    grad = softmax(logits)
    grad[np.arange(n), targets] -= 1
    return loss, grad / n


def softmax_fixture():
    logits = np.array(
        [
            [1.0, 2.0, 3.0, 4.0],
            [0.0, 0.0, 0.0, 0.0],
            [1e4, 0.0, -1e4, 1e4 - 1],
            [-1e4, -1e4 + 1, -1e4 + 2, -1e4],
            [0.5, -1.25, 2.0, 0.0],
        ]
    )
    # Gradient of sum(w * softmax(x)) for fixed weights w, to check the backward too.
    w = sin_values(logits.size, 7, 1.0).reshape(logits.shape)
    p = softmax(logits)
    grad = p * (w - np.sum(w * p, axis=-1, keepdims=True))
    lgrad = w - p * np.sum(w, axis=-1, keepdims=True)
    return {
        "logits": logits.tolist(),
        "softmax": p.tolist(),
        "logSoftmax": log_softmax(logits).tolist(),
        "outputWeights": w.tolist(),
        "softmaxGrad": grad.tolist(),
        "logSoftmaxGrad": lgrad.tolist(),
    }


def cross_entropy_fixture():
    n, v = 6, 7
    logits = sin_values(n * v, 3, 2.5).reshape(n, v)
    logits[5] *= 4000.0  # a row with logits of order ±1e4
    targets = np.array([0, 3, 6, 2, 2, 5])
    loss, grad = cross_entropy(logits, targets)
    # Finite-difference check of the hand-written gradient (the huge row is skipped; its loss term
    # also limits the difference to ~1e-7 absolute).
    h = 1e-6
    for r in range(5):
        for c in range(v):
            lp, lm = logits.copy(), logits.copy()
            lp[r, c] += h
            lm[r, c] -= h
            num = (cross_entropy(lp, targets)[0] - cross_entropy(lm, targets)[0]) / (2 * h)
            assert abs(num - grad[r, c]) < 1e-6, (r, c, num, grad[r, c])
    return {"logits": logits.tolist(), "targets": targets.tolist(), "loss": loss, "grad": grad.tolist()}


# ----------------------------------------------------------------- GPT


def param_shapes(cfg):
    v, c, t = cfg["vocabSize"], cfg["nEmbd"], cfg["blockSize"]
    shapes = [("wte", (v, c)), ("wpe", (t, c))]
    for i in range(cfg["nLayer"]):
        shapes += [
            (f"layer{i}.attn_wq", (c, c)),
            (f"layer{i}.attn_wk", (c, c)),
            (f"layer{i}.attn_wv", (c, c)),
            (f"layer{i}.attn_wo", (c, c)),
            (f"layer{i}.mlp_fc1", (4 * c, c)),
            (f"layer{i}.mlp_fc2", (c, 4 * c)),
        ]
    shapes.append(("lm_head", (v, c)))
    return shapes


def make_weights(cfg):
    weights = {}
    for k, (name, shape) in enumerate(param_shapes(cfg)):
        weights[name] = sin_values(shape[0] * shape[1], k, 0.3).reshape(shape)
    return weights


def rmsnorm_fwd(x):
    r = 1.0 / np.sqrt(np.mean(x * x, axis=-1, keepdims=True) + EPS)
    return x * r, r


def rmsnorm_bwd(x, r, dy):
    c = x.shape[-1]
    dot = np.sum(dy * x, axis=-1, keepdims=True)
    return r * dy - (r**3) * dot * x / c


def gpt_forward(w, cfg, ids):
    """Returns logits and a cache of everything the backward pass needs."""
    t_len = len(ids)
    c, n_head = cfg["nEmbd"], cfg["nHead"]
    d = c // n_head
    scale = 1.0 / math.sqrt(d)
    x = w["wte"][ids] + w["wpe"][:t_len]
    layers = []
    mask = np.triu(np.ones((t_len, t_len), dtype=bool), 1)
    for i in range(cfg["nLayer"]):
        lw = {k: w[f"layer{i}.{k}"] for k in ["attn_wq", "attn_wk", "attn_wv", "attn_wo", "mlp_fc1", "mlp_fc2"]}
        h1, r1 = rmsnorm_fwd(x)
        q, k, v = h1 @ lw["attn_wq"].T, h1 @ lw["attn_wk"].T, h1 @ lw["attn_wv"].T
        att = np.zeros((n_head, t_len, t_len))
        a = np.zeros((t_len, c))
        for hh in range(n_head):
            sl = slice(hh * d, (hh + 1) * d)
            s = (q[:, sl] @ k[:, sl].T) * scale
            s[mask] = -np.inf
            att[hh] = softmax(s)
            a[:, sl] = att[hh] @ v[:, sl]
        x1 = x + a @ lw["attn_wo"].T
        h2, r2 = rmsnorm_fwd(x1)
        u = h2 @ lw["mlp_fc1"].T
        z = np.maximum(u, 0)
        x2 = x1 + z @ lw["mlp_fc2"].T
        layers.append(dict(x=x, h1=h1, r1=r1, q=q, k=k, v=v, att=att, a=a, x1=x1, h2=h2, r2=r2, u=u, z=z, lw=lw))
        x = x2
    hf, rf = rmsnorm_fwd(x)
    logits = hf @ w["lm_head"].T
    return logits, dict(layers=layers, x=x, hf=hf, rf=rf)


def gpt_loss(w, cfg, ids):
    inputs, targets = ids[:-1], np.array(ids[1:])
    logits, cache = gpt_forward(w, cfg, inputs)
    loss, dlogits = cross_entropy(logits, targets)
    return loss, logits, dlogits, cache


def gpt_backward(w, cfg, ids):
    """Loss, logits, attention and d(loss)/d(every weight), by hand."""
    inputs = ids[:-1]
    t_len = len(inputs)
    c, n_head = cfg["nEmbd"], cfg["nHead"]
    d = c // n_head
    scale = 1.0 / math.sqrt(d)
    loss, logits, dlogits, cache = gpt_loss(w, cfg, ids)
    g = {name: np.zeros_like(value) for name, value in w.items()}

    g["lm_head"] += dlogits.T @ cache["hf"]
    dx = rmsnorm_bwd(cache["x"], cache["rf"], dlogits @ w["lm_head"])
    for i in reversed(range(cfg["nLayer"])):
        L = cache["layers"][i]
        lw = L["lw"]
        # x2 = x1 + relu(h2 fc1ᵀ) fc2ᵀ
        dz = dx @ lw["mlp_fc2"]
        g[f"layer{i}.mlp_fc2"] += dx.T @ L["z"]
        du = dz * (L["u"] > 0)
        g[f"layer{i}.mlp_fc1"] += du.T @ L["h2"]
        dx1 = dx + rmsnorm_bwd(L["x1"], L["r2"], du @ lw["mlp_fc1"])
        # x1 = x + a woᵀ
        da = dx1 @ lw["attn_wo"]
        g[f"layer{i}.attn_wo"] += dx1.T @ L["a"]
        dq, dk, dv = np.zeros((t_len, c)), np.zeros((t_len, c)), np.zeros((t_len, c))
        for hh in range(n_head):
            sl = slice(hh * d, (hh + 1) * d)
            p = L["att"][hh]
            dv[:, sl] += p.T @ da[:, sl]
            dp = da[:, sl] @ L["v"][:, sl].T
            ds = p * (dp - np.sum(dp * p, axis=-1, keepdims=True)) * scale
            dq[:, sl] += ds @ L["k"][:, sl]
            dk[:, sl] += ds.T @ L["q"][:, sl]
        g[f"layer{i}.attn_wq"] += dq.T @ L["h1"]
        g[f"layer{i}.attn_wk"] += dk.T @ L["h1"]
        g[f"layer{i}.attn_wv"] += dv.T @ L["h1"]
        dh1 = dq @ lw["attn_wq"] + dk @ lw["attn_wk"] + dv @ lw["attn_wv"]
        dx = dx1 + rmsnorm_bwd(L["x"], L["r1"], dh1)
    np.add.at(g["wte"], np.array(inputs), dx)
    g["wpe"][:t_len] += dx
    attention = [L["att"].tolist() for L in cache["layers"]]
    return loss, logits, attention, g


def check_gpt_gradients(w, cfg, ids, g):
    """Central differences in float64 on a spread of entries of every weight."""
    h = 1e-6
    for name, value in w.items():
        flat = value.reshape(-1)
        for j in range(0, flat.size, max(1, flat.size // 23)):
            old = flat[j]
            flat[j] = old + h
            lp = gpt_loss(w, cfg, ids)[0]
            flat[j] = old - h
            lm = gpt_loss(w, cfg, ids)[0]
            flat[j] = old
            num = (lp - lm) / (2 * h)
            ana = g[name].reshape(-1)[j]
            assert abs(num - ana) < 1e-7 + 1e-5 * abs(num), (name, j, num, ana)


def encode(name):
    return [0] + [ord(ch) - ord("a") + 1 for ch in name] + [0]


def gpt_case(cfg, ids, label):
    w = make_weights(cfg)
    loss, logits, attention, g = gpt_backward(w, cfg, ids)
    check_gpt_gradients(w, cfg, ids, g)
    return {
        "label": label,
        "config": cfg,
        "ids": ids,
        "weights": {k: v.reshape(-1).tolist() for k, v in w.items()},
        "logits": logits.tolist(),
        "attention": attention,
        "loss": loss,
        "grads": {k: v.reshape(-1).tolist() for k, v in g.items()},
    }


def tidy(value):
    """Floats to 10 significant digits (far beyond float32's 7), to keep the JSON small."""
    if isinstance(value, float):
        return float(f"{value:.10g}")
    if isinstance(value, dict):
        return {k: tidy(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [tidy(v) for v in value]
    if isinstance(value, np.generic):
        return tidy(value.item())
    return value


def main():
    os.makedirs(OUT_DIR, exist_ok=True)
    micro = {"vocabSize": 27, "nEmbd": 16, "nHead": 4, "nLayer": 1, "blockSize": 16}
    two_layer = {"vocabSize": 27, "nEmbd": 8, "nHead": 2, "nLayer": 2, "blockSize": 8}
    fixtures = {
        "softmax.json": softmax_fixture(),
        "crossentropy.json": cross_entropy_fixture(),
        "gpt.json": {
            "cases": [
                gpt_case(micro, encode("emma"), "microgpt config, 'emma'"),
                # 17 ids: the longest sequence loss() accepts (16 inputs, 16 targets)
                gpt_case(micro, encode("bartholomewjohn")[:17], "microgpt config, 16 inputs"),
                gpt_case(two_layer, encode("ada") + encode("lin")[1:3], "two layers, two heads"),
            ]
        },
    }
    for filename, value in fixtures.items():
        with open(os.path.join(OUT_DIR, filename), "w") as f:
            json.dump(tidy(value), f, separators=(",", ":"))
            f.write("\n")
        print("wrote", filename)


if __name__ == "__main__":
    main()
