"""Golden values for the engine's optimizers and learning-rate schedules, computed by PyTorch.

Run with Debian's interpreter (python3-torch): /usr/bin/python3 eng/golden/make_engine_goldens.py
Writes test/TestData/engine-goldens.json.

Each optimizer case starts from the same weights, applies three steps with three fixed gradients, and records the
weights after every step. Hyperparameters are Keras' defaults where the test exercises defaults, passed explicitly to
PyTorch because its defaults differ.
"""
import json
import math
import pathlib

import torch

OUT = pathlib.Path(__file__).resolve().parents[2] / "test" / "TestData" / "engine-goldens.json"

WEIGHTS = [0.5, -1.25, 2.0, 0.0, -0.3, 1.1, 0.75, -2.2, 0.05]
GRADIENTS = [
    [0.1, -0.2, 0.3, -0.4, 0.5, -0.6, 0.7, -0.8, 0.9],
    [-0.05, 0.4, 0.25, 1.5, -0.3, 0.0, 0.2, 0.6, -1.1],
    [0.3, 0.3, -0.7, 0.2, 0.1, -0.9, -0.4, 0.05, 0.5],
]

OPTIMIZERS = {
    "Sgd": lambda p: torch.optim.SGD(p, lr=0.01),
    "SgdMomentum": lambda p: torch.optim.SGD(p, lr=0.01, momentum=0.9),
    "SgdNesterov": lambda p: torch.optim.SGD(p, lr=0.01, momentum=0.9, nesterov=True),
    "RmsProp": lambda p: torch.optim.RMSprop(p, lr=0.001, alpha=0.9, eps=1e-7),
    "RmsPropCenteredMomentum": lambda p: torch.optim.RMSprop(p, lr=0.01, alpha=0.9, eps=1e-7, momentum=0.5, centered=True),
    "Adagrad": lambda p: torch.optim.Adagrad(p, lr=0.1, initial_accumulator_value=0.1, eps=1e-7),
    "Adadelta": lambda p: torch.optim.Adadelta(p, lr=1.0, rho=0.95, eps=1e-7),
    "Adam": lambda p: torch.optim.Adam(p, lr=0.01, betas=(0.9, 0.999), eps=1e-7),
    "AdamAmsGrad": lambda p: torch.optim.Adam(p, lr=0.01, betas=(0.9, 0.999), eps=1e-7, amsgrad=True),
    "AdamW": lambda p: torch.optim.AdamW(p, lr=0.01, betas=(0.9, 0.999), eps=1e-7, weight_decay=0.004),
    # PyTorch 1.13's single-tensor NAdam multiplies mu into the next product twice (fixed in later releases); its
    # foreach path has the published formula, which Keras and this engine use.
    "Nadam": lambda p: torch.optim.NAdam(p, lr=0.01, betas=(0.9, 0.999), eps=1e-7, momentum_decay=4e-3, foreach=True),
    "Adamax": lambda p: torch.optim.Adamax(p, lr=0.01, betas=(0.9, 0.999), eps=1e-7),
}


def optimizer_case(make):
    w = torch.nn.Parameter(torch.tensor(WEIGHTS, dtype=torch.float32))
    opt = make([w])
    steps = []
    for g in GRADIENTS:
        w.grad = torch.tensor(g, dtype=torch.float32)
        opt.step()
        steps.append([float(x) for x in w.detach()])
    return steps


def schedule_rates(make, steps):
    w = torch.nn.Parameter(torch.zeros(1))
    opt = torch.optim.SGD([w], lr=0.1)
    sched = make(opt)
    rates = []
    for _ in range(steps):
        rates.append(opt.param_groups[0]["lr"])
        opt.step()
        sched.step()
    return rates


def main():
    goldens = {
        "weights": WEIGHTS,
        "gradients": GRADIENTS,
        "optimizers": {name: optimizer_case(make) for name, make in OPTIMIZERS.items()},
        "schedules": {
            "OneCycle": schedule_rates(lambda o: torch.optim.lr_scheduler.OneCycleLR(o, max_lr=0.1, total_steps=50), 50),
            "Step": schedule_rates(lambda o: torch.optim.lr_scheduler.StepLR(o, step_size=7, gamma=0.5), 30),
            "CosineWithRestarts": schedule_rates(
                lambda o: torch.optim.lr_scheduler.CosineAnnealingWarmRestarts(o, T_0=5, T_mult=2, eta_min=0.01), 40),
        },
    }
    OUT.write_text(json.dumps(goldens, indent=1) + "\n")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
