"""Validates every .onnx file in a folder with onnx.checker (full check, with shape inference).

Usage: /usr/bin/python3 eng/onnx/check_models.py FOLDER [--ignore-mlnet-slot-names]
Prints one line per model and exits 1 if any model fails. Needs Debian's python3-onnx.

--ignore-mlnet-slot-names checks each model without the nodes, outputs and initializers ML.NET's converter names
"mlnet.*": it writes the slot names of a multiclass Score (the label's key values) as a LabelEncoder whose output it
declares of shape [-1, 1] while the value is [1, classes], which onnx.checker 1.12's shape inference rejects, for
ML.NET's own multiclass trainers too. ONNX Runtime runs such graphs.
"""
import pathlib
import sys

import onnx


def without_mlnet_slot_names(model):
    graph = model.graph
    ours = lambda name: name.startswith("mlnet.")
    kept = [n for n in graph.node if not any(ours(x) for x in list(n.input) + list(n.output))]
    del graph.node[:]
    graph.node.extend(kept)
    for field in (graph.output, graph.initializer, graph.value_info, graph.input):
        kept = [x for x in field if not ours(x.name)]
        del field[:]
        field.extend(kept)
    return model


def main(folder: str, ignore_slot_names: bool) -> int:
    models = sorted(pathlib.Path(folder).glob("*.onnx"))
    if not models:
        print(f"no .onnx files in {folder}")
        return 1
    failures = 0
    for path in models:
        try:
            model = onnx.load(str(path))
            if ignore_slot_names:
                model = without_mlnet_slot_names(model)
            onnx.checker.check_model(model, full_check=True)
            print(f"ok      {path.name}")
        except Exception as error:  # the checker raises several exception types
            failures += 1
            print(f"FAILED  {path.name}: {error}")
    print(f"{len(models) - failures} of {len(models)} models pass onnx.checker {onnx.__version__}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], "--ignore-mlnet-slot-names" in sys.argv[2:]))
