"""Python side of eng/bench/run-anomaly-bench.sh: prepares the anomaly benchmark data and trains the peers of
AnomalyBench, printing "<bench> <peer> <key> <value>" lines.

Usage: anomaly_peer.py data <datasets directory> <output directory>
           writes <set>-train.csv and <set>-test.csv (label first, 1 for an anomaly; the features standardized with the
           training part's mean and deviation; 80/20 with a fixed seed) for the ODDS tasks the shared datasets give:
           satellite (the three smallest classes are the anomalies) and breastw (breast-cancer.csv, malignant the
           anomalies, the 16 rows with a missing value dropped as ODDS drops them)
       anomaly_peer.py <set>-<all|normal> <torch|sklearn> <directory> <epochs> <repeats>
           trains on the training part: "all" every row without labels (unsupervised, ODDS' protocol), "normal" its
           normal rows only; torch: trainer_peer.py's autoencoder (PyOD's AutoEncoder defaults), sklearn: IsolationForest
           (100 trees); prints the best training time of the repeats (seeds 1, 2, ...), wall-clock and the process's
           processor time, and the mean over the repeats of the test part's ROC AUC
"""
import csv
import os
import sys
import time

import numpy as np

import trainer_peer

SETS = {
    "satellite": ("satellite.csv", "classes", lambda v: v in ("cotton crop", "damp grey soil", "vegetation stubble")),
    "breastw": ("breast-cancer.csv", "Class", lambda v: v == "malignant"),
}


def write_data(source, directory):
    os.makedirs(directory, exist_ok=True)
    for name, (file, target, anomalous) in SETS.items():
        with open(os.path.join(source, file)) as f:
            rows = [r for r in csv.DictReader(f) if all(v != "" for v in r.values())]
        columns = [c for c in rows[0] if c != target]
        x = np.array([[float(r[c]) for c in columns] for r in rows])
        y = np.array([1.0 if anomalous(r[target]) else 0.0 for r in rows])
        trainer_peer.write_split(directory, name, x, y)


def main():
    if sys.argv[1] == "data":
        write_data(sys.argv[2], sys.argv[3])
        return
    bench, peer, directory, epochs, repeats = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
    name, protocol = bench.rsplit("-", 1)
    x, y = trainer_peer.load(directory, name, "train")
    tx, ty = trainer_peer.load(directory, name, "test")
    if protocol == "normal":
        x = x[y < 0.5]
    best, best_processor, aucs = float("inf"), float("inf"), []
    for repeat in range(repeats):
        start, processor = time.perf_counter(), time.process_time()
        if peer == "torch":
            score = trainer_peer.train_autoencoder(x, epochs, repeat + 1)
        else:
            score = trainer_peer.train_isolation_forest(x, repeat + 1)
        best = min(best, time.perf_counter() - start)
        best_processor = min(best_processor, time.process_time() - processor)
        aucs.append(trainer_peer.roc_auc(ty, score(tx)))
    print(f"{bench} {peer} seconds {best:.3f}")
    print(f"{bench} {peer} cpu_seconds {best_processor:.3f}")
    print(f"{bench} {peer} auc {np.mean(aucs):.4f}")


if __name__ == "__main__":
    main()
