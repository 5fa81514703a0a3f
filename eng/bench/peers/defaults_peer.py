"""Python side of eng/bench/run-defaults-bench.sh: writes the train/test splits both sides read, and trains
scikit-learn's MLPClassifier() / MLPRegressor() with their defaults behind SimpleImputer + StandardScaler.

Usage: defaults_peer.py data <datasets directory> <output directory> <seeds>
           for every set below and seed 1..<seeds>, a 75/25 split (stratified by class for classification; seed = the
           split's random_state) written as <set>-<seed>-train.csv and <set>-<seed>-test.csv: the label first (a class
           index 0..k-1, or the regression target), then the raw features, "NaN" where a value is missing. The
           "synthetic-26" set is scikit-learn's make_classification with 26 classes and a fixed seed, a stand-in for a
           26-class tabular set (UCI letter recognition) that is not among the shared datasets. sets.txt lists one set
           a line: name, task (classification or regression), classes (0 for regression), features.
       defaults_peer.py run <output directory> <seeds> [set ...]
           for every set and seed, fits SimpleImputer() + StandardScaler() + MLPClassifier()/MLPRegressor() (defaults,
           random_state = the seed) on the training file and prints "<set> <seed> sklearn <key> <value>" lines:
           accuracy and log_loss (natural log) or r2 on the test file, seconds (the processor time of fitting the
           pipeline, every thread of the process: steadier than wall_seconds, also printed, on a shared machine) and
           epochs.
       defaults_peer.py table <results file> [baseline]
           reads those lines (both sides' and any variants') and prints, per set, each side's mean over the seeds and
           its ratio to scikit-learn's; with a baseline variant, a second table of every variant's accuracy or R², log
           loss and seconds as a difference from (a ratio to, for seconds) the baseline's.
"""
import csv
import os
import sys
import time
import warnings

import numpy as np

# name: (file in the datasets directory, label column, task)
SETS = {
    "iris": ("iris.csv", "Species", "classification"),
    "wine": ("wine.csv", "cultivar", "classification"),
    "glass": ("glass.csv", "Type", "classification"),
    "vehicle": ("vehicle.csv", "Class", "classification"),
    "satellite": ("satellite.csv", "classes", "classification"),
    "digits-8x8": ("digits-8x8.csv", "digit", "classification"),
    "synthetic-26": (None, None, "classification"),
    "spam": ("spam.csv", "type", "classification"),
    "breast-cancer": ("breast-cancer.csv", "Class", "classification"),
    "pima-diabetes": ("pima-diabetes.csv", "diabetes", "classification"),
    "boston-housing": ("boston-housing.csv", "medv", "regression"),
    "diabetes-progression": ("diabetes-progression.csv", "progression", "regression"),
    "airquality": ("airquality.csv", "Ozone", "regression"),
}


def read_set(source, name):
    file, target, kind = SETS[name]
    if file is None:
        from sklearn.datasets import make_classification
        x, y = make_classification(n_samples=5000, n_features=16, n_informative=12, n_redundant=4, n_classes=26,
                                   n_clusters_per_class=1, class_sep=1.5, flip_y=0.01, random_state=26)
        return x, y.astype(float)
    with open(os.path.join(source, file), newline="") as f:
        rows = list(csv.DictReader(f))
    columns = [c for c in rows[0] if c != target]
    rows = [r for r in rows if r[target] not in ("", "NA")]  # airquality: rows without an ozone reading have no target
    x = np.array([[float(r[c]) if r[c] not in ("", "NA") else np.nan for c in columns] for r in rows])
    if kind == "regression":
        return x, np.array([float(r[target]) for r in rows])
    classes = sorted({r[target] for r in rows})
    return x, np.array([float(classes.index(r[target])) for r in rows])


def write_data(source, directory, seeds):
    from sklearn.model_selection import train_test_split
    os.makedirs(directory, exist_ok=True)
    manifest = []
    for name, (_, _, kind) in SETS.items():
        x, y = read_set(source, name)
        manifest.append(f"{name} {kind} {len(np.unique(y)) if kind == 'classification' else 0} {x.shape[1]}\n")
        for seed in range(1, seeds + 1):
            train, test = train_test_split(np.arange(len(y)), test_size=0.25, random_state=seed,
                                           stratify=y if kind == "classification" else None)
            for part, rows in (("train", np.sort(train)), ("test", np.sort(test))):
                np.savetxt(os.path.join(directory, f"{name}-{seed}-{part}.csv"), np.column_stack([y[rows], x[rows]]),
                           fmt="%.9g", delimiter=",")
    with open(os.path.join(directory, "sets.txt"), "w") as f:
        f.writelines(manifest)


def load(directory, name, seed, part):
    data = np.loadtxt(os.path.join(directory, f"{name}-{seed}-{part}.csv"), delimiter=",")
    return data[:, 1:], data[:, 0]


def run(directory, seeds, names):
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.impute import SimpleImputer
    from sklearn.metrics import log_loss, r2_score
    from sklearn.neural_network import MLPClassifier, MLPRegressor
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler
    for name in names:
        kind = SETS[name][2]
        for seed in range(1, seeds + 1):
            x, y = load(directory, name, seed, "train")
            tx, ty = load(directory, name, seed, "test")
            network = MLPClassifier(random_state=seed) if kind == "classification" else MLPRegressor(random_state=seed)
            model = make_pipeline(SimpleImputer(), StandardScaler(), network)
            start, cpu = time.perf_counter(), time.process_time()
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", ConvergenceWarning)
                model.fit(x, y)
            wall, seconds = time.perf_counter() - start, time.process_time() - cpu
            if kind == "classification":
                probabilities = model.predict_proba(tx)
                print(f"{name} {seed} sklearn accuracy {float(np.mean(model.predict(tx) == ty)):.6f}")
                print(f"{name} {seed} sklearn log_loss {log_loss(ty, probabilities, labels=network.classes_):.6f}")
            else:
                print(f"{name} {seed} sklearn r2 {r2_score(ty, model.predict(tx)):.6f}")
            print(f"{name} {seed} sklearn seconds {seconds:.3f}")
            print(f"{name} {seed} sklearn wall_seconds {wall:.3f}")
            print(f"{name} {seed} sklearn epochs {network.n_iter_}", flush=True)


def table(file, baseline=None):
    values = {}  # (set, side, key) -> [value per seed]
    for line in open(file):
        name, _, side, key, value = line.split()
        values.setdefault((name, side, key), []).append(float(value))
    sides = list(dict.fromkeys(side for (_, side, _) in values if side != "sklearn"))
    names = [n for n in SETS if any(k[0] == n for k in values)]

    def mean(name, side, key):
        v = values.get((name, side, key))
        return float(np.mean(v)) if v else float("nan")

    def main_metric(name):
        return "accuracy" if SETS[name][2] == "classification" else "r2"

    seeds = max(len(v) for v in values.values())
    for side in sides:
        print(f"\n{side} against scikit-learn's defaults, means over {seeds} seeds (ratio = ours / scikit-learn):\n")
        print("| set | metric | scikit-learn | ours | ratio | log loss: scikit-learn | ours | CPU s: scikit-learn | ours | ratio | epochs: scikit-learn | ours |")
        print("|---|---|---|---|---|---|---|---|---|---|---|---|")
        for name in names:
            metric = main_metric(name)
            a, b = mean(name, "sklearn", metric), mean(name, side, metric)
            la, lb = mean(name, "sklearn", "log_loss"), mean(name, side, "log_loss")
            ta, tb = mean(name, "sklearn", "seconds"), mean(name, side, "seconds")
            ea, eb = mean(name, "sklearn", "epochs"), mean(name, side, "epochs")
            loss = f"{la:.3f} | {lb:.3f}" if metric == "accuracy" else "— | —"
            print(f"| {name} | {metric} | {a:.3f} | {b:.3f} | {b / a:.3f} | {loss} | {ta:.2f} | {tb:.2f} | {tb / ta:.2f} | {ea:.0f} | {eb:.0f} |")
    if baseline is None:
        return
    others = [s for s in sides if s != baseline]
    print(f"\nEach variant against {baseline}, means over the seeds: accuracy or R² difference in points (0.01), log loss"
          " difference (classification), ratio of CPU seconds:\n")
    print("| set | " + " | ".join(others) + " |")
    print("|---|" + "---|" * len(others))
    for name in names:
        metric = main_metric(name)
        base, seconds = mean(name, baseline, metric), mean(name, baseline, "seconds")

        def cell(side):
            loss = f" / {mean(name, side, 'log_loss') - mean(name, baseline, 'log_loss'):+.3f}" if metric == "accuracy" else ""
            return f"{100 * (mean(name, side, metric) - base):+.1f}{loss} / ×{mean(name, side, 'seconds') / seconds:.2f}"
        print(f"| {name} | " + " | ".join(cell(s) for s in others) + " |")


if __name__ == "__main__":
    if sys.argv[1] == "data":
        write_data(sys.argv[2], sys.argv[3], int(sys.argv[4]))
    elif sys.argv[1] == "table":
        table(*sys.argv[2:])
    else:
        run(sys.argv[2], int(sys.argv[3]), sys.argv[4:] or list(SETS))
