"""Python side of eng/bench/run-trainer-bench.sh: prepares the tabular benchmark data and trains the same model as
TrainerBench with PyTorch and with scikit-learn, printing "<bench> <peer> <key> <value>" lines.

Usage: trainer_peer.py data <datasets directory> <output directory>
           splits spam.csv, boston-housing.csv and satellite.csv 80/20 with a fixed seed, standardizes the features
           with the training part's mean and deviation, and writes <name>-train.csv and <name>-test.csv (label first;
           for satellite 1 marks the three smallest classes, the anomalies of the ODDS benchmark)
       trainer_peer.py <spam|boston> <torch|sklearn> <directory> <epochs> <repeats>
           one hidden layer of 100 ReLU units, Adam at 0.001, batch 32, no weight penalty, every epoch run; prints the
           best training time of the repeats and the test metric (accuracy for spam, R² for boston)
       trainer_peer.py satellite <torch|sklearn> <directory> <epochs> <repeats>
           torch: PyOD's AutoEncoder defaults (features standardized inside, encoder 64-32 mirrored by a 64 decoder,
           batch norm, ReLU, dropout 0.2, Adam at 0.001 with weight decay 1e-5, batch 32, MSE), scored by the mean
           squared reconstruction error; sklearn: IsolationForest (100 trees); trained on the training part without
           labels, ROC AUC on the test part
       trainer_peer.py <fashion-mlp|fashion-cnn|fashion-lstm> <torch|sklearn> <ignored> <epochs> <seed>
           Fashion-MNIST with torch_peer.py's networks (784-256-128-10; conv32-pool-conv64-pool-dense128-10; LSTM 128
           over the 28 image rows), Adam at 0.001 (eps 1e-7), batch 128; sklearn: MLPClassifier with the MLP's hidden
           layers (it has no convolution or recurrence); prints seconds per epoch (the whole training over the
           epochs), test accuracy and peak resident memory
"""
import os
import sys
import time

import numpy as np

HIDDEN = 100
BATCH = 32
RATE = 1e-3


def write_data(source, directory):
    import csv
    os.makedirs(directory, exist_ok=True)
    outliers = ("cotton crop", "damp grey soil", "vegetation stubble")
    label = {"spam": lambda v: 1.0 if v == "spam" else 0.0, "boston": float, "satellite": lambda v: 1.0 if v in outliers else 0.0}
    for name, file, target in (("spam", "spam.csv", "type"), ("boston", "boston-housing.csv", "medv"), ("satellite", "satellite.csv", "classes")):
        with open(os.path.join(source, file)) as f:
            rows = list(csv.DictReader(f))
        columns = [c for c in rows[0] if c != target]
        x = np.array([[float(r[c]) for c in columns] for r in rows])
        y = np.array([label[name](r[target]) for r in rows])
        write_split(directory, name, x, y)


def write_split(directory, name, x, y):
    """Splits the rows 80/20 with a fixed seed, standardizes the features with the training part's mean and deviation,
    and writes <name>-train.csv and <name>-test.csv, label first."""
    order = np.random.default_rng(1).permutation(len(y))
    test, train = order[: len(y) // 5], order[len(y) // 5:]
    mean, deviation = x[train].mean(axis=0), x[train].std(axis=0)
    deviation[deviation == 0] = 1
    x = (x - mean) / deviation
    for part, rows_of in (("train", train), ("test", test)):
        np.savetxt(os.path.join(directory, f"{name}-{part}.csv"), np.column_stack([y[rows_of], x[rows_of]]), fmt="%.9g", delimiter=",")


def load(directory, name, part):
    data = np.loadtxt(os.path.join(directory, f"{name}-{part}.csv"), delimiter=",", dtype=np.float32)
    return data[:, 1:], data[:, 0]


def train_torch(name, x, y, epochs, seed):
    import torch
    torch.manual_seed(seed)
    outputs = 1
    net = torch.nn.Sequential(torch.nn.Linear(x.shape[1], HIDDEN), torch.nn.ReLU(), torch.nn.Linear(HIDDEN, outputs))
    loss_fn = torch.nn.BCEWithLogitsLoss() if name == "spam" else torch.nn.MSELoss()
    optimizer = torch.optim.Adam(net.parameters(), lr=RATE, eps=1e-7)
    xt, yt = torch.from_numpy(x), torch.from_numpy(y).reshape(-1, 1)
    for _ in range(epochs):
        order = torch.randperm(len(yt))
        for start in range(0, len(yt), BATCH):
            rows = order[start:start + BATCH]
            optimizer.zero_grad()
            loss = loss_fn(net(xt[rows]), yt[rows])
            loss.backward()
            optimizer.step()

    def predict(features):
        with torch.no_grad():
            return net(torch.from_numpy(features)).numpy().ravel()
    return predict


def train_sklearn(name, x, y, epochs, seed):
    from sklearn.neural_network import MLPClassifier, MLPRegressor
    kind = MLPClassifier if name == "spam" else MLPRegressor
    model = kind(hidden_layer_sizes=(HIDDEN,), activation="relu", solver="adam", alpha=0.0, batch_size=BATCH,
                 learning_rate_init=RATE, max_iter=epochs, shuffle=True, random_state=seed, tol=0.0,
                 n_iter_no_change=epochs + 1, epsilon=1e-7)
    import warnings
    from sklearn.exceptions import ConvergenceWarning
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        model.fit(x, y)
    if name == "spam":
        return lambda features: model.predict_proba(features)[:, 1] - 0.5
    return model.predict


def train_autoencoder(x, epochs, seed):
    import torch
    torch.manual_seed(seed)
    mean, deviation = x.mean(axis=0), x.std(axis=0)
    deviation[deviation == 0] = 1
    layers, width = [], x.shape[1]
    for units in (64, 32, 64):
        layers += [torch.nn.Linear(width, units), torch.nn.BatchNorm1d(units), torch.nn.ReLU(), torch.nn.Dropout(0.2)]
        width = units
    net = torch.nn.Sequential(*layers, torch.nn.Linear(width, x.shape[1]))
    optimizer = torch.optim.Adam(net.parameters(), lr=RATE, weight_decay=1e-5)
    xt = torch.from_numpy((x - mean) / deviation)
    for _ in range(epochs):
        order = torch.randperm(len(xt))
        for start in range(0, len(xt), BATCH):
            rows = xt[order[start:start + BATCH]]
            if len(rows) < 2:
                continue  # batch norm cannot train on one row
            optimizer.zero_grad()
            loss = torch.nn.functional.mse_loss(net(rows), rows)
            loss.backward()
            optimizer.step()
    net.eval()

    def score(features):
        with torch.no_grad():
            z = torch.from_numpy((features - mean) / deviation)
            return ((net(z) - z) ** 2).mean(dim=1).numpy()
    return score


def train_isolation_forest(x, seed):
    from sklearn.ensemble import IsolationForest
    forest = IsolationForest(n_estimators=100, random_state=seed).fit(x)
    return lambda features: -forest.score_samples(features)


def roc_auc(labels, scores):
    from sklearn.metrics import roc_auc_score
    return float(roc_auc_score(labels > 0.5, scores))


def fashion(name, peer, epochs, seed):
    import torch_peer
    x, y = torch_peer.load_fashion("train")
    tx, ty = torch_peer.load_fashion("t10k")
    start = time.perf_counter()
    if peer == "torch":
        torch_peer.torch.manual_seed(seed)
        model, reshape = torch_peer.fashion_network(name)
        torch_peer.train_network(model, reshape, x, y, epochs)
        seconds = time.perf_counter() - start
        accuracy = torch_peer.accuracy(model, reshape, tx, ty)
    else:
        from sklearn.neural_network import MLPClassifier
        import warnings
        from sklearn.exceptions import ConvergenceWarning
        model = MLPClassifier(hidden_layer_sizes=(256, 128), activation="relu", solver="adam", alpha=0.0, batch_size=128,
                              learning_rate_init=RATE, max_iter=epochs, shuffle=True, random_state=seed, tol=0.0,
                              n_iter_no_change=epochs + 1, epsilon=1e-7)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            model.fit(x.numpy(), y.numpy())
        seconds = time.perf_counter() - start
        accuracy = float(np.mean(model.predict(tx.numpy()) == ty.numpy()))
    label = f"fashion-{name}"
    print(f"{label} {peer} seconds_per_epoch {seconds / epochs:.3f}")
    print(f"{label} {peer} accuracy {accuracy:.4f}")
    print(f"{label} {peer} peak_memory_mb {torch_peer.peak_memory_mb():.0f}")


def main():
    if sys.argv[1] == "data":
        write_data(sys.argv[2], sys.argv[3])
        return
    if sys.argv[1].startswith("fashion-"):
        fashion(sys.argv[1][len("fashion-"):], sys.argv[2], int(sys.argv[4]), int(sys.argv[5]))
        return
    name, peer, directory, epochs, repeats = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
    x, y = load(directory, name, "train")
    tx, ty = load(directory, name, "test")
    if name == "satellite":
        def train(_, features, __, epoch_count, seed):
            return train_autoencoder(features, epoch_count, seed) if peer == "torch" else train_isolation_forest(features, seed)
    else:
        train = train_torch if peer == "torch" else train_sklearn
    best, predict = float("inf"), None
    for repeat in range(repeats):
        start = time.perf_counter()
        predict = train(name, x, y, epochs, seed=repeat + 1)
        best = min(best, time.perf_counter() - start)
    scores = predict(tx)
    if name == "satellite":
        metric, value = "auc", roc_auc(ty, scores)
    elif name == "spam":
        metric, value = "accuracy", float(np.mean((scores > 0) == (ty > 0.5)))
    else:
        metric, value = "r2", float(1 - np.sum((ty - scores) ** 2) / np.sum((ty - ty.mean()) ** 2))
    print(f"{name} {peer} seconds {best:.3f}")
    print(f"{name} {peer} {metric} {value:.4f}")


if __name__ == "__main__":
    main()
