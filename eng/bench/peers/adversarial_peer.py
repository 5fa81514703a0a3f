"""PyTorch side of eng/bench/run-adversarial-bench.sh: AdversarialBench's trainings and attacks, printed in its format.

Usage: adversarial_peer.py <digits|fashion> <digits csv or -> <epochs> <training epsilon> <attack epsilons> <threads>
The same networks (digits 64-64-10, batch 64; Fashion-MNIST 784-256-128-10, batch 128), Adam at 0.001, inputs in
[0, 1], the same splits; clean training, PGD adversarial training (5 steps of eps/4 from a uniform random start, every
example replaced) and fast adversarial training (FGSM from a random start, step 1.25 eps); PGD-10 (steps of eps/4,
random start, clipped to [0, 1]) on the test part. PyTorch initializes the layers its own way (Kaiming-uniform), the
engine with Glorot-uniform, so accuracies agree in distribution, not value by value.
"""
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

from torch_peer import load_fashion


def digits(path):
    data = np.loadtxt(path, delimiter=",", skiprows=1, dtype=np.float32)
    test = np.arange(len(data)) % 5 == 0
    def part(mask):
        return torch.from_numpy(data[mask, :64] / 16.0), torch.from_numpy(data[mask, 64]).long()
    return part(~test), part(test), [64], 64


def fashion():
    x, y = load_fashion("train")
    xt, yt = load_fashion("t10k")
    return (x.reshape(len(x), -1), y), (xt.reshape(len(xt), -1), yt), [256, 128], 128


def pgd(model, x, y, eps, alpha, steps, random_start):
    x_adv = x.clone()
    if random_start:
        x_adv = torch.clamp(x_adv + torch.empty_like(x).uniform_(-eps, eps), 0, 1)
    for _ in range(steps):
        x_adv.requires_grad_(True)
        (grad,) = torch.autograd.grad(F.cross_entropy(model(x_adv), y), x_adv)
        with torch.no_grad():
            x_adv = torch.clamp(x + torch.clamp(x_adv + alpha * grad.sign() - x, -eps, eps), 0, 1)
    return x_adv.detach()


def accuracy(model, x, y):
    with torch.no_grad():
        return (model(x).argmax(1) == y).float().mean().item()


def main():
    name, path, epochs, train_eps, eps_list, threads = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4]), sys.argv[5], int(sys.argv[6])
    torch.set_num_threads(threads)
    (x, y), (xt, yt), hidden, batch = digits(path) if name == "digits" else fashion()
    x, xt = x.float(), xt.float()
    y, yt = y.long(), yt.long()
    modes = [("clean", None), ("pgd", (train_eps / 4, 5)), ("fgsm-rs", (1.25 * train_eps, 1))]
    for mode, attack in modes:
        torch.manual_seed(1)
        sizes = [x.shape[1]] + hidden
        layers = []
        for a, b in zip(sizes, sizes[1:]):
            layers += [nn.Linear(a, b), nn.ReLU()]
        model = nn.Sequential(*layers, nn.Linear(sizes[-1], 10))
        optimizer = torch.optim.Adam(model.parameters(), lr=1e-3, eps=1e-7)
        start = time.perf_counter()
        for _ in range(epochs):
            order = torch.randperm(len(x))
            for i in range(0, len(x), batch):
                xb, yb = x[order[i:i + batch]], y[order[i:i + batch]]
                if attack is not None:
                    model.eval()
                    xb = pgd(model, xb, yb, train_eps, attack[0], attack[1], True)
                    model.train()
                optimizer.zero_grad()
                F.cross_entropy(model(xb), yb).backward()
                optimizer.step()
        seconds = time.perf_counter() - start
        model.eval()
        line = [f"{name} torch {mode} seconds {seconds:.3f} clean {accuracy(model, xt, yt):.4f}"]
        for eps in (float(e) for e in eps_list.split(",")):
            torch.manual_seed(2)
            line.append(f"eps={eps:g} {accuracy(model, pgd(model, xt, yt, eps, eps / 4, 10, True), yt):.4f}")
        print(" ".join(line))


if __name__ == "__main__":
    main()
