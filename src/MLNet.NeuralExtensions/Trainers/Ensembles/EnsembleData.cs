using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using MLNet.NeuralExtensions.Data;

namespace MLNet.NeuralExtensions.Trainers;

/// <summary>
/// An ensemble's training data: cached once (ML.NET's <c>CacheDataView</c>, which members re-read and the samples seek
/// into), the label read as each row's target, the features read into memory (densely) when the ensemble scores members
/// itself (out-of-fold and out-of-bag predictions, calibration), and views of chosen rows and feature slots to train
/// members on.
/// </summary>
internal sealed class EnsembleData
{
    private readonly IRowSeekable _cache;
    private readonly int _featureColumn;
    private readonly Lazy<float[]> _features;

    /// <summary>Reads the label of <paramref name="training"/> and caches it.</summary>
    /// <exception cref="InvalidDataException">The data has no rows, or a label is missing; the message names the row.</exception>
    public EnsembleData(IHostEnvironment env, EnsembleTask task, RoleMappedData training)
    {
        IDataView data = training.Data;
        _cache = data as IRowSeekable ?? new CacheDataView(env, data, prefetch: null);
        All = (IDataView)_cache;
        DataViewSchema.Column features = All.Schema[training.Schema.Feature!.Value.Name];
        Label = All.Schema[training.Schema.Label!.Value.Name];
        _featureColumn = features.Index;
        Width = ((VectorDataViewType)features.Type).Size;
        Task = task;
        ClassCount = task.ClassCount(Label);
        Targets = [.. ColumnReader.ReadScalars(All, Label).Select((v, r) => task.Target(Label, v, r))];
        if (Targets.Length == 0)
        {
            throw new InvalidDataException("The training data has no rows; an ensemble needs at least one.");
        }

        _features = new(() => ColumnReader.ReadSingleVectors(All, features, out _));
    }

    /// <summary>The task.</summary>
    public EnsembleTask Task { get; }

    /// <summary>All the rows, cached.</summary>
    public IDataView All { get; }

    /// <summary>The label column.</summary>
    public DataViewSchema.Column Label { get; }

    /// <summary>The size of the feature vector.</summary>
    public int Width { get; }

    /// <summary>The label's classes (2 for binary), or 0 for regression.</summary>
    public int ClassCount { get; }

    /// <summary>Each row's class from 0 (classification) or value (regression).</summary>
    public double[] Targets { get; }

    /// <summary>The number of rows.</summary>
    public int Rows => Targets.Length;

    /// <summary>The features, row after row, read on first use.</summary>
    public float[] Features => _features.Value;

    /// <summary>The rows <paramref name="rows"/> (repeats allowed), reading only the feature slots
    /// <paramref name="slots"/> when given.</summary>
    public IDataView Sample(int[] rows, int[]? slots = null) => slots is null
        ? new EnsembleSample(_cache, rows, _featureColumn)
        : new EnsembleSample(_cache, rows, _featureColumn, Gather(FeaturesOf(rows), rows.Length, Width, slots), slots.Length);

    /// <summary>All the rows with <paramref name="values"/> (<paramref name="width"/> per row) in the feature column.</summary>
    public IDataView WithFeatures(float[] values, int width) => new EnsembleSample(_cache, [.. Enumerable.Range(0, Rows)], _featureColumn, values, width);

    /// <summary>The features of <paramref name="rows"/>, row after row.</summary>
    public float[] FeaturesOf(int[] rows)
    {
        float[] all = Features;
        float[] selected = new float[rows.Length * Width];
        for (int i = 0; i < rows.Length; i++)
        {
            all.AsSpan(rows[i] * Width, Width).CopyTo(selected.AsSpan(i * Width, Width));
        }

        return selected;
    }

    /// <summary>The slots <paramref name="slots"/> of <paramref name="rows"/> rows of <paramref name="width"/> values.</summary>
    private static float[] Gather(float[] values, int rows, int width, int[] slots)
    {
        float[] gathered = new float[rows * slots.Length];
        for (int r = 0; r < rows; r++)
        {
            for (int j = 0; j < slots.Length; j++)
            {
                gathered[(r * slots.Length) + j] = values[(r * width) + slots[j]];
            }
        }

        return gathered;
    }
}
