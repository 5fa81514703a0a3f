"""Golden Grad-CAM maps for the engine's ClassActivationMaps, computed by PyTorch on the same weights and inputs.

Run with Debian's interpreter (python3-torch): /usr/bin/python3 eng/golden/make_gradcam_goldens.py
Writes test/TestData/gradcam-goldens.json.

Each case holds a small convolutional network's parameters in the engine's order and layouts (network.Parameters: a
convolution kernel as [filters, channels, kh, kw] or [filters, channels, kw], PyTorch's own, then its bias; a dense kernel
as [inputs, units], PyTorch's weight transposed, then its bias; batch normalization's gamma, beta, running mean and
running variance), the inputs, the explained output (its index and "identity" or "softmax"), the layer whose outputs
are weighed (the index among the engine's layers and the module in PyTorch's Sequential), the explained outputs and the
maps. Grad-CAM is the textbook one (Selvaraju et al.): A = the layer's output, w_k = mean over positions of
d(output)/dA_k, map = relu(sum_k w_k A_k), resized to the input's height x width by F.interpolate (bilinear, or linear for
a 1-D signal, align_corners=False), not normalized.
"""
import json
import pathlib

import torch
import torch.nn as nn
import torch.nn.functional as F

OUT = pathlib.Path(__file__).resolve().parents[2] / "test" / "TestData" / "gradcam-goldens.json"


def flat(t):
    return [round(float(v), 8) for v in t.detach().reshape(-1)]


def parameters(model):
    """The engine's parameter list: per layer with weights, in order."""
    out = []
    for m in model:
        if isinstance(m, (nn.Conv1d, nn.Conv2d)):
            out += [flat(m.weight), flat(m.bias)]
        elif isinstance(m, nn.Linear):
            out += [flat(m.weight.t()), flat(m.bias)]
        elif isinstance(m, (nn.BatchNorm1d, nn.BatchNorm2d)):
            out += [flat(m.weight), flat(m.bias), flat(m.running_mean), flat(m.running_var)]
    return out


def grad_cam(model, module, x, index, function):
    head, tail = model[: module + 1], model[module + 1:]
    a = head(x).detach().requires_grad_(True)
    raw = tail(a)
    y = torch.softmax(raw, dim=1)[:, index] if function == "softmax" else raw[:, index]
    (g,) = torch.autograd.grad(y.sum(), a)
    spatial = tuple(range(2, a.dim()))
    weights = g.mean(dim=spatial, keepdim=True)
    cam = torch.relu((weights * a).sum(dim=1, keepdim=True))
    mode = "bilinear" if a.dim() == 4 else "linear"
    maps = F.interpolate(cam, size=tuple(x.shape[2:]), mode=mode, align_corners=False)
    return y.detach(), maps[:, 0]


def case(model, x, index, function, layer, module):
    model.eval()
    y, maps = grad_cam(model, module, x, index, function)
    return {"input_shape": list(x.shape[1:]), "rows": len(x), "x": flat(x), "parameters": parameters(model),
            "output_index": index, "function": function, "layer_index": layer, "outputs": flat(y), "maps": flat(maps)}


def randomize_statistics(model):
    for m in model:
        if isinstance(m, nn.BatchNorm2d):
            m.running_mean.uniform_(-0.5, 0.5)
            m.running_var.uniform_(0.5, 1.5)
            m.weight.data.uniform_(0.5, 1.5)
            m.bias.data.uniform_(-0.2, 0.2)


def main():
    torch.manual_seed(11)
    cases = {}
    # Engine: Conv2D(3, 3, ReLU), MaxPooling2D(2), Flatten, Dense(3); a non-square input whose maps (5 x 4) are resized
    # to 7 x 6.
    pooled = nn.Sequential(nn.Conv2d(2, 3, 3), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(), nn.Linear(3 * 2 * 2, 3))
    x = torch.rand(4, 2, 7, 6)
    cases["conv_pool_logit"] = case(pooled, x, 1, "identity", 0, 1)
    cases["conv_pool_softmax"] = case(pooled, x, 2, "softmax", 0, 1)
    # The pooling layer named by index: 2 x 2 maps resized to 7 x 6.
    cases["pool_layer_named"] = case(pooled, x, 1, "softmax", 1, 2)

    # Engine: Conv2D(4, 3, same, ReLU), MaxPooling2D(2), Conv2D(3, 3, same), BatchNormalization(eps 1e-3),
    # Activation(ReLU), Flatten, Dense(2): the default layer is the last convolution's block, up to its activation.
    block = nn.Sequential(nn.Conv2d(1, 4, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(4, 3, 3, padding=1),
                          nn.BatchNorm2d(3, eps=1e-3), nn.ReLU(), nn.Flatten(), nn.Linear(3 * 4 * 4, 2))
    randomize_statistics(block)
    xb = torch.rand(3, 1, 8, 8)
    cases["conv_block_softmax"] = case(block, xb, 0, "softmax", 4, 5)

    # Engine: Conv1D(3, 3, ReLU), Flatten, Dense(2) over [2 x 9] signals: maps of length 7 resized to 9.
    signal = nn.Sequential(nn.Conv1d(2, 3, 3), nn.ReLU(), nn.Flatten(), nn.Linear(3 * 7, 2))
    xs = torch.randn(3, 2, 9)
    cases["conv1d_logit"] = case(signal, xs, 1, "identity", 0, 1)

    OUT.write_text(json.dumps(cases, indent=1) + "\n")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
