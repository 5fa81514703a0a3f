"""Golden forward values for the engine's convolution and recurrent layers, computed by PyTorch.

Run with Debian's interpreter (python3-torch): /usr/bin/python3 eng/golden/make_layer_goldens.py
Writes test/TestData/layer-goldens.json.

Weights are written in the engine's layouts: convolution kernels as [filters, channels, kh, kw] (PyTorch's own);
recurrent kernels transposed to [inputs, gates * units] with the gate blocks in the engine's order (LSTM i, f, g, o as
PyTorch; GRU z, r, n where PyTorch has r, z, n); a single LSTM/RNN bias is PyTorch's b_ih + b_hh.
"""
import json
import pathlib

import torch
import torch.nn.functional as F

OUT = pathlib.Path(__file__).resolve().parents[2] / "test" / "TestData" / "layer-goldens.json"


def flat(t):
    return [round(float(v), 7) for v in t.detach().reshape(-1)]


def same_padding(size, kernel, stride, dilation):
    """TensorFlow's SAME rule: output ceil(size / stride), the odd padding element at the end."""
    out = -(-size // stride)
    total = max((out - 1) * stride + (kernel - 1) * dilation + 1 - size, 0)
    return total // 2, total - total // 2


def conv2d_case(shape, filters, kernel, stride, dilation, padding):
    x = torch.randn(*shape)
    w = torch.randn(filters, shape[1], kernel, kernel) * 0.5
    b = torch.randn(filters) * 0.1
    if padding == "same":
        top, bottom = same_padding(shape[2], kernel, stride, dilation)
        left, right = same_padding(shape[3], kernel, stride, dilation)
        x_padded = F.pad(x, (left, right, top, bottom))
    else:
        x_padded = x
    y = F.conv2d(x_padded, w, b, stride=stride, dilation=dilation)
    return {"input_shape": list(shape[1:]), "batch": shape[0], "filters": filters, "kernel": kernel, "stride": stride,
            "dilation": dilation, "padding": padding, "x": flat(x), "kernel_values": flat(w), "bias": flat(b),
            "output_shape": list(y.shape[1:]), "y": flat(y)}


def conv1d_case(shape, filters, kernel, stride, dilation, padding):
    x = torch.randn(*shape)
    w = torch.randn(filters, shape[1], kernel) * 0.5
    b = torch.randn(filters) * 0.1
    if padding == "same":
        left, right = same_padding(shape[2], kernel, stride, dilation)
        y = F.conv1d(F.pad(x, (left, right)), w, b, stride=stride, dilation=dilation)
    else:
        y = F.conv1d(x, w, b, stride=stride, dilation=dilation)
    return {"input_shape": list(shape[1:]), "batch": shape[0], "filters": filters, "kernel": kernel, "stride": stride,
            "dilation": dilation, "padding": padding, "x": flat(x), "kernel_values": flat(w), "bias": flat(b),
            "output_shape": list(y.shape[1:]), "y": flat(y)}


def reorder_gru(t, units):
    """PyTorch's r, z, n blocks (first axis) to the engine's z, r, n."""
    r, z, n = t[:units], t[units:2 * units], t[2 * units:]
    return torch.cat([z, r, n])


def recurrent_case(kind, batch, steps, features, units):
    module = {"lstm": torch.nn.LSTM, "gru": torch.nn.GRU, "rnn": torch.nn.RNN}[kind](features, units, batch_first=True)
    with torch.no_grad():
        for p in module.parameters():
            p.copy_(torch.randn_like(p) * 0.4)
    x = torch.randn(batch, steps, features)
    y, _ = module(x)
    w_ih, w_hh, b_ih, b_hh = module.weight_ih_l0, module.weight_hh_l0, module.bias_ih_l0, module.bias_hh_l0
    case = {"batch": batch, "steps": steps, "features": features, "units": units, "x": flat(x), "y": flat(y)}
    if kind == "gru":
        case.update(kernel=flat(reorder_gru(w_ih, units).t()), recurrent_kernel=flat(reorder_gru(w_hh, units).t()),
                    bias=flat(reorder_gru(b_ih, units)), recurrent_bias=flat(reorder_gru(b_hh, units)))
    else:
        case.update(kernel=flat(w_ih.t()), recurrent_kernel=flat(w_hh.t()), bias=flat(b_ih + b_hh))
    return case


def main():
    torch.manual_seed(7)
    goldens = {
        "conv2d_same_stride2": conv2d_case((2, 3, 6, 7), 4, 3, 2, 1, "same"),
        "conv2d_valid_dilation2": conv2d_case((2, 2, 7, 6), 3, 2, 1, 2, "valid"),
        "conv1d_same_dilation2": conv1d_case((2, 2, 9), 3, 3, 1, 2, "same"),
        "lstm": recurrent_case("lstm", 2, 5, 3, 4),
        "gru": recurrent_case("gru", 2, 5, 3, 4),
        "rnn": recurrent_case("rnn", 2, 5, 3, 4),
    }
    OUT.write_text(json.dumps(goldens, indent=1) + "\n")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
