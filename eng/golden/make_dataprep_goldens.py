#!/usr/bin/python3
"""Golden values for the data-preparation tests, computed with scikit-learn and SciPy on fixed inputs.

Run with Debian's interpreter: /usr/bin/python3 eng/golden/make_dataprep_goldens.py
Writes test/MLNet.NeuralExtensions.Tests/TestData/dataprep-goldens.json: the input matrices (null = missing) and
each scaler's output, each imputer's fitted statistics or output. The inputs are rounded to float32 so that the
library's Single columns see exactly the values scikit-learn saw.
"""
import json
import os

import numpy as np
from scipy.special import erf
from sklearn.experimental import enable_iterative_imputer  # noqa: F401 (enables IterativeImputer)
from sklearn.impute import IterativeImputer, KNNImputer, SimpleImputer
from sklearn.linear_model import Ridge
from sklearn.preprocessing import MaxAbsScaler, MinMaxScaler, Normalizer, RobustScaler, StandardScaler

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

out = {"x": listed(with_missing), "x_complete": listed(x)}
out["standard"] = listed(StandardScaler().fit_transform(with_missing))
out["minmax"] = listed(MinMaxScaler().fit_transform(with_missing))
out["maxabs"] = listed(MaxAbsScaler().fit_transform(with_missing))
out["robust"] = listed(RobustScaler().fit_transform(with_missing))
out["robust_10_90_uncentered"] = listed(RobustScaler(with_centering=False, quantile_range=(10, 90)).fit_transform(with_missing))

# ML.NET's fixZero forms and the CDFs, by their formulas over the NaN-free statistics; a constant slot maps to 0.
mean = np.nanmean(with_missing, axis=0)
var = np.nanvar(with_missing, axis=0)
largest = np.nanmax(np.abs(with_missing), axis=0)
informative = np.nanmax(with_missing, axis=0) > np.nanmin(with_missing, axis=0)
out["minmax_fixzero"] = listed(np.where(informative, with_missing / largest, 0 * with_missing))
scale = np.where(var > 0, 1 / np.sqrt(var + mean ** 2), 0)
out["meanvar_fixzero"] = listed(with_missing * scale)
std = np.sqrt(var)
z = np.where(std > 0, (with_missing - mean) / np.where(std > 0, std, 1), 0)
out["meanvar_cdf"] = listed(0.5 * (1 + erf(z / np.sqrt(2))))
positive = with_missing[:, 1]
logs = np.log(positive[~np.isnan(positive)])
out["log_column"] = [None if np.isnan(v) else float(v) for v in positive]
out["log_cdf"] = [None if np.isnan(v) else float(0.5 * (1 + erf((np.log(v) - logs.mean()) / (logs.std() * np.sqrt(2))))) for v in positive]

# Row-wise norms (scikit-learn's Normalizer rejects NaN, so the complete matrix is used).
for norm in ["l1", "l2", "max"]:
    out["rows_" + norm] = listed(Normalizer(norm=norm).fit_transform(x))
centered = x - x.mean(axis=1, keepdims=True)
out["rows_std_zero_mean"] = listed(centered / centered.std(axis=1, keepdims=True))

# Imputers.
out["impute_mean"] = SimpleImputer(strategy="mean").fit(with_missing).statistics_.tolist()
out["impute_median"] = SimpleImputer(strategy="median").fit(with_missing).statistics_.tolist()
out["impute_most_frequent"] = SimpleImputer(strategy="most_frequent").fit(with_missing).statistics_.tolist()
out["impute_min"] = np.nanmin(with_missing, axis=0).tolist()
out["impute_max"] = np.nanmax(with_missing, axis=0).tolist()

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

path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "test", "MLNet.NeuralExtensions.Tests", "TestData", "dataprep-goldens.json")
with open(path, "w") as f:
    json.dump(out, f, indent=1)
print("wrote", os.path.normpath(path))
