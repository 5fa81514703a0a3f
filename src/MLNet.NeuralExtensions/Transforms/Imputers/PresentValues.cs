namespace MLNet.NeuralExtensions.Transforms;

/// <summary>Statistics of the present (non-NaN) training values of a slot, as scikit-learn's SimpleImputer computes them.</summary>
internal static class PresentValues
{
    /// <summary>The present values of each slot of row-major <paramref name="x"/> (<paramref name="width"/> slots per
    /// row), in ascending order; with <paramref name="pooled"/>, the present values of every slot as one set.</summary>
    /// <param name="x">The training values, NaN where missing.</param>
    /// <param name="width">The slots per row.</param>
    /// <param name="pooled">Whether all slots form one set.</param>
    /// <param name="column">The column's name, for the message.</param>
    /// <param name="consumer">What needs the values, for the message ("the median").</param>
    /// <exception cref="InvalidDataException">A slot (or, pooled, the column) has no present value; the message names
    /// the column, the slot and the number of rows.</exception>
    public static double[][] SortedBySlot(double[] x, int width, bool pooled, string column, string consumer)
    {
        int rows = x.Length / width;
        double[][] sorted = pooled ? [Sorted(x, 1, 0)] : [.. Enumerable.Range(0, width).Select(slot => Sorted(x, width, slot))];
        for (int slot = 0; slot < sorted.Length; slot++)
        {
            if (sorted[slot].Length == 0)
            {
                string where = pooled || width == 1 ? $"Column '{column}'" : $"Column '{column}', slot {slot}";
                throw new InvalidDataException($"{where}: no value is present in the {rows} training rows; {consumer} needs at least one.");
            }
        }

        return sorted;
    }

    /// <summary>The median of ascending values (at least one): the middle one, or the mean of the two middle ones.</summary>
    public static double Median(double[] sorted)
    {
        int half = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[half] : (sorted[half - 1] + sorted[half]) / 2;
    }

    /// <summary>The most frequent of ascending values (at least one), the smallest of equally frequent ones.</summary>
    public static double Mode(double[] sorted)
    {
        double best = sorted[0];
        int bestRun = 0;
        for (int start = 0, end; start < sorted.Length; start = end)
        {
            end = start + 1;
            while (end < sorted.Length && sorted[end] == sorted[start])
            {
                end++;
            }

            if (end - start > bestRun)
            {
                bestRun = end - start;
                best = sorted[start];
            }
        }

        return best;
    }

    private static double[] Sorted(double[] x, int width, int slot)
    {
        var values = new List<double>(x.Length / width);
        for (int i = slot; i < x.Length; i += width)
        {
            if (!double.IsNaN(x[i]))
            {
                values.Add(x[i]);
            }
        }

        values.Sort();
        return [.. values];
    }
}
