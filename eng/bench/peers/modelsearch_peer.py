"""scikit-learn side of eng/bench/run-modelsearch-bench.sh: HistGradientBoosting and MLP with their defaults on the
train/test files ModelSearchBench wrote, printed in its format ("<case> <who> <metric> <value>").

Usage: modelsearch_peer.py <case> <train csv> <test csv> <label> <binary|multiclass|regression> <positive class or ->
Numeric columns are read as numbers (empty, NA and ? as missing); the other columns are one-hot encoded (unknown
values ignored). HistGradientBoosting takes the missing values as they are; the MLP gets the median and standardized
columns, as scikit-learn's documentation prepares data for it. Binary metrics: accuracy and ROC AUC of the
probability of the positive class (the one ModelSearchBench names); multiclass: accuracy; regression: R².
"""
import csv
import sys
import time
import warnings

import numpy as np
from sklearn.compose import ColumnTransformer
from sklearn.exceptions import ConvergenceWarning
from sklearn.ensemble import HistGradientBoostingClassifier, HistGradientBoostingRegressor
from sklearn.impute import SimpleImputer
from sklearn.metrics import accuracy_score, r2_score, roc_auc_score
from sklearn.neural_network import MLPClassifier, MLPRegressor
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

MISSING = {"", "NA", "N/A", "NaN", "nan", "null", "NULL", "None", "?", "-"}


def read(path):
    with open(path, newline="") as f:
        rows = list(csv.reader(f))
    return rows[0], rows[1:]


def number(value):
    if value.strip() in MISSING:
        return np.nan
    return float(value)


def is_numeric(values):
    try:
        for v in values:
            number(v)
        return True
    except ValueError:
        return False


def main():
    warnings.filterwarnings("ignore", category=ConvergenceWarning)
    case, train_path, test_path, label, task, positive = sys.argv[1:7]
    header, train = read(train_path)
    _, test = read(test_path)
    li = header.index(label)
    features = [i for i in range(len(header)) if i != li]
    numeric = [i for i in features if is_numeric([r[i] for r in train + test])]
    categorical = [i for i in features if i not in numeric]

    def matrix(rows):
        num = np.array([[number(r[i]) for i in numeric] for r in rows], dtype=np.float64).reshape(len(rows), len(numeric))
        cat = np.array([[r[i] for i in categorical] for r in rows], dtype=object).reshape(len(rows), len(categorical))
        return np.concatenate([num.astype(object), cat], axis=1) if categorical else num

    x, xt = matrix(train), matrix(test)
    n_num = len(numeric)
    if task == "regression":
        y, yt = np.array([float(r[li]) for r in train]), np.array([float(r[li]) for r in test])
    else:
        y, yt = np.array([r[li] for r in train]), np.array([r[li] for r in test])

    def prepare(scale):
        steps = [make_pipeline(SimpleImputer(strategy="median"), StandardScaler())] if scale else ["passthrough"]
        parts = [("num", steps[0], list(range(n_num)))]
        if categorical:
            parts.append(("cat", OneHotEncoder(handle_unknown="ignore", sparse_output=False), list(range(n_num, n_num + len(categorical)))))
        return ColumnTransformer(parts)

    if task == "regression":
        models = {"hgb": HistGradientBoostingRegressor(random_state=1), "mlp": MLPRegressor(random_state=1)}
    else:
        models = {"hgb": HistGradientBoostingClassifier(random_state=1), "mlp": MLPClassifier(random_state=1)}
    for name, model in models.items():
        pipeline = make_pipeline(prepare(scale=name == "mlp"), model)
        start = time.perf_counter()
        pipeline.fit(x, y)
        seconds = time.perf_counter() - start
        print(f"{case} sklearn-{name} seconds {seconds:.3f}")
        if task == "regression":
            print(f"{case} sklearn-{name} RSquared {r2_score(yt, pipeline.predict(xt)):.4f}")
            continue
        print(f"{case} sklearn-{name} Accuracy {accuracy_score(yt, pipeline.predict(xt)):.4f}")
        if task == "binary":
            column = list(pipeline.classes_).index(positive)
            print(f"{case} sklearn-{name} AreaUnderRocCurve {roc_auc_score(yt == positive, pipeline.predict_proba(xt)[:, column]):.4f}")


if __name__ == "__main__":
    main()
