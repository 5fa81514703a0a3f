using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;

namespace MLNet.NeuralExtensions.Trainers;

/// <summary>Fits an ensemble's members and meta-learner on views of its data, checks that each made a prediction
/// transformer of the task over the ensemble's feature column, decides what each contributes (calibrating a binary member
/// that gives no probability where one is needed) and scores members on rows of the data.</summary>
internal sealed class EnsembleFitter
{
    private readonly IHost _host;
    private readonly IChannel _channel;
    private readonly string _featureColumn;

    public EnsembleFitter(IHost host, IChannel channel, EnsembleData data, string featureColumn, int seed)
    {
        _host = host;
        _channel = channel;
        Data = data;
        _featureColumn = featureColumn;
        Seed = seed;
    }

    /// <summary>The training data.</summary>
    public EnsembleData Data { get; }

    /// <summary>The seed of the ensemble's own randomness.</summary>
    public int Seed { get; }

    /// <summary>The environment members and calibrations are made in.</summary>
    public IHostEnvironment Environment => _host;

    /// <summary>The task.</summary>
    public EnsembleTask Task => Data.Task;

    /// <summary>Fits <paramref name="estimator"/> on <paramref name="view"/> and checks what it made.</summary>
    /// <param name="estimator">A member, a fold's copy of one, or the meta-learner.</param>
    /// <param name="view">Its training rows.</param>
    /// <param name="role">What it is, for messages ("member 2 (fold 3 of 5)").</param>
    /// <param name="scoreSize">The Score size it must give: 1, the number of classes.</param>
    /// <exception cref="ArgumentException">It made no prediction transformer of the task, or one reading another feature column.</exception>
    public ISingleFeaturePredictionTransformer<object> Fit(IEstimator<ISingleFeaturePredictionTransformer<object>> estimator, IDataView view, string role, int scoreSize)
    {
        _host.CheckAlive();
        _channel.Info($"Training {role} ({estimator.GetType().Name}) on {view.GetRowCount()} rows.");
        ISingleFeaturePredictionTransformer<object> fitted = estimator.Fit(view);
        string made = $"{EstimatorInspection.Capitalized(role)} ({estimator.GetType().Name}) made a {EstimatorInspection.TypeName(fitted.GetType())} over {fitted.Model.GetType().Name}";
        if (fitted.Model is not IPredictor predictor || predictor.PredictionKind != Task.Kind || fitted.Model is not IValueMapper mapper)
        {
            throw new ArgumentException($"{made}; a {Task.Name} ensemble holds {Task.Name} models that map the features to their Score (ML.NET's, ours and ensembles).");
        }

        if (fitted.FeatureColumnName != _featureColumn)
        {
            throw new ArgumentException($"{made} reading features from '{fitted.FeatureColumnName}', but the ensemble's FeatureColumnName is '{_featureColumn}'; every member and the meta-learner read the ensemble's columns.");
        }

        int size = mapper.OutputType is VectorDataViewType vector ? vector.Size : 1;
        if (size != scoreSize)
        {
            throw new ArgumentException($"{made} giving {size} scores; the ensemble's label '{Data.Label.Name}' needs {scoreSize}.");
        }

        return fitted;
    }

    /// <summary>The member <paramref name="fitted"/> contributing to <paramref name="combination"/>: calibrated first when
    /// it is a binary model without a probability that the combination averages.</summary>
    /// <param name="fitted">The fitted member.</param>
    /// <param name="view">The rows it trained on.</param>
    /// <param name="rows">Their rows in the data.</param>
    /// <param name="slots">The feature slots it reads, or null for all.</param>
    /// <param name="combination">The ensemble's combination.</param>
    public EnsembleMember Member(ISingleFeaturePredictionTransformer<object> fitted, IDataView view, int[] rows, int[]? slots, EnsembleCombination combination)
    {
        if (Task.NeedsCalibration(combination, fitted.Model))
        {
            fitted = Calibrated(fitted, view, Data.Features, Data.Width, rows, slots);
        }

        return new EnsembleMember(fitted, slots, Task.OutputFor(combination, fitted.Model, () => Contributions(new EnsembleMember(fitted, slots, MemberOutput.Score), rows)));
    }

    /// <summary><paramref name="fitted"/>, a binary model without a probability, calibrated by Platt on its scores of the
    /// rows it trained on.</summary>
    /// <param name="fitted">The fitted model.</param>
    /// <param name="view">The rows it trained on.</param>
    /// <param name="table">The features its training rows index into, <paramref name="width"/> per row.</param>
    /// <param name="width">The size of a row of <paramref name="table"/>.</param>
    /// <param name="rows">Its training rows.</param>
    /// <param name="slots">The slots of a row it reads, or null for all.</param>
    public ISingleFeaturePredictionTransformer<object> Calibrated(ISingleFeaturePredictionTransformer<object> fitted, IDataView view, float[] table, int width, int[] rows, int[]? slots)
    {
        _channel.Info($"Calibrating {fitted.Model.GetType().Name}, which gives no probability, by Platt on its scores of its {rows.Length} training rows.");
        float[] scores = Contributions(new EnsembleMember(fitted, slots, MemberOutput.Score), table, width, rows);
        return MemberCalibration.Calibrate(_host, _channel, fitted, view.Schema, scores, i => Data.Targets[rows[i]] > 0);
    }

    /// <summary>What <paramref name="member"/> contributes for each of <paramref name="rows"/> of the data, row after row.</summary>
    public float[] Contributions(EnsembleMember member, int[] rows) => Contributions(member, Data.Features, Data.Width, rows);

    // What the member contributes for rows of a feature table.
    private static float[] Contributions(EnsembleMember member, float[] table, int width, int[] rows)
    {
        int outputs = member.OutputSize;
        float[] contributions = new float[rows.Length * outputs];
        float[] features = new float[width];
        EnsembleMember.Row row = member.CreateRow();
        for (int i = 0; i < rows.Length; i++)
        {
            table.AsSpan(rows[i] * width, width).CopyTo(features);
            row.Score(features, contributions.AsSpan(i * outputs, outputs));
        }

        return contributions;
    }
}
