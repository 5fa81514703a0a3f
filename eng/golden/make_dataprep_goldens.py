#!/usr/bin/python3
"""Golden values for the data-preparation tests, computed with scikit-learn and SciPy on fixed inputs.

Run with Debian's interpreter: /usr/bin/python3 eng/golden/make_dataprep_goldens.py
Writes test/TestData/dataprep-goldens.json: the input matrices (null = missing) and
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

# Samplers (imbalanced-learn): class counts after resampling under each strategy, Tomek-link removals and ADASYN's
# total, on three overlapping Gaussian classes of 50, 20 and 8 rows (labels "a", "b", "c").
from imblearn.over_sampling import ADASYN, RandomOverSampler  # noqa: E402
from imblearn.under_sampling import RandomUnderSampler, TomekLinks  # noqa: E402

centers = {"a": (0.0, 0.0), "b": (1.5, 0.5), "c": (0.5, 1.5)}
sizes = {"a": 50, "b": 20, "c": 8}
sx, sy = [], []
for label in ["a", "b", "c"]:
    sx.append(f32(rng.normal(centers[label], 0.8, (sizes[label], 2))))
    sy += [label] * sizes[label]
order = rng.permutation(len(sy))
sx = np.vstack(sx)[order]
sy = np.array(sy)[order]
out["sampling_x"] = listed(sx)
out["sampling_y"] = sy.tolist()


def counts(y):
    return {c: int((y == c).sum()) for c in ["a", "b", "c"]}


over = {"auto": "auto", "not minority": "not minority", "all": "all", "counts": {"b": 30, "c": 40}}
under = {"auto": "auto", "majority": "majority", "not majority": "not majority", "all": "all", "counts": {"a": 10, "b": 15}}
out["over_counts"] = {k: counts(RandomOverSampler(sampling_strategy=v, random_state=0).fit_resample(sx, sy)[1]) for k, v in over.items()}
out["under_counts"] = {k: counts(RandomUnderSampler(sampling_strategy=v, random_state=0).fit_resample(sx, sy)[1]) for k, v in under.items()}
binary = sy != "c"
out["ratio_over_counts"] = counts(RandomOverSampler(sampling_strategy=0.6, random_state=0).fit_resample(sx[binary], sy[binary])[1])
out["ratio_under_counts"] = counts(RandomUnderSampler(sampling_strategy=0.8, random_state=0).fit_resample(sx[binary], sy[binary])[1])
for name, strategy in [("auto", "auto"), ("all", "all")]:
    tomek = TomekLinks(sampling_strategy=strategy).fit(sx, sy)
    tomek.fit_resample(sx, sy)
    kept = set(tomek.sample_indices_.tolist())
    out["tomek_removed_" + name] = [i for i in range(len(sy)) if i not in kept]
# ADASYN's rule: row i of a class seeds rint(h_i / Σh · n) rows, h_i = its neighbours of other classes among its 5
# nearest. imbalanced-learn evaluates it in floating point, where an exact half (here 4.5) may round either way;
# the golden evaluates it exactly (half to even), imbalanced-learn's own result is kept beside it for reference.
from fractions import Fraction  # noqa: E402
from sklearn.neighbors import NearestNeighbors  # noqa: E402

neighbours = NearestNeighbors(n_neighbors=6).fit(sx).kneighbors(sx, return_distance=False)[:, 1:]
exact = {}
for label in ["a", "b", "c"]:
    rows = np.flatnonzero(sy == label)
    wanted = max(sizes.values()) - sizes[label]
    hard = [int((sy[neighbours[r]] != label).sum()) for r in rows]
    exact[label] = sizes[label] + (sum(round(Fraction(h * wanted, sum(hard))) for h in hard) if wanted else 0)
out["adasyn_counts"] = exact
out["adasyn_counts_imblearn"] = counts(ADASYN(n_neighbors=5, random_state=0).fit_resample(sx, sy)[1])

# Imputers of the ML.NET extension (src/MLNet.NeuralExtensions/Transforms/Imputers), from here on with their own
# generator so that the inputs above keep their values.
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
