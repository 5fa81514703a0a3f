#!/usr/bin/env bash
# How trained networks score. networks: NetworkScoring per example (µs per call through a row scorer, as ML.NET's value
# mappers score, and the bytes each call allocates) and in batches of 1,024 (rows/s) for the managed engine and ONNX
# Runtime (CPU), on a 30-100-1 MLP, the Fashion-MNIST MLP, CNN and LSTM. pipeline: on 100,000 rows × 30 features,
# model.Transform read by a cursor (rows/s) and PredictionEngine (µs per call) for our Mlp (30-100-1, under Auto and
# under ONNX Runtime), ML.NET's FastTree and LightGbm trained on the same data, and ML.NET's ApplyOnnxModel on the Mlp
# exported by ML.NET's ConvertToOnnx, with the ratios.
# Usage: eng/bench/run-scoring-bench.sh [threads] [networks|pipeline ...]   (default: all processors; both)
set -euo pipefail
cd "$(dirname "$0")/../.."
threads="${1:-$(nproc)}"
shift || true
parts=("${@:-networks pipeline}")
read -r -a parts <<< "${parts[*]}"
dotnet build eng/bench/ScoringBench -c Release -v q -nologo --disable-build-servers >&2
dotnet build-server shutdown >/dev/null 2>&1 || true
echo "threads=$threads cpu=\"$(lscpu | sed -n 's/^Model name: *//p' | head -1)\" load=\"$(cut -d' ' -f1-3 /proc/loadavg)\""
for part in "${parts[@]}"; do
  # The same processors for every side; .NET and ONNX Runtime both size their pools from them.
  DOTNET_PROCESSOR_COUNT="$threads" taskset -c "0-$((threads - 1))" dotnet eng/bench/ScoringBench/bin/Release/net10.0/ScoringBench.dll "$part"
done
