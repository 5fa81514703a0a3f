#!/usr/bin/python3
"""Golden values for the data-preparation tests, computed with scikit-learn and SciPy on fixed inputs.

Run with Debian's interpreter: /usr/bin/python3 eng/golden/make_dataprep_goldens.py
Writes test/TestData/dataprep-goldens.json: the input matrices (null = missing) and each imputer's fitted statistics
or output (the samplers' goldens are make_sampling_goldens.py's). The inputs are rounded to float32 so that the
library's Single columns see exactly the values scikit-learn saw.
"""
import json
import os

import numpy as np
from sklearn.experimental import enable_iterative_imputer  # noqa: F401 (enables IterativeImputer)
from sklearn.impute import IterativeImputer, KNNImputer, SimpleImputer
from sklearn.linear_model import Ridge

rng = np.random.RandomState(20261121)


def f32(a):
    return np.asarray(a, dtype=np.float32).astype(np.float64)


def listed(a):
    return [[None if np.isnan(v) else float(v) for v in row] for row in np.asarray(a, dtype=np.float64)]


# 40 rows × 5 slots: normal, skewed positive, with outliers, integer-valued (ties for median and mode), constant.
n = 40
x = np.column_stack([
    rng.normal(3, 2, n),
    rng.lognormal(0.5, 0.8, n),
    np.concatenate([rng.normal(0, 1, n - 3), [25.0, -30.0, 40.0]]),
    rng.randint(-3, 4, n).astype(float),
    np.full(n, 2.5),
])
x = f32(x)
with_missing = x.copy()
holes = rng.rand(n, 5) < 0.12
holes[:, 4] = False
with_missing[holes] = np.nan

out = {"x": listed(with_missing)}
out["impute_median"] = SimpleImputer(strategy="median").fit(with_missing).statistics_.tolist()

# KNN imputation: fitted on the matrix, applied to it and to new rows; continuous columns only, so that no two
# donors tie in distance.
knn_train = with_missing[:, :3]
knn_test = f32(rng.normal(1, 2, (8, 3)))
knn_test[rng.rand(8, 3) < 0.3] = np.nan
knn_test[0] = [np.nan, 1.0, np.nan]
out["knn_train"] = listed(knn_train)
out["knn_test"] = listed(knn_test)
for k, weights in [(5, "uniform"), (3, "distance")]:
    imputer = KNNImputer(n_neighbors=k, weights=weights).fit(knn_train)
    out[f"knn_{k}_{weights}_train"] = listed(imputer.transform(knn_train))
    out[f"knn_{k}_{weights}_test"] = listed(imputer.transform(knn_test))

# Iterative imputation with ridge regression (alpha = 1) on correlated columns.
base = rng.normal(0, 1, (60, 1))
it = f32(np.column_stack([base[:, 0], 2 * base[:, 0] + rng.normal(0, 0.3, 60), -base[:, 0] + rng.normal(0, 0.5, 60), rng.normal(5, 1, 60)]))
it[rng.rand(60, 4) < 0.15] = np.nan
imputer = IterativeImputer(estimator=Ridge(alpha=1.0), max_iter=10, tol=1e-3, random_state=0).fit(it)
out["iterative_x"] = listed(it)
out["iterative_output"] = listed(imputer.transform(it))
out["iterative_iterations"] = int(imputer.n_iter_)

# From here on a generator of its own, so that the inputs above keep their values.
rng = np.random.RandomState(20261202)
out["impute_median_pooled"] = float(np.nanmedian(with_missing))

# IterativeImputer's other orders, initial strategies and a smaller penalty, and new rows (one of them entirely
# missing) imputed by the model fitted above.
for name, order, initial, alpha in [("descending_median", "descending", "median", 1.0),
                                    ("roman_most_frequent", "roman", "most_frequent", 1.0),
                                    ("arabic_alpha", "arabic", "mean", 0.1)]:
    variant = IterativeImputer(estimator=Ridge(alpha=alpha), imputation_order=order, initial_strategy=initial,
                               max_iter=10, tol=1e-3, random_state=0).fit(it)
    out[f"iterative_{name}_output"] = listed(variant.transform(it))
    out[f"iterative_{name}_iterations"] = int(variant.n_iter_)
it_test = f32(rng.normal(0, 1.5, (8, 4)))
it_test[rng.rand(8, 4) < 0.3] = np.nan
it_test[0] = np.nan
out["iterative_test"] = listed(it_test)
out["iterative_test_output"] = listed(imputer.transform(it_test))
# Fitted on complete rows only: the regressions of the one round still fill new rows' holes.
complete = IterativeImputer(estimator=Ridge(alpha=1.0), random_state=0).fit(it[~np.isnan(it).any(axis=1)])
out["iterative_complete_rows"] = int((~np.isnan(it).any(axis=1)).sum())
out["iterative_complete_test_output"] = listed(complete.transform(it_test))
out["iterative_complete_iterations"] = int(complete.n_iter_)


# Real data sets with missing values (test/TestData), as the tests load them: Single columns, an empty cell missing.
# Each imputer's values at the missing cells, row by row; the present cells pass unchanged.
def load_features(file, width):
    import csv
    with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "test", "TestData", file)) as f:
        rows = list(csv.reader(f))[1:]
    return f32([[float(v) if v != "" else np.nan for v in row[:width]] for row in rows])


for name, file, width in [("airquality", "airquality.csv", 6), ("pima", "pima-diabetes.csv", 8),
                          ("breast_cancer", "breast-cancer.csv", 9)]:
    real = load_features(file, width)
    holes = np.isnan(real)
    out[f"{name}_median"] = SimpleImputer(strategy="median").fit(real).statistics_.tolist()
    iterative = IterativeImputer(estimator=Ridge(alpha=1.0), random_state=0).fit(real)
    out[f"{name}_iterative_cells"] = iterative.transform(real)[holes].tolist()
    out[f"{name}_iterative_iterations"] = int(iterative.n_iter_)
    # Breast-cancer's values are small integers: its nearest neighbours tie, and KNNImputer breaks ties arbitrarily.
    if name != "breast_cancer":
        out[f"{name}_knn_5_uniform_cells"] = KNNImputer(n_neighbors=5).fit_transform(real)[holes].tolist()
        out[f"{name}_knn_3_distance_cells"] = KNNImputer(n_neighbors=3, weights="distance").fit_transform(real)[holes].tolist()

path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "test", "TestData", "dataprep-goldens.json")
with open(path, "w") as f:
    json.dump(out, f, indent=1)
print("wrote", os.path.normpath(path))
