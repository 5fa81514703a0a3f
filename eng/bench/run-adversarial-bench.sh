#!/usr/bin/env bash
# Adversarial robustness and adversarial training against PyTorch (AdversarialBench, peers/adversarial_peer.py): the
# same MLPs on digits 8x8 and Fashion-MNIST trained clean, with PGD adversarial training and with fast adversarial
# training (FGSM from a random start) at one epsilon, then attacked with PGD-10 at several; prints, per side and mode,
# the training seconds, clean accuracy and accuracy under each attack, then the training-time ratios. Ours runs without
# tiered compilation (these trainings end before the runtime would replace its first, unoptimized code).
# Usage: eng/bench/run-adversarial-bench.sh [threads] [digits] [fashion]   (default: all processors; both sets)
# The peer is Debian's python3-torch on OpenBLAS's OpenMP build (libopenblas0-openmp).
set -euo pipefail
cd "$(dirname "$0")/../.."
threads="${1:-$(nproc)}"
shift || true
sets=("${@:-digits fashion}")
read -r -a sets <<< "${sets[*]}"
bash eng/bench/install-peers.sh python3-torch libopenblas0-openmp
shared=../shared
[ -d "$shared/datasets" ] || shared="$(git rev-parse --path-format=absolute --git-common-dir)/../../shared"
shared="$(cd "$shared" && pwd)"   # absolute: the peer runs from eng/bench/peers
[ -n "${FASHION_MNIST_DIR:-}" ] || [ ! -d "$shared/datasets/fashion-mnist" ] || export FASHION_MNIST_DIR="$shared/datasets/fashion-mnist"
dotnet build eng/bench/AdversarialBench -c Release -v q -nologo --disable-build-servers >&2
dotnet build-server shutdown >/dev/null 2>&1 || true
pin="taskset -c 0-$((threads - 1))"
ours="eng/bench/AdversarialBench/bin/Release/net10.0/AdversarialBench.dll"
echo "threads=$threads cpu=\"$(lscpu | sed -n 's/^Model name: *//p' | head -1)\" load=\"$(cut -d' ' -f1-3 /proc/loadavg)\" torch $(/usr/bin/python3 -c 'import torch; print(torch.__version__)')"
for set in "${sets[@]}"; do
  case "$set" in
    digits) args=("test/TestData/digits-8x8.csv" 30 0.1 "0.05,0.1,0.2") ;;
    *) args=(- 2 0.1 "0.02,0.05,0.1") ;;
  esac
  results=$(DOTNET_TieredCompilation=0 DOTNET_PROCESSOR_COUNT="$threads" $pin dotnet "$ours" "$set" "${args[@]}"
    cd eng/bench/peers && LD_LIBRARY_PATH=/usr/lib/x86_64-linux-gnu/openblas-openmp OMP_NUM_THREADS="$threads" $pin /usr/bin/python3 adversarial_peer.py "$set" "../../../${args[0]}" "${args[1]}" "${args[2]}" "${args[3]}" "$threads")
  echo "$results"
  echo "$results" | awk -v set="$set" '{ t[$2 " " $3] = $5 } END { for (m in t) { split(m, k, " "); if (k[1] == "ours") printf "%s %-8s training seconds ours/torch %.2f\n", set, k[2], t[m] / t["torch " k[2]] } }'
done
