"""Validates every .onnx file in a folder with onnx.checker (full check, with shape inference).

Usage: /usr/bin/python3 eng/onnx/check_models.py FOLDER
Prints one line per model and exits 1 if any model fails. Needs Debian's python3-onnx.
"""
import pathlib
import sys

import onnx


def main(folder: str) -> int:
    models = sorted(pathlib.Path(folder).glob("*.onnx"))
    if not models:
        print(f"no .onnx files in {folder}")
        return 1
    failures = 0
    for path in models:
        try:
            onnx.checker.check_model(onnx.load(str(path)), full_check=True)
            print(f"ok      {path.name}")
        except Exception as error:  # the checker raises several exception types
            failures += 1
            print(f"FAILED  {path.name}: {error}")
    print(f"{len(models) - failures} of {len(models)} models pass onnx.checker {onnx.__version__}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
