using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace MLNet.NeuralExtensions.Engine.Kernels;

/// <summary>
/// Single-precision matrix multiplication: the kernel under Dense, convolution and the recurrent layers.
/// </summary>
/// <remarks>
/// The structure is the classic blocked one (Goto and van de Geijn, "Anatomy of high-performance matrix
/// multiplication", 2008): B is packed in blocks of <see cref="KC"/> × <see cref="NC"/> into column panels, A in blocks of
/// <see cref="MC"/> × <see cref="KC"/> into row panels, and a register-blocked micro-kernel (<see cref="GemmMicroKernel"/>)
/// multiplies one row panel by one column panel. Row blocks and column chunks are spread over the <see cref="WorkerPool"/>;
/// each output element is always summed in the same order, so results do not depend on the thread count. Products of
/// at most <see cref="GemmRows.MaxRows"/> rows with B not transposed skip the packing (<see cref="GemmRows"/>) and sum
/// in that same order.
/// </remarks>
internal static unsafe class Gemm
{
    private const int KC = 512;
    private const int NC = 4096;

    // Below this many multiply-adds (a few microseconds of work) forking costs more than it saves.
    private const long SerialThreshold = 1 << 18;
    private static readonly int MC = GemmMicroKernel.MR * 16;

    [ThreadStatic]
    private static float[]? t_packedA;

    [ThreadStatic]
    private static Job? t_job;

    // Per calling thread: layers run small products on several workers at once (one example each).
    [ThreadStatic]
    private static float[]? t_packedB;

    /// <summary>
    /// Computes C = op(A) · op(B), or C += op(A) · op(B) when <paramref name="accumulate"/> is true, for row-major
    /// matrices: op(A) is m × k (A is stored k × m when <paramref name="transposeA"/>), op(B) is k × n (B is stored n × k
    /// when <paramref name="transposeB"/>) and C is m × n.
    /// </summary>
    /// <exception cref="ArgumentException">A span is shorter than its matrix.</exception>
    public static void Multiply(
        bool transposeA, bool transposeB, int m, int n, int k,
        ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, bool accumulate, int maxThreads)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(m);
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        if (a.Length < (long)m * k || b.Length < (long)k * n || c.Length < (long)m * n)
        {
            throw new ArgumentException($"GEMM of [{m}×{k}]·[{k}×{n}] needs spans of {(long)m * k}, {(long)k * n} and {(long)m * n} floats; got {a.Length}, {b.Length} and {c.Length}.");
        }

        if (m == 0 || n == 0)
        {
            return;
        }

        if (k == 0)
        {
            if (!accumulate)
            {
                c[..(m * n)].Clear();
            }

            return;
        }

        if (m <= GemmRows.MaxRows && !transposeB && GemmRows.IsSupported)
        {
            fixed (float* pa = a, pb = b, pc = c)
            {
                GemmRows.Multiply(transposeA, m, n, k, pa, pb, pc, accumulate, KC);
            }

            return;
        }

        if ((long)m * n * k < SerialThreshold)
        {
            maxThreads = 1;
        }

        float[] packedB = Scratch.Ensure(ref t_packedB, RoundUp(Math.Min(n, NC), GemmMicroKernel.NR) * KC, pinned: true);
        fixed (float* pa = a, pb = b, pc = c, pPacked = packedB)
        {
            Job job = t_job ??= new Job();
            job.Set(transposeA, transposeB, m, n, k, pa, pb, pc, pPacked);
            for (int jc = 0; jc < n; jc += NC)
            {
                int nc = Math.Min(NC, n - jc);
                for (int pcol = 0; pcol < k; pcol += KC)
                {
                    int kc = Math.Min(KC, k - pcol);
                    job.SetBlock(jc, nc, pcol, kc, accumulate || pcol > 0, maxThreads);
                    job.PackB(maxThreads);
                    WorkerPool.Shared.Run(job.TaskCount, job, maxThreads);
                }
            }
        }
    }

    private static int RoundUp(int value, int multiple) => (value + multiple - 1) / multiple * multiple;

    /// <summary>One multiplication: _a macro-block of work per index, run by the worker pool.</summary>
    private sealed class Job : IParallelBody
    {
        private readonly PackB _packB = new();
        private bool _transposeA;
        private bool _transposeB;
        private int _m;
        private int _n;
        private int _k;
        private float* _a;
        private float* _b;
        private float* _c;
        private float* _packedB;
        private int _jc;
        private int _nc;
        private int _pc;
        private int _kc;
        private bool _accumulate;
        private int _rowBlocks;
        private int _columnChunks;
        private int _panelsPerChunk;

        public int TaskCount => _rowBlocks * _columnChunks;

        public void Set(bool transA, bool transB, int rows, int columns, int depth, float* left, float* right, float* result, float* packed)
        {
            (_transposeA, _transposeB, _m, _n, _k) = (transA, transB, rows, columns, depth);
            _a = left;
            _b = right;
            _c = result;
            _packedB = packed;
        }

        public void SetBlock(int jc, int nc, int pc, int kc, bool accumulate, int maxThreads)
        {
            (_jc, _nc, _pc, _kc, _accumulate) = (jc, nc, pc, kc, accumulate);
            _rowBlocks = (_m + MC - 1) / MC;
            int panels = (nc + GemmMicroKernel.NR - 1) / GemmMicroKernel.NR;
            int threads = Math.Min(maxThreads, WorkerPool.Shared.MaxThreads);
            // About two tasks per thread balance the load; one thread takes the block whole, packing each A block once.
            int wanted = threads == 1 ? 1 : Math.Max(1, (2 * threads + _rowBlocks - 1) / _rowBlocks);
            _panelsPerChunk = Math.Max(1, (panels + wanted - 1) / wanted);
            _columnChunks = (panels + _panelsPerChunk - 1) / _panelsPerChunk;
        }

        public void PackB(int maxThreads)
        {
            _packB.Set(_transposeB, _n, _k, _b, _packedB, _jc, _nc, _pc, _kc);
            WorkerPool.Shared.Run(_packB.PanelCount, _packB, maxThreads);
        }

        public void Run(int index)
        {
            int mrFull = GemmMicroKernel.MR, nrFull = GemmMicroKernel.NR;
            int ic = index / _columnChunks * MC;
            int chunk = index % _columnChunks;
            int mc = Math.Min(MC, _m - ic);
            float[] packedA = Scratch.Ensure(ref t_packedA, MC * KC, pinned: true);
            fixed (float* pa = packedA)
            {
                PackA(pa, ic, mc);
                float* tile = stackalloc float[GemmMicroKernel.MaxTile];
                int firstPanel = chunk * _panelsPerChunk;
                int lastPanel = Math.Min(firstPanel + _panelsPerChunk, (_nc + nrFull - 1) / nrFull);
                for (int panel = firstPanel; panel < lastPanel; panel++)
                {
                    int jr = panel * nrFull;
                    int nr = Math.Min(nrFull, _nc - jr);
                    float* bPanel = _packedB + (panel * _kc * nrFull);
                    for (int ir = 0; ir < mc; ir += mrFull)
                    {
                        int mr = Math.Min(mrFull, mc - ir);
                        float* cTile = _c + ((long)(ic + ir) * _n) + _jc + jr;
                        if (mr == mrFull && nr == nrFull)
                        {
                            GemmMicroKernel.Run(_kc, pa + (ir * _kc), bPanel, cTile, _n, _accumulate);
                        }
                        else
                        {
                            GemmMicroKernel.Run(_kc, pa + (ir * _kc), bPanel, tile, nrFull, accumulate: false);
                            StoreEdge(tile, cTile, mr, nr);
                        }
                    }
                }
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private void StoreEdge(float* tile, float* cTile, int mr, int nr)
        {
            for (int i = 0; i < mr; i++)
            {
                float* src = tile + (i * GemmMicroKernel.NR);
                float* dst = cTile + ((long)i * _n);
                for (int j = 0; j < nr; j++)
                {
                    dst[j] = _accumulate ? dst[j] + src[j] : src[j];
                }
            }
        }

        /// <summary>Packs rows ic..ic+mc of op(A), columns pc..pc+kc, into panels of MR rows stored k-major, zero-padded.</summary>
        private void PackA(float* dest, int ic, int mc)
        {
            int mrFull = GemmMicroKernel.MR;
            for (int ir = 0; ir < mc; ir += mrFull)
            {
                int mr = Math.Min(mrFull, mc - ir);
                float* panel = dest + (ir * _kc);
                if (_transposeA)
                {
                    for (int p = 0; p < _kc; p++)
                    {
                        float* src = _a + ((long)(_pc + p) * _m) + ic + ir;
                        float* dst = panel + (p * mrFull);
                        if (mr == 8 && mrFull == 8)
                        {
                            Vector256.Store(Vector256.Load(src), dst);
                            continue;
                        }

                        int r = 0;
                        for (; r < mr; r++)
                        {
                            dst[r] = src[r];
                        }

                        for (; r < mrFull; r++)
                        {
                            dst[r] = 0f;
                        }
                    }
                }
                else if (mr == 8 && mrFull == 8 && Avx.IsSupported)
                {
                    PackEightRows(_a + ((long)(ic + ir) * _k) + _pc, _k, _kc, panel, mrFull);
                }
                else
                {
                    for (int r = 0; r < mrFull; r++)
                    {
                        if (r < mr)
                        {
                            float* src = _a + ((long)(ic + ir + r) * _k) + _pc;
                            for (int p = 0; p < _kc; p++)
                            {
                                panel[(p * mrFull) + r] = src[p];
                            }
                        }
                        else
                        {
                            for (int p = 0; p < _kc; p++)
                            {
                                panel[(p * mrFull) + r] = 0f;
                            }
                        }
                    }
                }
            }
        }
    }

    /// <summary>Packs <paramref name="depth"/> columns of eight rows (row stride <paramref name="stride"/>) k-major, as
    /// 8×8 register transposes: column p goes to the eight floats at <paramref name="panel"/> + p ·
    /// <paramref name="panelWidth"/>.</summary>
    private static void PackEightRows(float* source, int stride, int depth, float* panel, int panelWidth)
    {
        int p = 0;
        for (; p + 8 <= depth; p += 8)
        {
            float* s = source + p;
            Vector256<float> r0 = Avx.LoadVector256(s), r1 = Avx.LoadVector256(s + stride);
            Vector256<float> r2 = Avx.LoadVector256(s + (2 * stride)), r3 = Avx.LoadVector256(s + (3 * stride));
            Vector256<float> r4 = Avx.LoadVector256(s + (4 * stride)), r5 = Avx.LoadVector256(s + (5 * stride));
            Vector256<float> r6 = Avx.LoadVector256(s + (6 * stride)), r7 = Avx.LoadVector256(s + (7 * stride));
            Vector256<float> t0 = Avx.UnpackLow(r0, r1), t1 = Avx.UnpackHigh(r0, r1), t2 = Avx.UnpackLow(r2, r3), t3 = Avx.UnpackHigh(r2, r3);
            Vector256<float> t4 = Avx.UnpackLow(r4, r5), t5 = Avx.UnpackHigh(r4, r5), t6 = Avx.UnpackLow(r6, r7), t7 = Avx.UnpackHigh(r6, r7);
            Vector256<float> u0 = Avx.Shuffle(t0, t2, 0x44), u1 = Avx.Shuffle(t0, t2, 0xEE), u2 = Avx.Shuffle(t1, t3, 0x44), u3 = Avx.Shuffle(t1, t3, 0xEE);
            Vector256<float> u4 = Avx.Shuffle(t4, t6, 0x44), u5 = Avx.Shuffle(t4, t6, 0xEE), u6 = Avx.Shuffle(t5, t7, 0x44), u7 = Avx.Shuffle(t5, t7, 0xEE);
            float* d = panel + (p * panelWidth);
            int w = panelWidth;
            Avx.Store(d, Avx.Permute2x128(u0, u4, 0x20));
            Avx.Store(d + w, Avx.Permute2x128(u1, u5, 0x20));
            Avx.Store(d + (2 * w), Avx.Permute2x128(u2, u6, 0x20));
            Avx.Store(d + (3 * w), Avx.Permute2x128(u3, u7, 0x20));
            Avx.Store(d + (4 * w), Avx.Permute2x128(u0, u4, 0x31));
            Avx.Store(d + (5 * w), Avx.Permute2x128(u1, u5, 0x31));
            Avx.Store(d + (6 * w), Avx.Permute2x128(u2, u6, 0x31));
            Avx.Store(d + (7 * w), Avx.Permute2x128(u3, u7, 0x31));
        }

        for (; p < depth; p++)
        {
            for (int r = 0; r < 8; r++)
            {
                panel[(p * panelWidth) + r] = source[((long)r * stride) + p];
            }
        }
    }

    /// <summary>Packs columns jc..jc+nc of op(B), rows pc..pc+kc, into panels of NR columns stored k-major, zero-padded;
    /// one panel per index.</summary>
    private sealed class PackB : IParallelBody
    {
        private bool _transpose;
        private int _n;
        private int _k;
        private float* _b;
        private float* _dest;
        private int _jc;
        private int _nc;
        private int _pc;
        private int _kc;

        public int PanelCount => (_nc + GemmMicroKernel.NR - 1) / GemmMicroKernel.NR;

        public void Set(bool transpose, int n, int k, float* b, float* dest, int jc, int nc, int pc, int kc)
        {
            (_transpose, _n, _k, _jc, _nc, _pc, _kc) = (transpose, n, k, jc, nc, pc, kc);
            _b = b;
            _dest = dest;
        }

        public void Run(int index)
        {
            int nrFull = GemmMicroKernel.NR;
            int jr = index * nrFull;
            int nr = Math.Min(nrFull, _nc - jr);
            float* panel = _dest + (index * _kc * nrFull);
            if (_transpose)
            {
                // Eight stored rows (columns of op(B)) at a time by register transposes, the rest one by one.
                int j = 0;
                for (; Avx.IsSupported && j + 8 <= nr; j += 8)
                {
                    PackEightRows(_b + ((long)(_jc + jr + j) * _k) + _pc, _k, _kc, panel + j, nrFull);
                }

                for (; j < nrFull; j++)
                {
                    float* src = _b + ((long)(_jc + jr + j) * _k) + _pc;
                    for (int p = 0; p < _kc; p++)
                    {
                        panel[(p * nrFull) + j] = j < nr ? src[p] : 0f;
                    }
                }
            }
            else
            {
                for (int p = 0; p < _kc; p++)
                {
                    float* src = _b + ((long)(_pc + p) * _n) + _jc + jr;
                    float* dst = panel + (p * nrFull);
                    new ReadOnlySpan<float>(src, nr).CopyTo(new Span<float>(dst, nr));
                    if (nr < nrFull)
                    {
                        new Span<float>(dst + nr, nrFull - nr).Clear();
                    }
                }
            }
        }
    }
}
