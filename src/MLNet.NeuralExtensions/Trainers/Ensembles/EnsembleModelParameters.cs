using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Model.OnnxConverter;
using Microsoft.ML.Runtime;
using Microsoft.ML.Trainers;

namespace MLNet.NeuralExtensions.Trainers;

/// <summary>
/// A trained ensemble as the model of one of ML.NET's prediction transformers: its members (fitted prediction
/// transformers of the task, ML.NET's, ours or ensembles, each reading the ensemble's features or a bagging sample of
/// them), how their outputs combine (<see cref="Combination"/>), and what training measured. The task's outputs are the
/// derived model's: <see cref="EnsembleBinaryModelParameters"/>, <see cref="EnsembleMulticlassModelParameters"/>,
/// <see cref="EnsembleRegressionModelParameters"/>.
/// </summary>
/// <remarks>ML.NET scores a prediction transformer row by row through the model's value mapper; the ensemble's holds one
/// value mapper of each member (and of the meta-model) per cursor and combines them per row. The members are saved inside
/// the ensemble's model as ML.NET's sub-models ("Member_000", "Member_001"…, "MetaModel"), each by its own loader, so a
/// saved ensemble of ML.NET's trainers and ours loads with <c>ml.Model.Load</c> alone. <c>ConvertToOnnx</c> exports the
/// ensemble as one graph when every member exports.</remarks>
public abstract class EnsembleModelParameters : ModelParametersBase<float>, IValueMapper, ISingleCanSaveOnnx, IDisposable
{
    private const string MetaModelEntry = "MetaModel";
    private readonly EnsembleMember[] _members;
    private readonly float[] _weights;

    private protected EnsembleModelParameters(IHostEnvironment env, string name, EnsembleParts parts)
        : base(env, name)
    {
        Combination = parts.Combination;
        FeatureCount = parts.FeatureCount;
        _members = parts.Members;
        _weights = parts.Weights;
        MetaModel = parts.MetaModel;
        Passthrough = parts.Passthrough;
        OutOfBagScore = parts.OutOfBagScore;
        string? error = Problem();
        if (error is not null)
        {
            throw new ArgumentException(error);
        }
    }

    private protected EnsembleModelParameters(IHostEnvironment env, string name, ModelLoadContext ctx)
        : base(env, name, ctx)
    {
        // *** Binary format ***
        // <base>
        // byte: combination; int: feature count; int: member count
        // per member: float weight; byte: what it contributes; int: slot count (-1: all), then the slots;
        //             its prediction transformer, in sub-model "Member_NNN"
        // bool: has a meta-model (sub-model "MetaModel"); bool: passthrough; double: out-of-bag score (NaN: none)
        BinaryReader reader = ctx.Reader;
        Combination = (EnsembleCombination)reader.ReadByte();
        FeatureCount = reader.ReadInt32();
        int count = reader.ReadInt32();
        if (!Enum.IsDefined(Combination) || FeatureCount is < 1 or > 1 << 28 || count is < 1 or > 1 << 16)
        {
            throw Corrupt(ctx, $"the ensemble combines {count} members of {FeatureCount} features by {(byte)Combination}");
        }

        _members = new EnsembleMember[count];
        _weights = new float[count];
        for (int m = 0; m < count; m++)
        {
            _weights[m] = reader.ReadSingle();
            var output = (MemberOutput)reader.ReadByte();
            int slots = reader.ReadInt32();
            if (!Enum.IsDefined(output) || slots is < -1 or > 1 << 28)
            {
                throw Corrupt(ctx, $"member {m} contributes {(byte)output} from {slots} slots");
            }

            int[]? indices = slots < 0 ? null : [.. Enumerable.Range(0, slots).Select(_ => reader.ReadInt32())];
            string entry = MemberEntry(m);
            try
            {
                _members[m] = new EnsembleMember(LoadTransformer(env, ctx, entry), indices, output);
            }
            catch (ArgumentException e)
            {
                throw Corrupt(ctx, $"sub-model '{entry}': {e.Message}");
            }
        }

        MetaModel = reader.ReadBoolean() ? LoadTransformer(env, ctx, MetaModelEntry) : null;
        Passthrough = reader.ReadBoolean();
        double oob = reader.ReadDouble();
        OutOfBagScore = double.IsNaN(oob) ? null : oob;
        if (Problem() is { } error)
        {
            throw Corrupt(ctx, error);
        }
    }

    /// <summary>Gets how the members' outputs combine.</summary>
    public EnsembleCombination Combination { get; }

    /// <summary>Gets the size of the feature vector the ensemble reads.</summary>
    public int FeatureCount { get; }

    /// <summary>Gets the fitted members, in order. A member's <c>Model</c> is its trainer's model parameters (for example
    /// ML.NET's calibrated FastTree model, or <see cref="NeuralNetworkBinaryModelParameters"/>); a binary member that gave
    /// no probability and was calibrated for averaging is ML.NET's calibrated model over its own. A member reading all the
    /// features transforms data on its own; one reading a bagging sample of them (<see cref="GetFeatureIndices"/>) scores
    /// through the ensemble only.</summary>
    public IReadOnlyList<ISingleFeaturePredictionTransformer<object>> Members => [.. _members.Select(m => m.Transformer)];

    /// <summary>Gets each member's weight in <see cref="EnsembleCombination.Average"/> and
    /// <see cref="EnsembleCombination.MajorityVote"/>, scaled to sum to 1 (equal in stacking, which does not use them).</summary>
    public IReadOnlyList<float> Weights => _weights;

    /// <summary>Gets the stacking meta-model, or <see langword="null"/> for the other combinations. It reads, in member
    /// order, each member's probability of the positive class (its Score when it gives none; binary), its Score vector
    /// (multiclass) or its prediction (regression), then the features when <see cref="Passthrough"/> is set.</summary>
    public ISingleFeaturePredictionTransformer<object>? MetaModel { get; }

    /// <summary>Gets whether the meta-model also reads the features.</summary>
    public bool Passthrough { get; }

    /// <summary>Gets bagging's out-of-bag score, as scikit-learn's <c>oob_score_</c>: the accuracy (classification) or R²
    /// (regression) of each training row's mean probability (or prediction) over the members that did not train on it,
    /// over the rows some member left out; <see langword="null"/> when no member left a row out, and for voting and
    /// stacking.</summary>
    public double? OutOfBagScore { get; }

    DataViewType IValueMapper.InputType => new VectorDataViewType(NumberDataViewType.Single, FeatureCount);

    DataViewType IValueMapper.OutputType => OutputType;

    /// <summary>The members as the ensemble holds them.</summary>
    internal IReadOnlyList<EnsembleMember> EnsembleMembers => _members;

    /// <summary>What each member contributes.</summary>
    internal IEnumerable<MemberOutput> MemberOutputs => _members.Select(m => m.Output);

    /// <summary>The type of the Score column.</summary>
    private protected abstract DataViewType OutputType { get; }

    /// <summary>Gets the slots of the ensemble's feature vector that member <paramref name="member"/> reads, in the order it
    /// reads them: all of them, unless bagging sampled the features.</summary>
    /// <param name="member">An index into <see cref="Members"/>.</param>
    /// <returns>The slots.</returns>
    public IReadOnlyList<int> GetFeatureIndices(int member)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(member);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(member, _members.Length);
        return _members[member].FeatureIndices ?? [.. Enumerable.Range(0, FeatureCount)];
    }

    /// <summary>Releases the members' resources (ONNX Runtime sessions of our networks, among others).</summary>
    public void Dispose()
    {
        foreach (EnsembleMember member in _members)
        {
            (member.Transformer as IDisposable)?.Dispose();
        }

        (MetaModel as IDisposable)?.Dispose();
        GC.SuppressFinalize(this);
    }

    ValueMapper<TSrc, TDst> IValueMapper.GetMapper<TSrc, TDst>()
    {
        Host.Check(typeof(TSrc) == typeof(VBuffer<float>), "The ensemble reads a vector of Single.");
        Host.Check(typeof(TDst) == OutputType.RawType, $"The ensemble's score is {OutputType}.");
        return (ValueMapper<TSrc, TDst>)CreateMapper();
    }

    /// <summary>The task's value mapper: a <c>ValueMapper&lt;VBuffer&lt;float&gt;, T&gt;</c> for the Score column's raw type.</summary>
    private protected abstract Delegate CreateMapper();

    /// <summary>A combiner of the members for one cursor.</summary>
    private protected EnsembleRowCombiner CreateCombiner() => new(this);

    bool ICanSaveOnnx.CanSaveOnnx(OnnxContext ctx) =>
        _members.All(m => PredictorOnnx.CanSave(m.Transformer.Model, ctx)) && (MetaModel is null || PredictorOnnx.CanSave(MetaModel.Model, ctx));

    bool ISingleCanSaveOnnx.SaveAsOnnx(OnnxContext ctx, string[] outputNames, string featureColumn)
    {
        Host.CheckValue(ctx, nameof(ctx));
        ctx.CheckOpSetVersion(11, nameof(EnsembleModelParameters));
        string[] contributions = [.. _members.Select((m, i) => m.SaveAsOnnx(ctx, featureColumn, MemberEntry(i)))];
        int size = _members[0].OutputSize;
        if (MetaModel is not null)
        {
            int width = _members.Sum(m => m.OutputSize) + (Passthrough ? FeatureCount : 0);
            string metaFeatures = ctx.AddIntermediateVariable(PredictorOnnx.Floats(width), "StackingFeatures");
            ctx.CreateNode("Concat", Passthrough ? [.. contributions, featureColumn] : contributions, [metaFeatures], ctx.GetNodeName("Concat"), "").AddAttribute("axis", 1L);
            var (score, probability) = PredictorOnnx.Emit(ctx, MetaModel.Model, metaFeatures, MetaModelEntry, _members[0].ScoreSize);
            SaveOutputsAsOnnx(ctx, outputNames, score, probability);
            return true;
        }

        string[] weighted = [.. contributions.Select((c, m) =>
        {
            string product = ctx.AddIntermediateVariable(PredictorOnnx.Floats(size), $"{MemberEntry(m)}_Weighted");
            ctx.CreateNode("Mul", [c, ctx.AddInitializer(_weights[m], $"{MemberEntry(m)}_Weight")], [product], ctx.GetNodeName("Mul"), "");
            return product;
        })];
        string combined = ctx.AddIntermediateVariable(PredictorOnnx.Floats(size), "EnsembleCombined");
        ctx.CreateNode("Sum", weighted, [combined], ctx.GetNodeName("Sum"), "");
        SaveOutputsAsOnnx(ctx, outputNames, combined, null);
        return true;
    }

    /// <summary>Writes the task's outputs into <paramref name="outputNames"/> (as ML.NET's scorer names them) from the
    /// combined contributions <paramref name="combined"/>, or, in stacking, the meta-model's Score and (binary)
    /// <paramref name="metaProbability"/>.</summary>
    private protected abstract void SaveOutputsAsOnnx(OnnxContext ctx, string[] outputNames, string combined, string? metaProbability);

    /// <inheritdoc/>
    protected override void SaveCore(ModelSaveContext ctx)
    {
        base.SaveCore(ctx);
        BinaryWriter writer = ctx.Writer;
        writer.Write((byte)Combination);
        writer.Write(FeatureCount);
        writer.Write(_members.Length);
        for (int m = 0; m < _members.Length; m++)
        {
            writer.Write(_weights[m]);
            writer.Write((byte)_members[m].Output);
            writer.Write(_members[m].FeatureIndices?.Length ?? -1);
            Array.ForEach(_members[m].FeatureIndices ?? [], writer.Write);
            ctx.SaveModel(_members[m].Transformer, MemberEntry(m));
        }

        writer.Write(MetaModel is not null);
        if (MetaModel is not null)
        {
            ctx.SaveModel(MetaModel, MetaModelEntry);
        }

        writer.Write(Passthrough);
        writer.Write(OutOfBagScore ?? double.NaN);
    }

    private static string MemberEntry(int member) => $"Member_{member:000}";

    private static InvalidDataException Corrupt(ModelLoadContext ctx, string what) =>
        new($"Model entry '{ctx.Directory}': {what}; the ensemble's model file is not valid.");

    private static ISingleFeaturePredictionTransformer<object> LoadTransformer(IHostEnvironment env, ModelLoadContext ctx, string entry)
    {
        if (!ctx.ContainsModel(entry))
        {
            throw new InvalidDataException($"Model entry '{ctx.Directory}/{entry}' is missing: the ensemble's file lists it but does not hold it.");
        }

        ctx.LoadModel<ISingleFeaturePredictionTransformer<object>, SignatureLoadModel>(env, out var transformer, entry);
        return transformer;
    }

    // Why the members, weights and meta-model do not make an ensemble of this task, or null.
    private string? Problem()
    {
        for (int m = 0; m < _members.Length; m++)
        {
            EnsembleMember member = _members[m];
            int reads = member.FeatureIndices?.Length ?? FeatureCount;
            if (((IPredictor)member.Transformer.Model).PredictionKind != PredictionKind)
            {
                return $"member {m} is a {((IPredictor)member.Transformer.Model).PredictionKind} model, not {PredictionKind}";
            }

            if (member.InputSize != reads || member.FeatureIndices?.Any(i => i < 0 || i >= FeatureCount) == true || member.OutputSize != _members[0].OutputSize)
            {
                return $"member {m} reads {member.InputSize} features and contributes {member.OutputSize} values; the ensemble gives it {reads} of its {FeatureCount} features and combines {_members[0].OutputSize} values";
            }
        }

        if (_weights.Length != _members.Length || _weights.Any(w => !(w >= 0) || !float.IsFinite(w)))
        {
            return $"the weights are [{string.Join(", ", _weights)}]; the ensemble needs one finite weight ≥ 0 per member ({_members.Length})";
        }

        if ((Combination == EnsembleCombination.Stacking) != (MetaModel is not null))
        {
            return $"{Combination} has {(MetaModel is null ? "no" : "a")} meta-model; stacking, and only stacking, has one";
        }

        if (MetaModel is not null)
        {
            int inputs = _members.Sum(m => m.OutputSize) + (Passthrough ? FeatureCount : 0);
            if (MetaModel.Model is not IValueMapper { InputType: VectorDataViewType { Size: var size } } || size != inputs || ((IPredictor)MetaModel.Model).PredictionKind != PredictionKind)
            {
                return $"the meta-model ({MetaModel.Model.GetType().Name}) must be a {PredictionKind} model reading {inputs} values (the members' outputs{(Passthrough ? " and the features" : "")})";
            }

            if (PredictionKind == PredictionKind.BinaryClassification && MetaModel.Model is not IValueMapperDist)
            {
                return $"the binary meta-model ({MetaModel.Model.GetType().Name}) gives no probability";
            }
        }

        return null;
    }
}
