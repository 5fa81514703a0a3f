#!/usr/bin/env bash
# On a machine with an NVIDIA GPU: trains a network through the package, scores it on CUDA (MLContext.GpuDeviceId,
# ONNX Runtime's Microsoft.ML.OnnxRuntime.Gpu package) and on the CPU, compares the scores (1e-4) and prints rows per
# second. Needs only the .NET SDK and NuGet; the GPU needs the NVIDIA driver and the CUDA and cuDNN libraries that
# Microsoft.ML.OnnxRuntime.Gpu is built for on the library path.
# Usage: eng/cuda/check-cuda.sh [device]   (default 0). Exit code 0 when CUDA scored and agreed with the CPU.
set -euo pipefail
cd "$(dirname "$0")/../.."
device="${1:-0}"
if ! command -v nvidia-smi >/dev/null 2>&1 || ! nvidia-smi -L >/dev/null 2>&1; then
  echo "CUDA check FAILED: no NVIDIA GPU here (nvidia-smi is missing or lists no device); run this on a machine with a CUDA GPU." >&2
  exit 1
fi
nvidia-smi -L
dotnet build eng/cuda/CudaCheck -c Release -v q -nologo
dotnet eng/cuda/CudaCheck/bin/Release/net10.0/CudaCheck.dll "$device"
