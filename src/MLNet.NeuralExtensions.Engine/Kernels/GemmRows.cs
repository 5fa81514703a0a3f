using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace MLNet.NeuralExtensions.Engine.Kernels;

/// <summary>
/// The products of <see cref="Gemm"/> with very few rows (one example scored at a time, the last steps of a batch of
/// sequences): each row of C is a sum of rows of B, read in place, without packing either matrix. Packing B costs
/// about as much as multiplying it by one row, so for one row this halves the work or better.
/// </summary>
/// <remarks>
/// Each output element is summed as the packed kernels sum it: from zero, by fused multiply-adds in the order of k,
/// over the same blocks of <see cref="Gemm"/>'s depth, each block then written or added to C; the results are
/// therefore bit for bit those of the packed path. The one exception is a single column of B (a network's one output)
/// times a row of op(A) whose values lie next to each other: there a chain of k dependent multiply-adds would wait on
/// each one's latency, so each block is a vector dot product instead, equal to the packed path's sum to rounding.
/// </remarks>
internal static unsafe class GemmRows
{
    /// <summary>The most rows of C this path takes.</summary>
    public const int MaxRows = 4;

    private const int Width = 64;

    /// <summary>Whether the processor has the vector fused multiply-add and masked loads this path needs.</summary>
    public static bool IsSupported { get; } = Vector256.IsHardwareAccelerated && Fma.IsSupported && Avx.IsSupported;

    /// <summary>C = op(A) · B, or C += op(A) · B when <paramref name="accumulate"/>, for B stored k × n; op(A) is m × k
    /// (A is stored k × m when <paramref name="transposeA"/>); the depth is summed in blocks of
    /// <paramref name="blockDepth"/>.</summary>
    public static void Multiply(bool transposeA, int m, int n, int k, float* a, float* b, float* c, bool accumulate, int blockDepth)
    {
        int step = transposeA ? m : 1;
        for (int i = 0; i < m; i++)
        {
            float* aRow = transposeA ? a + i : a + ((long)i * k);
            float* cRow = c + ((long)i * n);
            for (int pc = 0; pc < k; pc += blockDepth)
            {
                int kc = Math.Min(blockDepth, k - pc);
                bool add = accumulate || pc > 0;
                float* ap = aRow + ((long)pc * step);
                float* bp = b + ((long)pc * n);
                if (n == 1 && step == 1)
                {
                    float dot = TensorPrimitives.Dot(new ReadOnlySpan<float>(ap, kc), new ReadOnlySpan<float>(bp, kc));
                    *cRow = add ? *cRow + dot : dot;
                    continue;
                }

                for (int j = 0; j < n; j += Width)
                {
                    Columns(kc, ap, step, bp + j, n, cRow + j, Math.Min(Width, n - j), add);
                }
            }
        }
    }

    // Up to 64 columns in eight accumulators, enough to keep both fused multiply-add units busy across their latency;
    // columns past `width` are masked out of every load and of the store (plain loads when all 64 are there).
    private static void Columns(int kc, float* a, int step, float* b, int ldb, float* c, int width, bool add)
    {
        if (width == Width)
        {
            Columns<PlainLoad>(kc, a, step, b, ldb, c, width, add);
        }
        else
        {
            Columns<MaskedLoad>(kc, a, step, b, ldb, c, width, add);
        }
    }

    private static void Columns<TLoad>(int kc, float* a, int step, float* b, int ldb, float* c, int width, bool add)
        where TLoad : struct, ILoad
    {
        Vector256<float> m0 = Mask(width, 0), m1 = Mask(width, 8), m2 = Mask(width, 16), m3 = Mask(width, 24);
        Vector256<float> m4 = Mask(width, 32), m5 = Mask(width, 40), m6 = Mask(width, 48), m7 = Mask(width, 56);
        Vector256<float> c0 = default, c1 = default, c2 = default, c3 = default, c4 = default, c5 = default, c6 = default, c7 = default;
        for (int p = 0; p < kc; p++)
        {
            var x = Vector256.Create(a[p * step]);
            c0 = Vector256.FusedMultiplyAdd(x, TLoad.Load(b, m0), c0);
            c1 = Vector256.FusedMultiplyAdd(x, TLoad.Load(b + 8, m1), c1);
            c2 = Vector256.FusedMultiplyAdd(x, TLoad.Load(b + 16, m2), c2);
            c3 = Vector256.FusedMultiplyAdd(x, TLoad.Load(b + 24, m3), c3);
            c4 = Vector256.FusedMultiplyAdd(x, TLoad.Load(b + 32, m4), c4);
            c5 = Vector256.FusedMultiplyAdd(x, TLoad.Load(b + 40, m5), c5);
            c6 = Vector256.FusedMultiplyAdd(x, TLoad.Load(b + 48, m6), c6);
            c7 = Vector256.FusedMultiplyAdd(x, TLoad.Load(b + 56, m7), c7);
            b += ldb;
        }

        Store(c0, c, m0, add);
        Store(c1, c + 8, m1, add);
        Store(c2, c + 16, m2, add);
        Store(c3, c + 24, m3, add);
        Store(c4, c + 32, m4, add);
        Store(c5, c + 40, m5, add);
        Store(c6, c + 48, m6, add);
        Store(c7, c + 56, m7, add);
    }

    // All bits set in the lanes of columns offset..offset+7 that are below width.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Mask(int width, int offset)
        => Vector256.GreaterThan(Vector256.Create(width - offset), Vector256<int>.Indices).AsSingle();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(Vector256<float> sum, float* c, Vector256<float> mask, bool add)
    {
        if (mask == Vector256<float>.AllBitsSet)
        {
            (add ? sum + Vector256.Load(c) : sum).Store(c);
        }
        else if (mask != Vector256<float>.Zero)
        {
            Avx.MaskStore(c, mask, add ? sum + Avx.MaskLoad(c, mask) : sum);
        }
    }

    /// <summary>How a block reads eight columns of a row of B.</summary>
    private interface ILoad
    {
        static abstract Vector256<float> Load(float* source, Vector256<float> mask);
    }

    private readonly struct PlainLoad : ILoad
    {
        public static Vector256<float> Load(float* source, Vector256<float> mask) => Vector256.Load(source);
    }

    private readonly struct MaskedLoad : ILoad
    {
        public static Vector256<float> Load(float* source, Vector256<float> mask) => Avx.MaskLoad(source, mask);
    }
}
