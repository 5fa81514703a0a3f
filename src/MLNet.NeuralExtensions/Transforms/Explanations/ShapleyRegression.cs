namespace MLNet.NeuralExtensions.Transforms;

/// <summary>Kernel SHAP's weighted least squares with the efficiency constraint: the last feature's value is what the
/// others leave of f(x) − E f, so the regression has one unknown fewer and its result sums exactly.</summary>
internal static class ShapleyRegression
{
    /// <summary>The Shapley values of the m features of the coalitions, from each coalition's mean output.</summary>
    public static double[] Solve(IReadOnlyList<bool[]> masks, IReadOnlyList<double> weights, double[] coalitionMeans, double expected, double fx)
    {
        int m = masks[0].Length, n = m - 1;
        double total = fx - expected;
        var normal = new double[n, n];
        var right = new double[n];
        var x = new double[n];
        for (int k = 0; k < masks.Count; k++)
        {
            bool[] mask = masks[k];
            double last = mask[m - 1] ? 1 : 0;
            double y = coalitionMeans[k] - expected - (last * total);
            for (int i = 0; i < n; i++)
            {
                x[i] = (mask[i] ? 1 : 0) - last;
            }

            double w = weights[k];
            for (int i = 0; i < n; i++)
            {
                right[i] += w * x[i] * y;
                for (int j = 0; j < n; j++)
                {
                    normal[i, j] += w * x[i] * x[j];
                }
            }
        }

        double[] phi = new double[m];
        double[] solved = SolveSymmetric(normal, right);
        solved.CopyTo(phi, 0);
        phi[m - 1] = total - solved.Sum();
        return phi;
    }

    // Gaussian elimination with partial pivoting; a tiny ridge keeps a rank-deficient sample (too few coalitions) solvable.
    private static double[] SolveSymmetric(double[,] a, double[] b)
    {
        int n = b.Length;
        double trace = 0;
        for (int i = 0; i < n; i++)
        {
            trace += a[i, i];
        }

        for (int i = 0; i < n; i++)
        {
            a[i, i] += 1e-12 * (trace / n);
        }

        for (int col = 0; col < n; col++)
        {
            int pivot = col;
            for (int r = col + 1; r < n; r++)
            {
                if (Math.Abs(a[r, col]) > Math.Abs(a[pivot, col]))
                {
                    pivot = r;
                }
            }

            for (int c = 0; c < n; c++)
            {
                (a[col, c], a[pivot, c]) = (a[pivot, c], a[col, c]);
            }

            (b[col], b[pivot]) = (b[pivot], b[col]);
            for (int r = col + 1; r < n; r++)
            {
                double factor = a[r, col] / a[col, col];
                for (int c = col; c < n; c++)
                {
                    a[r, c] -= factor * a[col, c];
                }

                b[r] -= factor * b[col];
            }
        }

        var x = new double[n];
        for (int r = n - 1; r >= 0; r--)
        {
            double sum = b[r];
            for (int c = r + 1; c < n; c++)
            {
                sum -= a[r, c] * x[c];
            }

            x[r] = sum / a[r, r];
        }

        return x;
    }
}
