#!/usr/bin/python3
"""What scikit-learn's MLPClassifier reaches with its defaults on a held-out part of UCI vehicle silhouettes, the floor
of the test that our Mlp with its defaults reaches it too (MlpDefaultsTests).

Run with Debian's interpreter: /usr/bin/python3 eng/golden/make_mlp_defaults_golden.py
Reads test/TestData/vehicle.csv (846 rows in no class order, 18 features, 4 classes), trains on its first 634 rows
(75 %) and tests on the other 212: SimpleImputer() + StandardScaler() + MLPClassifier() with every default but
random_state, for random_state 1..5. Writes test/TestData/mlp-defaults-golden.json: the split, each seed's test
accuracy and log loss (natural log), and their means.
"""
import csv
import json
import os
import warnings

import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.impute import SimpleImputer
from sklearn.metrics import log_loss
from sklearn.neural_network import MLPClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "test", "TestData")
with open(os.path.join(root, "vehicle.csv"), newline="") as f:
    rows = list(csv.DictReader(f))
features = [c for c in rows[0] if c != "Class"]
x = np.array([[float(r[c]) for c in features] for r in rows])
y = np.array([r["Class"] for r in rows])
train_rows = 634
accuracies, losses = [], []
for seed in range(1, 6):
    model = make_pipeline(SimpleImputer(), StandardScaler(), MLPClassifier(random_state=seed))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        model.fit(x[:train_rows], y[:train_rows])
    accuracies.append(float(np.mean(model.predict(x[train_rows:]) == y[train_rows:])))
    losses.append(float(log_loss(y[train_rows:], model.predict_proba(x[train_rows:]), labels=model.classes_)))

golden = {
    "file": "vehicle.csv",
    "train_rows": train_rows,
    "test_rows": len(y) - train_rows,
    "sklearn": "MLPClassifier() defaults behind SimpleImputer() + StandardScaler(), random_state 1..5",
    "accuracy": accuracies,
    "log_loss": losses,
    "mean_accuracy": float(np.mean(accuracies)),
    "mean_log_loss": float(np.mean(losses)),
}
with open(os.path.join(root, "mlp-defaults-golden.json"), "w") as f:
    json.dump(golden, f, indent=1)
    f.write("\n")
print(json.dumps(golden, indent=1))
