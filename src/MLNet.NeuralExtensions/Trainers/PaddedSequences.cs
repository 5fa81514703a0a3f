using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.NeuralExtensions.Data;

namespace MLNet.NeuralExtensions.Trainers;

/// <summary>A varying-size feature column read as sequences padded to one length, with each row's length in steps.</summary>
internal sealed class PaddedSequences
{
    private PaddedSequences(float[] features, int[] lengths, int steps)
    {
        Features = features;
        Lengths = lengths;
        Steps = steps;
    }

    /// <summary>Every row padded with zeros to <see cref="Steps"/> steps, row after row.</summary>
    public float[] Features { get; }

    /// <summary>Each row's steps.</summary>
    public int[] Lengths { get; }

    /// <summary>The steps every row is padded to.</summary>
    public int Steps { get; }

    /// <summary>Reads every row of <paramref name="column"/> as one sequence of whole steps of
    /// <paramref name="valuesPerStep"/> values, padded to <paramref name="maximumSteps"/> (or the longest row).</summary>
    /// <exception cref="InvalidDataException">A row is empty, not whole steps, longer than the maximum or not finite; the
    /// message names the column and row.</exception>
    public static PaddedSequences Read(IDataView data, DataViewSchema.Column column, int valuesPerStep, int? maximumSteps)
    {
        var rows = new List<float[]>();
        using (DataViewRowCursor cursor = data.GetRowCursor([column]))
        {
            ValueGetter<VBuffer<float>> getter = cursor.GetGetter<VBuffer<float>>(column);
            VBuffer<float> row = default;
            while (cursor.MoveNext())
            {
                getter(ref row);
                float[] values = new float[row.Length];
                row.CopyTo(values);
                StepsOf(values, column.Name, rows.Count, valuesPerStep, maximumSteps);
                rows.Add(values);
            }
        }

        int steps = maximumSteps ?? (rows.Count == 0 ? 1 : rows.Max(r => r.Length) / valuesPerStep);
        var features = new float[checked(rows.Count * steps * valuesPerStep)];
        var lengths = new int[rows.Count];
        for (int i = 0; i < rows.Count; i++)
        {
            rows[i].CopyTo(features.AsSpan(i * steps * valuesPerStep));
            lengths[i] = rows[i].Length / valuesPerStep;
        }

        return new PaddedSequences(features, lengths, steps);
    }

    /// <summary>The steps of one row's sequence.</summary>
    /// <exception cref="InvalidDataException">The row is empty, not whole steps, longer than
    /// <paramref name="maximumSteps"/> or not finite; the message names the column and row.</exception>
    public static int StepsOf(ReadOnlySpan<float> row, string column, long rowIndex, int valuesPerStep, int? maximumSteps)
    {
        if (row.Length == 0 || row.Length % valuesPerStep != 0)
        {
            throw new InvalidDataException($"Feature column '{column}', row {rowIndex}: the sequence holds {row.Length} values, which is not a whole number (at least 1) of steps of {valuesPerStep} values (FeaturesPerStep).");
        }

        int steps = row.Length / valuesPerStep;
        if (steps > maximumSteps)
        {
            throw new InvalidDataException($"Feature column '{column}', row {rowIndex}: the sequence has {steps} steps; the network takes at most {maximumSteps} (LstmOptions.MaximumSequenceLength, or the longest training sequence when it is not set).");
        }

        ColumnReader.RequireFinite(row, row.Length, column, "a network", rowIndex);
        return steps;
    }
}
