"""PyTorch side of eng/bench/run-engine-bench.sh: the same benchmarks as EngineBench, printed in the same format.

Usage: torch_peer.py <gemm|mlp|cnn|lstm> <threads>
"""
import sys
import time

import torch


def gemm(threads):
    for n in (256, 512, 1024, 2048):
        g = torch.Generator().manual_seed(1)
        a = torch.rand(n, n, generator=g)
        b = torch.rand(n, n, generator=g)
        flops = 2.0 * n * n * n
        repeats = max(3, int(2e10 / flops))
        torch.mm(a, b)
        best = float("inf")
        for _ in range(repeats):
            start = time.perf_counter()
            torch.mm(a, b)
            best = min(best, time.perf_counter() - start)
        print(f"gemm {n} {flops / best / 1e9:.1f}")


def load_fashion(split):
    import gzip
    import os
    import numpy as np
    candidates = [os.environ.get("FASHION_MNIST_DIR", ""), "../shared/datasets/fashion-mnist", "/usr/share/datasets/fashion-mnist"]
    directory = next(d for d in candidates if d and os.path.exists(os.path.join(d, "train-labels-idx1-ubyte.gz")))
    with gzip.open(os.path.join(directory, f"{split}-images-idx3-ubyte.gz")) as f:
        images = np.frombuffer(f.read(), dtype=np.uint8, offset=16).astype(np.float32) / 255.0
    with gzip.open(os.path.join(directory, f"{split}-labels-idx1-ubyte.gz")) as f:
        labels = np.frombuffer(f.read(), dtype=np.uint8, offset=8).astype(np.int64)
    return torch.from_numpy(images.reshape(len(labels), 784)), torch.from_numpy(labels)


def train_network(model, reshape, x, y, epochs):
    """Trains with Adam (lr 1e-3, eps 1e-7) and softmax cross-entropy on shuffled batches of 128; returns the seconds
    of each epoch."""
    torch.manual_seed(1)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3, eps=1e-7)
    loss_fn = torch.nn.CrossEntropyLoss()
    times = []
    for _ in range(epochs):
        start = time.perf_counter()
        model.train()
        order = torch.randperm(len(y))
        for i in range(0, len(y), 128):
            idx = order[i:i + 128]
            optimizer.zero_grad()
            loss = loss_fn(model(reshape(x[idx])), y[idx])
            loss.backward()
            optimizer.step()
        times.append(time.perf_counter() - start)
    return times


def accuracy(model, reshape, x, y):
    model.eval()
    with torch.no_grad():
        return (model(reshape(x)).argmax(1) == y).float().mean().item()


def peak_memory_mb():
    import resource
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def network_bench(name, epochs):
    model, reshape = fashion_network(name)
    x, y = load_fashion("train")
    tx, ty = load_fashion("t10k")
    times = train_network(model, reshape, x, y, epochs)
    per_epoch = sum(times[1:]) / len(times[1:]) if len(times) > 1 else times[0]
    print(f"{name} seconds_per_epoch {per_epoch:.3f}")
    print(f"{name} test_accuracy {accuracy(model, reshape, tx, ty):.4f}")
    print(f"{name} peak_memory_mb {peak_memory_mb():.0f}")


class RowLstm(torch.nn.Module):
    """An LSTM over the 28 image rows (28 features each) whose last hidden state feeds a dense layer."""

    def __init__(self):
        super().__init__()
        self.lstm = torch.nn.LSTM(28, 128, batch_first=True)
        self.dense = torch.nn.Linear(128, 10)

    def forward(self, x):
        out, _ = self.lstm(x)
        return self.dense(out[:, -1, :])


def fashion_network(name):
    """The benchmark's network by name (mlp, cnn, lstm) and how a batch of flat images is shaped for it."""
    nn = torch.nn
    if name == "mlp":
        return nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 128), nn.ReLU(), nn.Linear(128, 10)), lambda t: t
    if name == "cnn":
        return nn.Sequential(
            nn.Conv2d(1, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(32, 64, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
            nn.Flatten(), nn.Linear(64 * 7 * 7, 128), nn.ReLU(), nn.Linear(128, 10)), lambda t: t.reshape(-1, 1, 28, 28)
    return RowLstm(), lambda t: t.reshape(-1, 28, 28)


def main():
    what = sys.argv[1]
    threads = int(sys.argv[2])
    torch.set_num_threads(threads)
    if what == "gemm":
        gemm(threads)
    else:
        network_bench(what, epochs={"mlp": 3, "cnn": 2, "lstm": 2}[what])


if __name__ == "__main__":
    main()
