using MLNet.NeuralExtensions.Engine.Kernels;

namespace MLNet.NeuralExtensions.Engine.Tests.Kernels;

[TestClass]
public sealed class GemmTests
{
    [TestMethod]
    [DataRow(1, 1, 1)]
    [DataRow(7, 5, 3)]
    [DataRow(33, 65, 17)]
    [DataRow(130, 70, 300)]
    [DataRow(16, 45, 21)]
    [DataRow(9, 4100, 260)]
    public void MultiplyMatchesDoublePrecisionReferenceForEveryTransposition(int m, int n, int k)
    {
        var random = new Random(20261121);
        float[] a = RandomMatrix(random, m * k);
        float[] b = RandomMatrix(random, k * n);
        float[] initial = RandomMatrix(random, m * n);
        foreach (bool transposeA in new[] { false, true })
        {
            foreach (bool transposeB in new[] { false, true })
            {
                foreach (bool accumulate in new[] { false, true })
                {
                    float[] c = (float[])initial.Clone();
                    Gemm.Multiply(transposeA, transposeB, m, n, k, a, b, c, accumulate, maxThreads: 2);
                    for (int i = 0; i < m; i++)
                    {
                        for (int j = 0; j < n; j++)
                        {
                            double expected = accumulate ? initial[(i * n) + j] : 0;
                            for (int p = 0; p < k; p++)
                            {
                                double x = transposeA ? a[(p * m) + i] : a[(i * k) + p];
                                double y = transposeB ? b[(j * k) + p] : b[(p * n) + j];
                                expected += x * y;
                            }

                            Assert.AreEqual(expected, c[(i * n) + j], 1e-5 * (k + 1), $"C[{i},{j}] transA={transposeA} transB={transposeB} acc={accumulate}");
                        }
                    }
                }
            }
        }
    }

    [TestMethod]
    public void MultiplyIsBitIdenticalForAnyThreadCount()
    {
        var random = new Random(7);
        float[] a = RandomMatrix(random, 200 * 300);
        float[] b = RandomMatrix(random, 300 * 150);
        float[] one = new float[200 * 150];
        float[] two = new float[200 * 150];
        Gemm.Multiply(false, false, 200, 150, 300, a, b, one, accumulate: false, maxThreads: 1);
        Gemm.Multiply(false, false, 200, 150, 300, a, b, two, accumulate: false, maxThreads: 2);
        CollectionAssert.AreEqual(one, two);
    }

    [TestMethod]
    public void MultiplyRejectsShortSpansNamingTheShapes()
    {
        var ex = Assert.ThrowsExactly<ArgumentException>(() => Gemm.Multiply(false, false, 2, 3, 4, new float[8], new float[11], new float[6], false, 1));
        StringAssert.Contains(ex.Message, "[2×4]·[4×3]");
    }

    private static float[] RandomMatrix(Random random, int length)
    {
        var values = new float[length];
        for (int i = 0; i < length; i++)
        {
            values[i] = (float)((random.NextDouble() * 2) - 1);
        }

        return values;
    }
}
