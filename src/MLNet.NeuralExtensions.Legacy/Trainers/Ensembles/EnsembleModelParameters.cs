using MLNet.NeuralExtensions.Engine.Onnx;
using MLNet.NeuralExtensions.Data;
using MLNet.NeuralExtensions.Onnx;
using MLNet.NeuralExtensions.Persistence;

namespace MLNet.NeuralExtensions.Trainers;

/// <summary>
/// A trained ensemble as the model of a prediction transformer: its members (fitted prediction transformers of the
/// task, each reading the ensemble's features or, after feature sampling, some of them), how their outputs combine
/// (<see cref="Combination"/>), and what training measured. Made by the <c>Bagging</c>, <c>Voting</c> and
/// <c>Stacking</c> trainers of the binary, multiclass and regression catalogs.
/// </summary>
public sealed class EnsembleModelParameters : IScoringModel
{
    internal const string LoaderSignature = "EnsembleModel";
    private const string MetaModelEntry = "MetaModel";
    private readonly EnsembleTask _task;
    private readonly IScoringTransformer[] _members;
    private readonly int[]?[] _featureIndices;
    private readonly float[] _weights;
    private readonly IScoringTransformer? _metaModel;
    private readonly int _inputSize;

    internal EnsembleModelParameters(EnsembleTask task, int inputSize, IScoringTransformer[] members, int[]?[] featureIndices, float[] weights,
        EnsembleCombination combination, IScoringTransformer? metaModel = null, bool passthrough = false, double? outOfBagScore = null)
    {
        _task = task;
        _inputSize = inputSize;
        _members = members;
        _featureIndices = featureIndices;
        _weights = weights;
        Combination = combination;
        _metaModel = metaModel;
        Passthrough = passthrough;
        OutOfBagScore = outOfBagScore;
        Check();
    }

    /// <summary>Gets how the members' outputs combine.</summary>
    public EnsembleCombination Combination { get; }

    /// <summary>Gets the fitted members, in order; cast one to its prediction transformer type (for example
    /// <c>BinaryPredictionTransformer&lt;NeuralNetworkModelParameters&gt;</c>) to reach its model.</summary>
    public IReadOnlyList<ISingleFeaturePredictionTransformer<object>> Members => [.. _members.Cast<ISingleFeaturePredictionTransformer<object>>()];

    /// <summary>Gets each member's weight in <see cref="EnsembleCombination.Average"/> and
    /// <see cref="EnsembleCombination.MajorityVote"/>, scaled to sum to 1.</summary>
    public IReadOnlyList<float> Weights => _weights;

    /// <summary>Gets the stacking meta-model, or <see langword="null"/> for the other combinations. It reads, in member
    /// order, each member's probability of the positive class (binary), probabilities of every class (multiclass) or
    /// prediction (regression), then the features when <see cref="Passthrough"/> is set.</summary>
    public ISingleFeaturePredictionTransformer<object>? MetaModel => (ISingleFeaturePredictionTransformer<object>?)_metaModel;

    /// <summary>Gets whether the meta-model also reads the features.</summary>
    public bool Passthrough { get; }

    /// <summary>Gets, for bagging with rows left out of some members, scikit-learn's out-of-bag score: the accuracy
    /// (classification) or R² (regression) of each row's mean prediction over the members that did not train on it,
    /// over the rows some member left out; otherwise <see langword="null"/>.</summary>
    public double? OutOfBagScore { get; }

    int IScoringModel.InputSize => _inputSize;

    int IScoringModel.OutputSize => (_metaModel ?? _members[0]).Scoring.OutputSize;

    /// <summary>Gets the features member <paramref name="member"/> reads, as indices into the ensemble's feature vector.</summary>
    /// <param name="member">An index into <see cref="Members"/>.</param>
    /// <returns>The indices, in the order the member reads them.</returns>
    public IReadOnlyList<int> GetFeatureIndices(int member)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(member);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(member, _members.Length);
        return _featureIndices[member] ?? [.. Enumerable.Range(0, _inputSize)];
    }

    float[] IScoringModel.Score(ReadOnlySpan<float> features, int rows)
    {
        if (_metaModel is not null)
        {
            return _metaModel.Scoring.Score(MetaFeatures(features, rows), rows);
        }

        int outputs = _members[0].Scoring.OutputSize;
        float[] combined = new float[rows * outputs];
        for (int m = 0; m < _members.Length; m++)
        {
            float[] contribution = MemberOutputs(m, features, rows);
            System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(contribution, _weights[m], combined, combined);
        }

        _task.FromAverage(combined, outputs);
        return combined;
    }

    string IScoringModel.ExportOnnx(OnnxGraph graph, string features)
    {
        string[] contributions = [.. Enumerable.Range(0, _members.Length).Select(m =>
        {
            string input = _featureIndices[m] is { } indices
                ? graph.Add("Gather", [features, graph.AddInt64s($"member{m}_feature_indices", [.. indices.Select(i => (long)i)])], $"member{m}_features", OnnxAttribute.Int("axis", 1))
                : features;
            string raw = _members[m].Scoring.ExportOnnx(graph, input);
            return Combination == EnsembleCombination.MajorityVote ? _task.ExportVotes(graph, raw, _members[m].Scoring.OutputSize) : _task.ExportProbabilities(graph, raw);
        })];
        if (_metaModel is not null)
        {
            string meta = graph.Add("Concat", Passthrough ? [.. contributions, features] : contributions, "stacking_features", OnnxAttribute.Int("axis", 1));
            return _metaModel.Scoring.ExportOnnx(graph, meta);
        }

        string[] weighted = [.. contributions.Select((c, m) => graph.Add("Mul", [c, graph.AddScalar($"member{m}_weight", _weights[m])], $"member{m}_weighted"))];
        return _task.ExportFromAverage(graph, weighted.Length == 1 ? weighted[0] : graph.Add("Sum", weighted, "ensemble_average"));
    }

    void ICanSaveModel.Save(ModelSaveContext ctx)
    {
        ctx.SetVersionInfo(LoaderSignature, 1, 1);
        BinaryWriter writer = ctx.Writer;
        writer.Write(_task.Code);
        writer.Write((byte)Combination);
        writer.Write(_inputSize);
        writer.Write(_members.Length);
        for (int m = 0; m < _members.Length; m++)
        {
            writer.Write(_weights[m]);
            writer.Write(_featureIndices[m]?.Length ?? -1);
            Array.ForEach(_featureIndices[m] ?? [], writer.Write);
            ctx.SaveModel(MemberEntry(m), _members[m]);
        }

        writer.Write(_metaModel is not null);
        if (_metaModel is not null)
        {
            ctx.SaveModel(MetaModelEntry, _metaModel);
        }

        writer.Write(Passthrough);
        writer.Write(OutOfBagScore ?? double.NaN);
    }

    internal static EnsembleModelParameters Load(ModelLoadContext ctx)
    {
        BinaryReader reader = ctx.Reader;
        EnsembleTask task = EnsembleTask.FromCode(reader.ReadByte());
        var combination = (EnsembleCombination)reader.ReadByte();
        int inputSize = reader.ReadInt32();
        int count = reader.ReadInt32();
        if (!Enum.IsDefined(combination) || inputSize is < 1 or > 1 << 24 || count is < 1 or > 1 << 16)
        {
            throw ctx.Error($"An ensemble combining by {(byte)combination} {count} members over {inputSize} features is not valid.");
        }

        var members = new IScoringTransformer[count];
        var indices = new int[]?[count];
        float[] weights = new float[count];
        for (int m = 0; m < count; m++)
        {
            weights[m] = reader.ReadSingle();
            int selected = reader.ReadInt32();
            ctx.CheckCount(Math.Max(selected, 0), "feature indices");
            indices[m] = selected == -1 ? null : [.. Enumerable.Range(0, selected).Select(_ => reader.ReadInt32())];
            members[m] = LoadMember(ctx, task, MemberEntry(m));
        }

        IScoringTransformer? meta = reader.ReadBoolean() ? LoadMember(ctx, task, MetaModelEntry) : null;
        bool passthrough = reader.ReadBoolean();
        double oob = reader.ReadDouble();
        try
        {
            return new EnsembleModelParameters(task, inputSize, members, indices, weights, combination, meta, passthrough, double.IsNaN(oob) ? null : oob);
        }
        catch (ArgumentException ex)
        {
            throw ctx.Error(ex.Message);
        }
    }

    /// <summary>The probabilities (or predictions) of member <paramref name="member"/>, or its votes when the ensemble votes.</summary>
    internal float[] MemberOutputs(int member, ReadOnlySpan<float> features, int rows)
    {
        IScoringModel scoring = _members[member].Scoring;
        float[] raw = scoring.Score(_featureIndices[member] is { } indices ? Gather(features, rows, _inputSize, indices) : features, rows);
        if (Combination == EnsembleCombination.MajorityVote)
        {
            _task.ToVotes(raw, scoring.OutputSize);
        }
        else
        {
            _task.ToProbabilities(raw, scoring.OutputSize);
        }

        return raw;
    }

    /// <summary>The columns <paramref name="indices"/> of <paramref name="rows"/> rows of <paramref name="width"/> values.</summary>
    internal static float[] Gather(ReadOnlySpan<float> values, int rows, int width, int[] indices)
    {
        float[] gathered = new float[rows * indices.Length];
        for (int r = 0; r < rows; r++)
        {
            ReadOnlySpan<float> row = values.Slice(r * width, width);
            Span<float> target = gathered.AsSpan(r * indices.Length, indices.Length);
            for (int j = 0; j < indices.Length; j++)
            {
                target[j] = row[indices[j]];
            }
        }

        return gathered;
    }

    private static string MemberEntry(int member) => $"Member_{member:000}";

    private static IScoringTransformer LoadMember(ModelLoadContext ctx, EnsembleTask task, string entry)
    {
        ITransformer member = ctx.LoadModel<ITransformer>(entry);
        return task.IsMember(member) ? (IScoringTransformer)member : throw ctx.Error($"sub-entry '{entry}' holds a {member.GetType().Name}, not a {task.Name} prediction transformer.");
    }

    /// <summary>The stacking meta-model's input: each member's probabilities (or predictions), then the features when passed through.</summary>
    private float[] MetaFeatures(ReadOnlySpan<float> features, int rows)
    {
        int width = _metaModel!.Scoring.InputSize;
        float[] meta = new float[rows * width];
        int offset = 0;
        for (int m = 0; m < _members.Length; m++)
        {
            int outputs = _members[m].Scoring.OutputSize;
            float[] probabilities = MemberOutputs(m, features, rows);
            for (int r = 0; r < rows; r++)
            {
                probabilities.AsSpan(r * outputs, outputs).CopyTo(meta.AsSpan((r * width) + offset));
            }

            offset += outputs;
        }

        for (int r = 0; Passthrough && r < rows; r++)
        {
            features.Slice(r * _inputSize, _inputSize).CopyTo(meta.AsSpan((r * width) + offset));
        }

        return meta;
    }

    private void Check()
    {
        int outputs = _members[0].Scoring.OutputSize;
        for (int m = 0; m < _members.Length; m++)
        {
            int reads = _featureIndices[m]?.Length ?? _inputSize;
            if (_members[m].Scoring.OutputSize != outputs || _members[m].Scoring.InputSize != reads || _featureIndices[m]?.Any(i => i < 0 || i >= _inputSize) == true)
            {
                throw new ArgumentException($"Member {m} reads {_members[m].Scoring.InputSize} features and gives {_members[m].Scoring.OutputSize} outputs; the ensemble gives it {reads} of its {_inputSize} features and expects {outputs} outputs.");
            }
        }

        if (_weights.Length != _members.Length || _weights.Any(w => !(w >= 0) || !float.IsFinite(w)))
        {
            throw new ArgumentException($"The ensemble needs one finite weight ≥ 0 per member ({_members.Length}); got [{string.Join(", ", _weights)}].");
        }

        int metaInputs = (outputs * _members.Length) + (Passthrough ? _inputSize : 0);
        if (Combination == EnsembleCombination.Stacking && _metaModel?.Scoring.InputSize != metaInputs)
        {
            throw new ArgumentException($"Stacking needs a meta-model reading {metaInputs} values (the members' outputs{(Passthrough ? " and the features" : string.Empty)}).");
        }

        if (Combination != EnsembleCombination.Stacking && _metaModel is not null)
        {
            throw new ArgumentException($"Only stacking has a meta-model, not {Combination}.");
        }
    }
}
