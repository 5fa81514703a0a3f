#!/usr/bin/env bash
# Runs the main sample (samples/TabularPipeline): load, transform, split, fit, save, load and predict.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# ONNX Runtime's native library, fetched once and cached; without it scoring uses the managed engine.
if [ -z "${MLNET_ONNXRUNTIME_PATH:-}" ]; then
  MLNET_ONNXRUNTIME_PATH="$(bash "$root/eng/fetch-onnxruntime.sh")" || { echo "warning: ONNX Runtime could not be fetched; scoring uses the managed engine." >&2; MLNET_ONNXRUNTIME_PATH=""; }
  export MLNET_ONNXRUNTIME_PATH
fi
dotnet run --project "$root/samples/TabularPipeline/TabularPipeline.csproj" -c Release "$@"
