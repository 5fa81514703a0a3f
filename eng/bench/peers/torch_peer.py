"""PyTorch side of eng/bench/run-engine-bench.sh: the same benchmarks as EngineBench, printed in the same format.

Usage: torch_peer.py <gemm|mlp|cnn|lstm> <threads>
"""
import sys
import time

import torch


def gemm(threads):
    for n in (256, 512, 1024, 2048):
        g = torch.Generator().manual_seed(1)
        a = torch.rand(n, n, generator=g)
        b = torch.rand(n, n, generator=g)
        flops = 2.0 * n * n * n
        repeats = max(3, int(2e10 / flops))
        torch.mm(a, b)
        best = float("inf")
        for _ in range(repeats):
            start = time.perf_counter()
            torch.mm(a, b)
            best = min(best, time.perf_counter() - start)
        print(f"gemm {n} {flops / best / 1e9:.1f}")


def main():
    what = sys.argv[1]
    threads = int(sys.argv[2])
    torch.set_num_threads(threads)
    {"gemm": gemm}[what](threads)


if __name__ == "__main__":
    main()
