using MLNet.NeuralExtensions.Data;
using MLNet.NeuralExtensions.Transforms;

namespace MLNet.NeuralExtensions.Trainers;

/// <summary>
/// Rows of a variable-size Single vector column read as sequences of steps of a fixed number of values, padded with
/// zeros to a common number of steps, with each row's length in steps: what a recurrent network takes for sequences of
/// varying length.
/// </summary>
internal sealed class PaddedSequences
{
    private PaddedSequences(float[] features, int[] lengths, int steps, int featuresPerStep)
    {
        Features = features;
        Lengths = lengths;
        RowSize = steps * featuresPerStep;
    }

    /// <summary>The rows, each padded to the same steps: rows × <see cref="RowSize"/>.</summary>
    public float[] Features { get; }

    /// <summary>The number of steps of each row before padding.</summary>
    public int[] Lengths { get; }

    /// <summary>The values of a padded row: the steps every row is padded to × the values per step.</summary>
    public int RowSize { get; }

    /// <summary>Reads every row of <paramref name="column"/> and pads them to <paramref name="maximumSteps"/> steps, or
    /// to the longest row's when null.</summary>
    /// <exception cref="InvalidDataException">A row is empty, not a whole number of steps, longer than
    /// <paramref name="maximumSteps"/> or not finite; the message names the column and row.</exception>
    public static PaddedSequences Read(IDataView data, DataViewSchema.Column column, int featuresPerStep, int? maximumSteps)
    {
        var values = new float[1024];
        var lengths = new List<int>();
        int count = 0, longest = 0;
        using DataViewBatchCursor cursor = data.GetBatchCursor([column]);
        while (cursor.MoveNext())
        {
            ColumnBuffer<float> rows = cursor.Batch.GetColumn<float>(column);
            for (int r = 0; r < rows.RowCount; r++)
            {
                ReadOnlySpan<float> row = rows.GetRow(r);
                int steps = StepsOf(row, column.Name, cursor.Batch.Position + r, featuresPerStep, maximumSteps);
                if (count + row.Length > values.Length)
                {
                    Array.Resize(ref values, Math.Max(values.Length * 2, count + row.Length));
                }

                row.CopyTo(values.AsSpan(count));
                count += row.Length;
                lengths.Add(steps);
                longest = Math.Max(longest, steps);
            }
        }

        int padded = maximumSteps ?? longest;
        var features = new float[checked(lengths.Count * padded * featuresPerStep)];
        int read = 0;
        for (int i = 0; i < lengths.Count; i++)
        {
            int length = lengths[i] * featuresPerStep;
            values.AsSpan(read, length).CopyTo(features.AsSpan(i * padded * featuresPerStep));
            read += length;
        }

        return new PaddedSequences(features, [.. lengths], padded, featuresPerStep);
    }

    /// <summary>Pads the rows of one batch to <paramref name="steps"/> steps; <paramref name="firstRow"/> is the
    /// batch's first row, for messages.</summary>
    /// <exception cref="InvalidDataException">See <see cref="Read"/>.</exception>
    public static PaddedSequences FromBatch(ColumnBuffer<float> rows, string column, long firstRow, int featuresPerStep, int steps)
    {
        var features = new float[checked(rows.RowCount * steps * featuresPerStep)];
        var lengths = new int[rows.RowCount];
        for (int r = 0; r < rows.RowCount; r++)
        {
            ReadOnlySpan<float> row = rows.GetRow(r);
            lengths[r] = StepsOf(row, column, firstRow + r, featuresPerStep, steps);
            row.CopyTo(features.AsSpan(r * steps * featuresPerStep));
        }

        return new PaddedSequences(features, lengths, steps, featuresPerStep);
    }

    private static int StepsOf(ReadOnlySpan<float> row, string column, long rowIndex, int featuresPerStep, int? maximumSteps)
    {
        if (row.Length == 0 || row.Length % featuresPerStep != 0)
        {
            throw new InvalidDataException($"Feature column '{column}', row {rowIndex}: the sequence holds {row.Length} values, which is not a whole number (at least 1) of steps of {featuresPerStep} values (FeaturesPerStep).");
        }

        int steps = row.Length / featuresPerStep;
        if (steps > maximumSteps)
        {
            throw new InvalidDataException($"Feature column '{column}', row {rowIndex}: the sequence has {steps} steps; the network takes at most {maximumSteps} (LstmOptions.MaximumSequenceLength, or the longest training sequence when it is not set).");
        }

        VectorRows.RequireFinite(row, row.Length, column, rowIndex, "a network");
        return steps;
    }
}
