#!/usr/bin/python3
"""Golden metric values for the evaluation tests, computed with scikit-learn on fixed inputs.

Run with Debian's interpreter: /usr/bin/python3 eng/golden/make_metric_goldens.py
Writes test/TestData/metric-goldens.json (inputs and expected values).
"""
import json
import math
import os

import numpy as np
from sklearn import metrics

rng = np.random.RandomState(20261121)
out = {}

# Binary: labels, raw scores (threshold 0) and probabilities, with score ties.
n = 60
y = rng.randint(0, 2, n)
score = np.round(rng.normal(0, 1, n) + 0.8 * (2 * y - 1), 1)
prob = 1 / (1 + np.exp(-score))
pred = score > 0
tn, fp, fn, tp = metrics.confusion_matrix(y, pred, labels=[0, 1]).ravel()
prior = y.mean()
entropy = -(prior * math.log2(prior) + (1 - prior) * math.log2(1 - prior))
logloss2 = metrics.log_loss(y, prob) / math.log(2)
out["binary"] = {
    "label": y.tolist(), "score": score.tolist(), "probability": prob.tolist(),
    "AreaUnderRocCurve": metrics.roc_auc_score(y, score),
    "Accuracy": metrics.accuracy_score(y, pred),
    "PositivePrecision": metrics.precision_score(y, pred),
    "PositiveRecall": metrics.recall_score(y, pred),
    "NegativePrecision": metrics.precision_score(1 - y, ~pred),
    "NegativeRecall": metrics.recall_score(1 - y, ~pred),
    "F1Score": metrics.f1_score(y, pred),
    "AreaUnderPrecisionRecallCurve": metrics.average_precision_score(y, score),
    "LogLoss": logloss2, "Entropy": entropy, "LogLossReduction": (entropy - logloss2) / entropy,
    "Counts": [[float(tp), float(fn)], [float(fp), float(tn)]],
}

# Multiclass: 4 classes, softmax scores.
n, k = 80, 4
y = rng.randint(0, k, n)
logits = rng.normal(0, 1, (n, k))
logits[np.arange(n), y] += 1.2
p = np.exp(logits) / np.exp(logits).sum(1, keepdims=True)
p = p.astype(np.float32).astype(np.float64)
pred = p.argmax(1)
clipped = np.clip(p[np.arange(n), y], 1e-15, 1)
logloss = float(-np.log(clipped).mean())
freq = np.bincount(y, minlength=k) / n
h = float(-(freq[freq > 0] * np.log(freq[freq > 0])).sum())
out["multiclass"] = {
    "label": y.tolist(), "score": p.tolist(),
    "MicroAccuracy": metrics.accuracy_score(y, pred),
    "MacroAccuracy": metrics.balanced_accuracy_score(y, pred),
    "LogLoss": metrics.log_loss(y, p, labels=list(range(k))), "LogLossReduction": (h - logloss) / h,
    "TopKAccuracy2": metrics.top_k_accuracy_score(y, p, k=2, labels=list(range(k))),
    "TopKAccuracy3": metrics.top_k_accuracy_score(y, p, k=3, labels=list(range(k))),
    "Counts": metrics.confusion_matrix(y, pred, labels=list(range(k))).astype(float).tolist(),
    "PerClassPrecision": metrics.precision_score(y, pred, average=None, labels=list(range(k)), zero_division=0).tolist(),
    "PerClassRecall": metrics.recall_score(y, pred, average=None, labels=list(range(k)), zero_division=0).tolist(),
}

# Regression.
n = 50
y = rng.normal(3, 2, n)
s = (y + rng.normal(0, 0.7, n)).astype(np.float32).astype(np.float64)
out["regression"] = {
    "label": y.tolist(), "score": s.tolist(),
    "MeanAbsoluteError": metrics.mean_absolute_error(y, s),
    "MeanSquaredError": metrics.mean_squared_error(y, s),
    "RootMeanSquaredError": math.sqrt(metrics.mean_squared_error(y, s)),
    "RSquared": metrics.r2_score(y, s),
}

# Clustering: 3 blobs, distances to 3 fixed centers.
centers = np.array([[0, 0], [4, 0], [0, 4]], dtype=np.float32)
labels = rng.randint(0, 3, 45)
x = (centers[labels] + rng.normal(0, 1.3, (45, 2))).astype(np.float32)
dist = np.sqrt(((x[:, None, :] - centers[None, :, :]) ** 2).sum(-1)).astype(np.float32)
assigned = dist.argmin(1)
mi = metrics.mutual_info_score(labels, assigned)
counts = np.bincount(labels) / len(labels)
h = float(-(counts * np.log(counts)).sum())
out["clustering"] = {
    "label": labels.tolist(), "score": dist.astype(np.float64).tolist(), "features": x.astype(np.float64).tolist(),
    "NormalizedMutualInformation": mi / h,
    "AverageDistance": float(dist.min(1).astype(np.float64).mean()),
    "DaviesBouldinIndex": metrics.davies_bouldin_score(x.astype(np.float64), assigned),
}

# Anomaly detection: 10 anomalies among 70 rows.
y = np.zeros(70, dtype=int)
y[rng.choice(70, 10, replace=False)] = 1
s = rng.normal(0, 1, 70) + 1.5 * y
order = np.argsort(-s, kind="stable")
fp_limit, fp, detected = 5, 0, 0
for i in order:
    if y[i]:
        detected += 1
    else:
        fp += 1
        if fp > fp_limit:
            break
out["anomaly"] = {
    "label": y.tolist(), "score": s.tolist(), "falsePositiveCount": fp_limit,
    "AreaUnderRocCurve": metrics.roc_auc_score(y, s),
    "DetectionRateAtFalsePositiveCount": detected / y.sum(),
}

path = os.path.join(os.path.dirname(__file__), "..", "..", "test", "TestData", "metric-goldens.json")
with open(path, "w") as f:
    json.dump(out, f, indent=1)
print("wrote", os.path.normpath(path))
