using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace MLNet.NeuralExtensions.Engine.Kernels;

/// <summary>
/// The register-blocked inner kernel of <see cref="Gemm"/>: multiplies a packed panel of <see cref="MR"/> rows of A by a
/// packed panel of <see cref="NR"/> columns of B over kc steps and writes (or adds) the MR × NR tile of C.
/// </summary>
/// <remarks>
/// The tile is picked by instruction set: 8 × 32 with AVX-512 (16 accumulators of the 32 vector registers), 6 × 16 with
/// AVX2 and FMA (12 of the 16), and a 4 × 4 scalar loop elsewhere. Panels are k-major: A holds MR values per step, B NR.
/// </remarks>
internal static unsafe class GemmMicroKernel
{
    /// <summary>The largest MR × NR of all instruction sets, for edge tiles on the stack.</summary>
    public const int MaxTile = 8 * 32;

    private static readonly Isa s_isa = Vector512.IsHardwareAccelerated && Avx512F.IsSupported ? Isa.Avx512
        : Avx2.IsSupported && Fma.IsSupported ? Isa.Avx2 : Isa.Scalar;

    private enum Isa
    {
        Scalar,
        Avx2,
        Avx512,
    }

    /// <summary>Rows of the tile.</summary>
    public static int MR { get; } = s_isa switch { Isa.Avx512 => 8, Isa.Avx2 => 6, _ => 4 };

    /// <summary>Columns of the tile.</summary>
    public static int NR { get; } = s_isa switch { Isa.Avx512 => 32, Isa.Avx2 => 16, _ => 4 };

    /// <summary>Computes the tile C[0..MR, 0..NR] (+)= A·B with row stride <paramref name="ldc"/>.</summary>
    public static void Run(int kc, float* a, float* b, float* c, int ldc, bool accumulate)
    {
        switch (s_isa)
        {
            case Isa.Avx512:
                Kernel8x32(kc, a, b, c, ldc, accumulate);
                break;
            case Isa.Avx2:
                Kernel6x16(kc, a, b, c, ldc, accumulate);
                break;
            default:
                KernelScalar(kc, a, b, c, ldc, accumulate);
                break;
        }
    }

    private static void Kernel8x32(int kc, float* a, float* b, float* c, int ldc, bool accumulate)
    {
        Vector512<float> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default, c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default, c60 = default, c61 = default, c70 = default, c71 = default;
        for (int p = 0; p < kc; p++)
        {
            var b0 = Vector512.Load(b);
            var b1 = Vector512.Load(b + 16);
            var a0 = Vector512.Create(a[0]);
            c00 = Vector512.FusedMultiplyAdd(a0, b0, c00);
            c01 = Vector512.FusedMultiplyAdd(a0, b1, c01);
            var a1 = Vector512.Create(a[1]);
            c10 = Vector512.FusedMultiplyAdd(a1, b0, c10);
            c11 = Vector512.FusedMultiplyAdd(a1, b1, c11);
            var a2 = Vector512.Create(a[2]);
            c20 = Vector512.FusedMultiplyAdd(a2, b0, c20);
            c21 = Vector512.FusedMultiplyAdd(a2, b1, c21);
            var a3 = Vector512.Create(a[3]);
            c30 = Vector512.FusedMultiplyAdd(a3, b0, c30);
            c31 = Vector512.FusedMultiplyAdd(a3, b1, c31);
            var a4 = Vector512.Create(a[4]);
            c40 = Vector512.FusedMultiplyAdd(a4, b0, c40);
            c41 = Vector512.FusedMultiplyAdd(a4, b1, c41);
            var a5 = Vector512.Create(a[5]);
            c50 = Vector512.FusedMultiplyAdd(a5, b0, c50);
            c51 = Vector512.FusedMultiplyAdd(a5, b1, c51);
            var a6 = Vector512.Create(a[6]);
            c60 = Vector512.FusedMultiplyAdd(a6, b0, c60);
            c61 = Vector512.FusedMultiplyAdd(a6, b1, c61);
            var a7 = Vector512.Create(a[7]);
            c70 = Vector512.FusedMultiplyAdd(a7, b0, c70);
            c71 = Vector512.FusedMultiplyAdd(a7, b1, c71);
            a += 8;
            b += 32;
        }

        Store(c00, c01, c + ((long)0 * ldc), accumulate);
        Store(c10, c11, c + ((long)1 * ldc), accumulate);
        Store(c20, c21, c + ((long)2 * ldc), accumulate);
        Store(c30, c31, c + ((long)3 * ldc), accumulate);
        Store(c40, c41, c + ((long)4 * ldc), accumulate);
        Store(c50, c51, c + ((long)5 * ldc), accumulate);
        Store(c60, c61, c + ((long)6 * ldc), accumulate);
        Store(c70, c71, c + ((long)7 * ldc), accumulate);
    }

    private static void Kernel6x16(int kc, float* a, float* b, float* c, int ldc, bool accumulate)
    {
        Vector256<float> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default, c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        for (int p = 0; p < kc; p++)
        {
            var b0 = Vector256.Load(b);
            var b1 = Vector256.Load(b + 8);
            var a0 = Vector256.Create(a[0]);
            c00 = Vector256.FusedMultiplyAdd(a0, b0, c00);
            c01 = Vector256.FusedMultiplyAdd(a0, b1, c01);
            var a1 = Vector256.Create(a[1]);
            c10 = Vector256.FusedMultiplyAdd(a1, b0, c10);
            c11 = Vector256.FusedMultiplyAdd(a1, b1, c11);
            var a2 = Vector256.Create(a[2]);
            c20 = Vector256.FusedMultiplyAdd(a2, b0, c20);
            c21 = Vector256.FusedMultiplyAdd(a2, b1, c21);
            var a3 = Vector256.Create(a[3]);
            c30 = Vector256.FusedMultiplyAdd(a3, b0, c30);
            c31 = Vector256.FusedMultiplyAdd(a3, b1, c31);
            var a4 = Vector256.Create(a[4]);
            c40 = Vector256.FusedMultiplyAdd(a4, b0, c40);
            c41 = Vector256.FusedMultiplyAdd(a4, b1, c41);
            var a5 = Vector256.Create(a[5]);
            c50 = Vector256.FusedMultiplyAdd(a5, b0, c50);
            c51 = Vector256.FusedMultiplyAdd(a5, b1, c51);
            a += 6;
            b += 16;
        }

        Store(c00, c01, c + ((long)0 * ldc), accumulate);
        Store(c10, c11, c + ((long)1 * ldc), accumulate);
        Store(c20, c21, c + ((long)2 * ldc), accumulate);
        Store(c30, c31, c + ((long)3 * ldc), accumulate);
        Store(c40, c41, c + ((long)4 * ldc), accumulate);
        Store(c50, c51, c + ((long)5 * ldc), accumulate);
    }

    private static void KernelScalar(int kc, float* a, float* b, float* c, int ldc, bool accumulate)
    {
        float* tile = stackalloc float[16];
        new Span<float>(tile, 16).Clear();
        for (int p = 0; p < kc; p++)
        {
            for (int i = 0; i < 4; i++)
            {
                for (int j = 0; j < 4; j++)
                {
                    tile[(i * 4) + j] = MathF.FusedMultiplyAdd(a[i], b[j], tile[(i * 4) + j]);
                }
            }

            a += 4;
            b += 4;
        }

        for (int i = 0; i < 4; i++)
        {
            for (int j = 0; j < 4; j++)
            {
                float* dst = c + ((long)i * ldc) + j;
                *dst = accumulate ? *dst + tile[(i * 4) + j] : tile[(i * 4) + j];
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(Vector512<float> low, Vector512<float> high, float* row, bool accumulate)
    {
        if (accumulate)
        {
            low += Vector512.Load(row);
            high += Vector512.Load(row + 16);
        }

        low.Store(row);
        high.Store(row + 16);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(Vector256<float> low, Vector256<float> high, float* row, bool accumulate)
    {
        if (accumulate)
        {
            low += Vector256.Load(row);
            high += Vector256.Load(row + 8);
        }

        low.Store(row);
        high.Store(row + 8);
    }
}
