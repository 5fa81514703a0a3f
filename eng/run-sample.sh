#!/usr/bin/env bash
# Runs a sample: by default the main one (samples/TabularPipeline: load, transform, split, fit, evaluate, save, load,
# predict, ONNX); `eng/run-sample.sh ImageClassification`, `eng/run-sample.sh Forecasting` or
# `eng/run-sample.sh AnomalyDetection` runs another.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
sample="${1:-TabularPipeline}"
[ $# -gt 0 ] && shift
if [ ! -f "$root/samples/$sample/$sample.csproj" ]; then
  echo "No sample '$sample'; the samples are: $(ls "$root/samples" | grep -v Shared | tr '\n' ' ')" >&2
  exit 2
fi
# ONNX Runtime's native library, fetched once and cached; without it scoring uses the managed engine.
if [ -z "${MLNET_ONNXRUNTIME_PATH:-}" ]; then
  MLNET_ONNXRUNTIME_PATH="$(bash "$root/eng/fetch-onnxruntime.sh")" || { echo "warning: ONNX Runtime could not be fetched; scoring uses the managed engine." >&2; MLNET_ONNXRUNTIME_PATH=""; }
  export MLNET_ONNXRUNTIME_PATH
fi
dotnet run --project "$root/samples/$sample/$sample.csproj" -c Release "$@"
