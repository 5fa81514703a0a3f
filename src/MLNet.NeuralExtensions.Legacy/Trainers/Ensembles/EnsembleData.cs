using MLNet.NeuralExtensions.Data;
using MLNet.NeuralExtensions.DataView;
using MLNet.NeuralExtensions.Evaluation;
using MLNet.NeuralExtensions.Transforms;

namespace MLNet.NeuralExtensions.Trainers;

/// <summary>An ensemble's training data, read once into memory: the features and targets its own work needs, views of
/// chosen rows and features for training members, and the check that a fitted member suits the ensemble.</summary>
internal sealed class EnsembleData
{
    private readonly InMemoryDataView _table;
    private readonly int _featureColumn;

    public EnsembleData(MLContext context, EnsembleTask task, IDataView input, EnsembleOptions options)
    {
        Task = task;
        FeatureColumnName = options.FeatureColumnName;
        Seed = options.Seed ?? context.NextSeed();
        DataViewSchema.Column features = EvaluationColumns.RequireFloatVector(input.Schema, options.FeatureColumnName, "feature");
        DataViewSchema.Column label = task.RequireLabel(input.Schema, options.LabelColumnName);
        _table = InMemoryDataView.Materialize(input);
        _featureColumn = features.Index;
        Width = ((VectorDataViewType)features.Type).Size;
        Features = VectorRows.ReadFinite(_table, _table.Schema[features.Index], "an ensemble");
        Targets = [.. EvaluationColumns.ReadScalars(_table, _table.Schema[label.Index])[0].Select((v, r) => task.Target(label, v, r))];
        if (Targets.Length == 0)
        {
            throw new InvalidDataException("The training data has no rows; an ensemble needs at least one.");
        }
    }

    public EnsembleTask Task { get; }

    public string FeatureColumnName { get; }

    public int Seed { get; }

    /// <summary>The features, row after row.</summary>
    public float[] Features { get; }

    /// <summary>The number of features per row.</summary>
    public int Width { get; }

    /// <summary>Each row's class from 0 (classification) or value (regression).</summary>
    public double[] Targets { get; }

    public int Rows => Targets.Length;

    /// <summary>All the rows as they were read.</summary>
    public IDataView All => _table;

    /// <summary>The rows <paramref name="rows"/> (repeats allowed) with only the features <paramref name="indices"/>, or all.</summary>
    public IDataView View(int[] rows, int[]? indices = null) =>
        _table.Derive(rows, _featureColumn, FeaturesOf(rows, indices), indices?.Length ?? Width);

    /// <summary>All the rows with <paramref name="values"/> (<paramref name="width"/> per row) as the feature column.</summary>
    public IDataView WithFeatures(float[] values, int width) => _table.Derive([.. Enumerable.Range(0, Rows)], _featureColumn, values, width);

    /// <summary>The features of <paramref name="rows"/>, only <paramref name="indices"/> of them when given.</summary>
    public float[] FeaturesOf(int[] rows, int[]? indices = null)
    {
        float[] selected = GatherRows(rows);
        return indices is null ? selected : EnsembleModelParameters.Gather(selected, rows.Length, Width, indices);
    }

    /// <summary>Fits <paramref name="estimator"/> and checks that it made a prediction transformer of the task reading the ensemble's features.</summary>
    /// <param name="estimator">A member or the meta-learner.</param>
    /// <param name="data">Its training data.</param>
    /// <param name="role">What it is, for messages ("member 2").</param>
    public IScoringTransformer Fit(IEstimator<ITransformer> estimator, IDataView data, string role)
    {
        ITransformer fitted = estimator.Fit(data);
        if (!Task.IsMember(fitted))
        {
            throw new ArgumentException($"The {role} made a {fitted.GetType().Name}; a {Task.Name} ensemble holds {Task.Name} prediction transformers over one feature column, such as the Mlp, Cnn and Lstm trainers and the ensemble trainers make.");
        }

        var member = (IScoringTransformer)fitted;
        if (member.FeatureColumnName != FeatureColumnName)
        {
            throw new ArgumentException($"The {role} reads features from '{member.FeatureColumnName}', but the ensemble's FeatureColumnName is '{FeatureColumnName}'; every member and the meta-learner must read the ensemble's feature column.");
        }

        return member;
    }

    private float[] GatherRows(int[] rows)
    {
        float[] selected = new float[rows.Length * Width];
        for (int i = 0; i < rows.Length; i++)
        {
            Features.AsSpan(rows[i] * Width, Width).CopyTo(selected.AsSpan(i * Width, Width));
        }

        return selected;
    }
}
