#!/usr/bin/env bash
# Runs a sample: by default the main one (samples/TabularPipeline: an ML.NET program that loads a CSV, prepares it with
# ML.NET's transforms, trains our Mlp beside ML.NET's FastTree, evaluates, cross-validates, saves, loads, predicts and
# exports to ONNX); `eng/run-sample.sh <Name>` runs samples/<Name> (ImageClassification, Forecasting, Clustering,
# AnomalyDetection, Imbalance, Ensemble). Needs only the .NET 10 SDK and NuGet.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
sample="${1:-TabularPipeline}"
[ $# -gt 0 ] && shift
if [ ! -f "$root/samples/$sample/$sample.csproj" ]; then
  echo "No sample '$sample'; the samples are: $(ls "$root/samples" | grep -v Shared | tr '\n' ' ')" >&2
  exit 2
fi
dotnet run --project "$root/samples/$sample/$sample.csproj" -c Release "$@"
