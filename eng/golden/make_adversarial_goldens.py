"""Golden adversarial examples for the engine's AdversarialAttack, computed by PyTorch on the same weights and inputs.

Run with Debian's interpreter (python3-torch): /usr/bin/python3 eng/golden/make_adversarial_goldens.py
Writes test/TestData/adversarial-goldens.json.

Each case holds a small network's weights in the engine's layouts (a dense kernel as [inputs, units], PyTorch's weight
transposed; a convolution kernel as [filters, channels, kh, kw], PyTorch's own), the inputs, the targets, the attack's
settings and the adversarial examples. The attacks are the textbook ones, without random starts (those are not
reproducible across libraries): FGSM, x + eps * sign(grad), and PGD, which steps (L-inf: by alpha * sign(grad); L2: by
alpha * grad / ||grad||), projects onto the eps-ball around x and clips to the valid range after every step. The loss is
the batch mean, as the engine's (the scale does not change a step).
"""
import json
import pathlib

import torch
import torch.nn as nn
import torch.nn.functional as F

OUT = pathlib.Path(__file__).resolve().parents[2] / "test" / "TestData" / "adversarial-goldens.json"


def flat(t):
    return [round(float(v), 8) for v in t.detach().reshape(-1)]


def attack(model, loss_fn, x, y, eps, alpha, steps, norm, clip):
    x_adv = x.clone()
    for _ in range(steps):
        x_adv.requires_grad_(True)
        loss = loss_fn(model(x_adv), y)
        (grad,) = torch.autograd.grad(loss, x_adv)
        with torch.no_grad():
            if norm == "linf":
                moved = x_adv + alpha * grad.sign()
                delta = torch.clamp(moved - x, -eps, eps)
            else:
                length = grad.reshape(len(x), -1).norm(dim=1).reshape(-1, *[1] * (x.dim() - 1))
                moved = x_adv + alpha * grad / torch.where(length > 0, length, torch.ones_like(length))
                delta = moved - x
                distance = delta.reshape(len(x), -1).norm(dim=1).reshape(-1, *[1] * (x.dim() - 1))
                delta = delta * torch.clamp(eps / distance, max=1.0)
            x_adv = x + delta
            if clip is not None:
                x_adv = torch.clamp(x_adv, clip[0], clip[1])
    return x_adv.detach()


def dense_layers(model):
    return [{"kernel": flat(m.weight.t()), "bias": flat(m.bias)} for m in model if isinstance(m, nn.Linear)]


def case(model, layers, x, y, loss, eps, alpha, steps, norm, clip):
    loss_fn = {"sparse_ce": F.cross_entropy, "bce": lambda out, t: F.binary_cross_entropy_with_logits(out, t)}[loss]
    adv = attack(model, loss_fn, x, y, eps, alpha, steps, norm, clip)
    return {"layers": layers, "input_shape": list(x.shape[1:]), "rows": len(x), "x": flat(x), "targets": flat(y.float()),
            "loss": loss, "epsilon": eps, "step": alpha, "iterations": steps, "norm": norm,
            "clip": clip, "adversarial": flat(adv)}


def main():
    torch.manual_seed(7)
    cases = {}
    mlp = nn.Sequential(nn.Linear(6, 8), nn.ReLU(), nn.Linear(8, 3))
    x = torch.rand(5, 6)
    y = torch.tensor([0, 2, 1, 1, 0])
    cases["mlp_fgsm"] = case(mlp, dense_layers(mlp), x, y, "sparse_ce", 0.1, 0.1, 1, "linf", [0.0, 1.0])
    cases["mlp_pgd_linf"] = case(mlp, dense_layers(mlp), x, y, "sparse_ce", 0.2, 0.05, 8, "linf", [0.0, 1.0])
    cases["mlp_pgd_l2"] = case(mlp, dense_layers(mlp), x, y, "sparse_ce", 0.5, 0.15, 8, "l2", [0.0, 1.0])

    binary = nn.Sequential(nn.Linear(4, 5), nn.Tanh(), nn.Linear(5, 1))
    xb = torch.randn(6, 4)
    yb = torch.tensor([[1.0], [0.0], [1.0], [0.0], [0.0], [1.0]])
    cases["binary_pgd_l2_unclipped"] = case(binary, dense_layers(binary), xb, yb, "bce", 0.4, 0.1, 6, "l2", None)

    conv = nn.Sequential(nn.Conv2d(1, 2, 3), nn.ReLU(), nn.Flatten(), nn.Linear(2 * 4 * 4, 3))
    xc = torch.rand(4, 1, 6, 6)
    yc = torch.tensor([2, 0, 1, 2])
    layers = [{"kernel": flat(conv[0].weight), "bias": flat(conv[0].bias)}] + dense_layers(conv)
    cases["cnn_pgd_linf"] = case(conv, layers, xc, yc, "sparse_ce", 0.1, 0.03, 5, "linf", [0.0, 1.0])

    OUT.write_text(json.dumps(cases, indent=1) + "\n")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
