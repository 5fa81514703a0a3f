"""Python side of eng/bench/run-dataprep-bench.sh: writes the benchmark data and times imbalanced-learn's SMOTE and
scikit-learn's KNNImputer on it, printing "<bench> <key> <value>" lines in DataPrepBench's order.

Usage: dataprep_peer.py data <directory>             write smote.csv (100,000 x 30, 10 % minority) and knn.csv
                                                     (20,000 x 30, 10 % of values missing)
       dataprep_peer.py <smote|knn-impute> <directory> <repeats>
"""
import os
import sys
import time

import numpy as np


def write_data(directory):
    from sklearn.datasets import make_classification
    os.makedirs(directory, exist_ok=True)
    x, y = make_classification(n_samples=100_000, n_features=30, n_informative=20, weights=[0.9], flip_y=0,
                               random_state=1)
    np.savetxt(os.path.join(directory, "smote.csv"), np.column_stack([y, x]), fmt="%.7g", delimiter=",")
    x, _ = make_classification(n_samples=20_000, n_features=30, n_informative=20, random_state=2)
    x[np.random.default_rng(3).random(x.shape) < 0.1] = np.nan
    # An empty cell is a missing value, as in ML.NET's text loader.
    with open(os.path.join(directory, "knn.csv"), "w") as f:
        for row in x:
            f.write(",".join("" if np.isnan(v) else f"{v:.7g}" for v in row) + "\n")


def best_of(repeats, run):
    best = float("inf")
    result = None
    for _ in range(repeats):
        start = time.perf_counter()
        result = run()
        best = min(best, time.perf_counter() - start)
    return best, result


def smote(directory, repeats):
    from imblearn.over_sampling import SMOTE
    data = np.loadtxt(os.path.join(directory, "smote.csv"), delimiter=",")
    y, x = data[:, 0].astype(np.int64), data[:, 1:]
    seconds, (_, resampled) = best_of(repeats, lambda: SMOTE(k_neighbors=5, random_state=1).fit_resample(x, y))
    print(f"smote seconds {seconds:.3f}")
    print(f"smote rows_out {len(resampled)}")


def knn_impute(directory, repeats):
    from sklearn.impute import KNNImputer
    x = np.genfromtxt(os.path.join(directory, "knn.csv"), delimiter=",")
    seconds, imputed = best_of(repeats, lambda: KNNImputer(n_neighbors=5).fit_transform(x))
    print(f"knn-impute seconds {seconds:.3f}")
    print(f"knn-impute imputed_sum {np.sum(imputed):.1f}")


if __name__ == "__main__":
    what, directory = sys.argv[1], sys.argv[2]
    if what == "data":
        write_data(directory)
    else:
        {"smote": smote, "knn-impute": knn_impute}[what](directory, int(sys.argv[3]))
