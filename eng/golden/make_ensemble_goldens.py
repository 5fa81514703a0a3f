#!/usr/bin/python3
"""Golden fold assignments for the stacking tests: scikit-learn's StratifiedKFold (classification) and KFold
(regression), unshuffled, as StackingClassifier/StackingRegressor use them with cv=k, on the test data's label columns.

Run with Debian's interpreter: /usr/bin/python3 eng/golden/make_ensemble_goldens.py
Writes test/TestData/ensemble-goldens.json: per case the file, the label column, k, and each row's test fold.
"""
import csv
import json
import os

import numpy as np
import sklearn
from sklearn.model_selection import KFold, StratifiedKFold

root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
data = os.path.join(root, "test", "TestData")


def labels(name):
    with open(os.path.join(data, name), newline="") as f:
        rows = list(csv.reader(f))
    return [row[-1] for row in rows[1:]]


def test_folds(splitter, y):
    folds = np.empty(len(y), dtype=int)
    for fold, (_, test) in enumerate(splitter.split(np.zeros((len(y), 1)), y)):
        folds[test] = fold
    return folds.tolist()


cases = []
for name, k in [("breast-cancer.csv", 5), ("vehicle.csv", 5), ("iris.csv", 5), ("vehicle.csv", 3), ("glass.csv", 9)]:
    y = labels(name)
    cases.append({"file": name, "task": "classification", "k": k, "folds": test_folds(StratifiedKFold(k), y)})
for name, k in [("boston-housing.csv", 5), ("boston-housing.csv", 7)]:
    y = labels(name)
    cases.append({"file": name, "task": "regression", "k": k, "folds": test_folds(KFold(k), y)})

out = {"sklearn": sklearn.__version__, "cases": cases}
with open(os.path.join(data, "ensemble-goldens.json"), "w") as f:
    json.dump(out, f, separators=(",", ":"))
print(f"wrote {len(cases)} fold assignments with scikit-learn {sklearn.__version__}")
