namespace MLNet.NeuralExtensions.Transforms;

/// <summary>
/// Ridge regression with an unpenalized intercept, as scikit-learn's Ridge fits it: the predictors and the target are
/// centered, (XᵀX + αI) w = Xᵀy is solved by Cholesky factorization, and b = ȳ − x̄ᵀw.
/// </summary>
internal static class RidgeRegression
{
    /// <summary>Fits y = b + Σ w_j x_j over the rows of <paramref name="x"/> (row-major, <paramref name="width"/> columns)
    /// selected by <paramref name="rows"/>, using only the columns in <paramref name="predictors"/>; returns a weight per
    /// column of x (0 outside the predictors) and the intercept.</summary>
    public static (double[] Weights, double Intercept) Fit(double[] x, int width, ReadOnlySpan<int> rows, ReadOnlySpan<int> predictors, int target, double alpha)
    {
        int p = predictors.Length;
        double[] mean = new double[p];
        double yMean = 0;
        foreach (int r in rows)
        {
            for (int j = 0; j < p; j++)
            {
                mean[j] += x[(r * width) + predictors[j]];
            }

            yMean += x[(r * width) + target];
        }

        int n = Math.Max(rows.Length, 1);
        for (int j = 0; j < p; j++)
        {
            mean[j] /= n;
        }

        yMean /= n;
        double[,] gram = new double[p, p];
        double[] rhs = new double[p];
        double[] centered = new double[p];
        foreach (int r in rows)
        {
            for (int j = 0; j < p; j++)
            {
                centered[j] = x[(r * width) + predictors[j]] - mean[j];
            }

            double y = x[(r * width) + target] - yMean;
            for (int j = 0; j < p; j++)
            {
                rhs[j] += centered[j] * y;
                for (int k = 0; k <= j; k++)
                {
                    gram[j, k] += centered[j] * centered[k];
                }
            }
        }

        for (int j = 0; j < p; j++)
        {
            gram[j, j] += alpha;
        }

        double[] w = SolveCholesky(gram, rhs);
        double[] weights = new double[width];
        double intercept = yMean;
        for (int j = 0; j < p; j++)
        {
            weights[predictors[j]] = w[j];
            intercept -= w[j] * mean[j];
        }

        return (weights, intercept);
    }

    /// <summary>Solves A w = b for symmetric positive definite A, of which only the lower triangle is read.</summary>
    private static double[] SolveCholesky(double[,] a, double[] b)
    {
        int p = b.Length;
        double[,] l = new double[p, p];
        for (int j = 0; j < p; j++)
        {
            double d = a[j, j];
            for (int k = 0; k < j; k++)
            {
                d -= l[j, k] * l[j, k];
            }

            l[j, j] = Math.Sqrt(d);
            for (int i = j + 1; i < p; i++)
            {
                double s = a[i, j];
                for (int k = 0; k < j; k++)
                {
                    s -= l[i, k] * l[j, k];
                }

                l[i, j] = s / l[j, j];
            }
        }

        double[] z = new double[p];
        for (int i = 0; i < p; i++)
        {
            double s = b[i];
            for (int k = 0; k < i; k++)
            {
                s -= l[i, k] * z[k];
            }

            z[i] = s / l[i, i];
        }

        double[] w = new double[p];
        for (int i = p - 1; i >= 0; i--)
        {
            double s = z[i];
            for (int k = i + 1; k < p; k++)
            {
                s -= l[k, i] * w[k];
            }

            w[i] = s / l[i, i];
        }

        return w;
    }
}
