"""An ONNX model exported by PyTorch, with its outputs, for the ApplyOnnxModel test.

Run with Debian's interpreter (python3-torch): /usr/bin/python3 eng/golden/make_onnx_fixture.py
Writes test/TestData/onnx/torch-conv1d.onnx and torch-conv1d.json.

The model takes "signal" [batch, 3, 8] and returns "logits" [batch, 5] and "probabilities" [batch, 5]; the batch axis
is dynamic. The JSON holds six input rows (flattened, row-major) and PyTorch's outputs for them.
"""
import json
import pathlib

import torch

OUT = pathlib.Path(__file__).resolve().parents[2] / "test" / "TestData" / "onnx"


class Small(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = torch.nn.Conv1d(3, 4, kernel_size=3, padding=1)
        self.norm = torch.nn.BatchNorm1d(4)
        self.linear = torch.nn.Linear(4 * 8, 5)

    def forward(self, signal):
        hidden = torch.relu(self.norm(self.conv(signal)))
        logits = self.linear(hidden.flatten(1))
        return logits, torch.softmax(logits, dim=1)


def main():
    torch.manual_seed(7)
    model = Small()
    # A few training-mode passes give batch normalization non-trivial running statistics.
    with torch.no_grad():
        for _ in range(3):
            model(torch.randn(16, 3, 8) * 2 + 0.5)
    model.eval()
    signal = torch.randn(6, 3, 8)
    with torch.no_grad():
        logits, probabilities = model(signal)
    OUT.mkdir(parents=True, exist_ok=True)
    torch.onnx.export(model, (signal,), str(OUT / "torch-conv1d.onnx"), input_names=["signal"], output_names=["logits", "probabilities"],
                      dynamic_axes={"signal": {0: "batch"}, "logits": {0: "batch"}, "probabilities": {0: "batch"}}, opset_version=13)

    def flat(t):
        return [round(float(v), 7) for v in t.reshape(-1)]

    (OUT / "torch-conv1d.json").write_text(json.dumps({
        "torch": torch.__version__,
        "rows": 6,
        "signal": flat(signal),
        "logits": flat(logits),
        "probabilities": flat(probabilities),
    }, indent=1) + "\n")


if __name__ == "__main__":
    main()
