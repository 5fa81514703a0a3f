using System.Numerics.Tensors;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Model.OnnxConverter;
using Microsoft.ML.Runtime;
using Microsoft.ML.Trainers;
using MLNet.NeuralExtensions.Engine;
using MLNet.NeuralExtensions.Onnx;
using MLNet.NeuralExtensions.Scoring;

namespace MLNet.NeuralExtensions.Trainers;

/// <summary>
/// A trained network as the model of one of ML.NET's prediction transformers: its layers and weights, the metrics of
/// every training epoch, and how it scores (<see cref="ScoringBackend"/>). The task's outputs are the derived model's:
/// <see cref="NeuralNetworkBinaryModelParameters"/>, <see cref="NeuralNetworkMulticlassModelParameters"/>,
/// <see cref="NeuralNetworkRegressionModelParameters"/>.
/// </summary>
/// <remarks>ML.NET scores a prediction transformer row by row; each cursor gets its own scorer (a copy of the network's
/// buffers, or ONNX Runtime values over its own memory), so cursors may run on several threads at once. The model is
/// saved in ML.NET's model file: its settings in the model's own entry and the network in an entry named "Network" beside
/// it; ML.NET's <c>ConvertToOnnx</c> exports the network inside the pipeline's graph (a feature column of varying size
/// is read one length per batch, as ML.NET's <c>ApplyOnnxModel</c> feeds it row by row).</remarks>
public abstract class NeuralNetworkModelParameters : ModelParametersBase<float>, IValueMapper, ISingleCanSaveOnnx, IDisposable
{
    private const string NetworkEntry = "Network";
    private readonly Lock _gate = new();
    private readonly ScoringSettings _scoring;
    private NetworkScoring? _scorer;

    private protected NeuralNetworkModelParameters(IHostEnvironment env, string name, Sequential network, TrainingHistory history, ScoringSettings scoring, bool readsSequencesOfVaryingLength)
        : base(env, name)
    {
        if (readsSequencesOfVaryingLength)
        {
            network.RequireSequenceLengthsTaken();
        }

        Network = network;
        History = history;
        _scoring = scoring;
        ReadsSequencesOfVaryingLength = readsSequencesOfVaryingLength;
    }

    private protected NeuralNetworkModelParameters(IHostEnvironment env, string name, ModelLoadContext ctx, VersionInfo version)
        : base(env, name, AtModel(ctx, version))
    {
        // *** Binary format ***
        // byte: scoring backend; int: GPU device (-1: the MLContext's); byte: fallback (0 no, 1 yes, 2 the MLContext's)
        // bool: reads sequences of varying length
        // int: epochs, then per epoch: int epoch, 4 doubles (loss, accuracy, validation loss, validation accuracy),
        //      float learning rate, long elapsed ticks
        // int: best epoch; bool: stopped early; bool: stopped on NaN
        // The network: entry "Network" in the model's directory (the engine's network format).
        BinaryReader reader = ctx.Reader;
        var backend = (ScoringBackend)reader.ReadByte();
        int gpu = reader.ReadInt32();
        byte fallback = reader.ReadByte();
        Host.CheckDecode(Enum.IsDefined(backend) && gpu >= -1 && fallback <= 2, "The model's scoring settings are not valid.");
        _scoring = new ScoringSettings(backend, gpu < 0 ? null : gpu, fallback == 2 ? null : fallback == 1);
        ReadsSequencesOfVaryingLength = reader.ReadBoolean();
        int epochs = reader.ReadInt32();
        Host.CheckDecode(epochs is >= 0 and <= 10_000_000, "The model's training history is not valid.");
        var metrics = new EpochMetrics[epochs];
        for (int i = 0; i < epochs; i++)
        {
            metrics[i] = new EpochMetrics(reader.ReadInt32(), reader.ReadDouble(), reader.ReadDouble(), reader.ReadDouble(), reader.ReadDouble(),
                reader.ReadSingle(), TimeSpan.FromTicks(reader.ReadInt64()));
        }

        History = new TrainingHistory(metrics, reader.ReadInt32(), reader.ReadBoolean(), reader.ReadBoolean());
        Network = LoadNetwork(ctx);
        if (ReadsSequencesOfVaryingLength && !Network.TakesSequenceLengths)
        {
            throw new InvalidDataException($"Model entry '{ctx.Directory}/{NetworkEntry}': the model reads sequences of varying length, but its network cannot take sequence lengths.");
        }
    }

    /// <summary>Gets the trained network. Changing its weights after training changes what the managed engine scores
    /// from then on, not what an ONNX Runtime session made earlier scores.</summary>
    public Sequential Network { get; }

    /// <summary>Gets the metrics of every training epoch and how training ended (empty for a model trained before
    /// histories were kept).</summary>
    public TrainingHistory History { get; }

    /// <summary>Gets whether the feature column is a vector of varying size holding one sequence per row, of 1 to
    /// <see cref="Network"/>'s input steps: rows are padded for the network and scored with their lengths, so padding
    /// never changes a prediction.</summary>
    public bool ReadsSequencesOfVaryingLength { get; }

    /// <summary>Gets the scoring backend asked for when training.</summary>
    public ScoringBackend Backend => _scoring.Backend;

    /// <summary>Gets the backend actually scoring: <see cref="ScoringBackend.OnnxRuntime"/> or
    /// <see cref="ScoringBackend.Managed"/>.</summary>
    public ScoringBackend ActiveBackend => Scorer.ActiveBackend;

    /// <summary>Gets where the network scores: ONNX Runtime's execution provider ("CPUExecutionProvider",
    /// "CUDAExecutionProvider") or "managed".</summary>
    public string ExecutionProvider => Scorer.ExecutionProvider;

    DataViewType IValueMapper.InputType => InputType;

    DataViewType IValueMapper.OutputType => OutputType;

    /// <summary>The feature column's type: Vector&lt;Single, n&gt;, or Vector&lt;Single&gt; of varying size.</summary>
    private protected VectorDataViewType InputType => new(NumberDataViewType.Single, ReadsSequencesOfVaryingLength ? 0 : Network.InputShape.Size);

    /// <summary>The type of the Score column.</summary>
    private protected abstract DataViewType OutputType { get; }

    /// <summary>The derived model's version in ML.NET's model file (its signature and loader).</summary>
    private protected abstract VersionInfo Version { get; }

    /// <summary>The scorer of this model, made on first use.</summary>
    internal NetworkScoring Scorer
    {
        get
        {
            lock (_gate)
            {
                return _scorer ??= new NetworkScoring(Network, _scoring, Host, ReadsSequencesOfVaryingLength);
            }
        }
    }

    /// <summary>Finds the trained network in <paramref name="model"/>: the model of the last neural prediction
    /// transformer in it, however deeply its chains nest, as a saved pipeline loads. For
    /// <see cref="NeuralNetworkOptions.InitialModel"/>.</summary>
    /// <param name="model">A prediction transformer or a chain holding one.</param>
    /// <returns>The model.</returns>
    /// <exception cref="ArgumentException"><paramref name="model"/> holds no neural network.</exception>
    public static NeuralNetworkModelParameters From(ITransformer model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return Find(model) ?? throw new ArgumentException($"{model.GetType().Name} holds no neural network trainer's output (a prediction transformer over NeuralNetworkModelParameters).", nameof(model));
    }

    /// <summary>Makes the gradient of one of the model's outputs with respect to the features, row by row: the
    /// sensitivities behind saliency, Integrated Gradients and SmoothGrad
    /// (<c>mlContext.Transforms.ExplainBySaliency</c> and the like).</summary>
    /// <param name="output">The output differentiated: Score (default) or Probability.</param>
    /// <param name="classIndex">For a multiclass model, the class (the label key's 0-based index); else 0 (default).</param>
    /// <returns>The gradients, over a snapshot of the network's current weights.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The output or class does not exist for this model; the message
    /// says which exist.</exception>
    /// <exception cref="NotSupportedException">The model reads sequences of varying length, or is an autoencoder or
    /// forecaster, whose outputs are not one output of the network.</exception>
    public NetworkInputGradients CreateInputGradients(ExplainedOutput output = ExplainedOutput.Score, int classIndex = 0)
    {
        (OutputFunction function, float scale, float offset) = ExplainedTarget(output, classIndex);
        return new NetworkInputGradients(new InputGradients(Network, classIndex, function), scale, offset);
    }

    /// <summary>The Grad-CAM maps of one of the model's outputs over the feature maps of layer <paramref name="layerIndex"/>
    /// (null: the last convolution block), with the factor that puts them on the output's scale (a regressor's label
    /// scale, else 1). For <c>mlContext.Transforms.ExplainByGradCam</c>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The output, class or layer does not exist for this model.</exception>
    /// <exception cref="NotSupportedException">The model's outputs are not one output of its network.</exception>
    /// <exception cref="InvalidOperationException">The network is not a convolutional network over images or signals.</exception>
    /// <exception cref="ArgumentException">The named layer's outputs are not convolution feature maps.</exception>
    internal (ClassActivationMaps Maps, float Scale) CreateClassActivationMaps(ExplainedOutput output, int classIndex, int? layerIndex)
    {
        (OutputFunction function, float scale, _) = ExplainedTarget(output, classIndex);
        return (new ClassActivationMaps(Network, classIndex, function, layerIndex), scale);
    }

    // Checks the explained output and class and says how the output follows from the network's raw outputs.
    private (OutputFunction Function, float Scale, float Offset) ExplainedTarget(ExplainedOutput output, int classIndex)
    {
        if (ReadsSequencesOfVaryingLength)
        {
            throw new NotSupportedException("Input gradients of a model reading sequences of varying length are not supported; they are defined for feature vectors of the network's fixed input size.");
        }

        if (!Enum.IsDefined(output))
        {
            throw new ArgumentOutOfRangeException(nameof(output), output, "Not an explained output.");
        }

        int classes = Network.OutputShape.Size;
        if (classIndex < 0 || classIndex >= classes)
        {
            throw new ArgumentOutOfRangeException(nameof(classIndex), classIndex, $"The model has {classes} output{(classes == 1 ? " (class index 0)" : $"s (class indices 0 to {classes - 1})")}.");
        }

        return GradientTarget(output);
    }

    /// <summary>How <paramref name="output"/> follows from the network's raw outputs: the function applied, then the
    /// scale and offset. By default the model's outputs are no function of one network output (an autoencoder's
    /// reconstruction error, a forecaster's window) and this throws <see cref="NotSupportedException"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The model has no such output.</exception>
    private protected virtual (OutputFunction Function, float Scale, float Offset) GradientTarget(ExplainedOutput output)
        => throw new NotSupportedException($"{GetType().Name} has no input gradients: its outputs are not one output of its network. Explain it with mlContext.Transforms.ExplainByKernelShap, which needs only its predictions.");

    /// <summary>Releases ONNX Runtime's session, if one was made; the model makes a new one if it scores again.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            _scorer?.Dispose();
            _scorer = null;
        }

        GC.SuppressFinalize(this);
    }

    ValueMapper<TSrc, TDst> IValueMapper.GetMapper<TSrc, TDst>()
    {
        Host.Check(typeof(TSrc) == typeof(VBuffer<float>), "The network reads a vector of Single.");
        Host.Check(typeof(TDst) == OutputType.RawType, $"The network's score is {OutputType}.");
        return (ValueMapper<TSrc, TDst>)CreateMapper(new RowInput(this));
    }

    /// <summary>The task's value mapper over <paramref name="input"/>: a <c>ValueMapper&lt;VBuffer&lt;float&gt;, T&gt;</c>
    /// for the Score column's raw type.</summary>
    private protected abstract Delegate CreateMapper(RowInput input);

    // True even where a layer has no form at the converter's opset: Emit then throws naming the layer and the opset
    // needed, where a false would only leave a warning on ML.NET's channel and the network out of the file.
    bool ICanSaveOnnx.CanSaveOnnx(OnnxContext ctx) => true;

    bool ISingleCanSaveOnnx.SaveAsOnnx(OnnxContext ctx, string[] outputNames, string featureColumn)
    {
        Host.CheckValue(ctx, nameof(ctx));
        string raw = ReadsSequencesOfVaryingLength
            ? NetworkOnnxExport.EmitSequences(ctx, Network, featureColumn)
            : NetworkOnnxExport.Emit(ctx, Network, featureColumn);
        SaveOutputsAsOnnx(ctx, outputNames, raw);
        return true;
    }

    /// <summary>Writes the task's outputs into <paramref name="outputNames"/> (as ML.NET's scorer names them) from the
    /// network's raw outputs, the float [N × outputs] variable <paramref name="raw"/>.</summary>
    private protected abstract void SaveOutputsAsOnnx(OnnxContext ctx, string[] outputNames, string raw);

    /// <inheritdoc/>
    protected override void SaveCore(ModelSaveContext ctx)
    {
        base.SaveCore(ctx);
        ctx.SetVersionInfo(Version);
        BinaryWriter writer = ctx.Writer;
        writer.Write((byte)_scoring.Backend);
        writer.Write(_scoring.GpuDeviceId ?? -1);
        writer.Write((byte)(_scoring.FallbackToCpu switch { null => 2, true => 1, false => 0 }));
        writer.Write(ReadsSequencesOfVaryingLength);
        writer.Write(History.Epochs.Count);
        foreach (EpochMetrics e in History.Epochs)
        {
            writer.Write(e.Epoch);
            writer.Write(e.Loss);
            writer.Write(e.Accuracy);
            writer.Write(e.ValidationLoss);
            writer.Write(e.ValidationAccuracy);
            writer.Write(e.LearningRate);
            writer.Write(e.Elapsed.Ticks);
        }

        writer.Write(History.BestEpoch);
        writer.Write(History.StoppedEarly);
        writer.Write(History.StoppedOnNaN);

        // Serialized to memory first, so that a network that cannot be written leaves no partial entry.
        using var network = new MemoryStream();
        using (var networkWriter = new BinaryWriter(network, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            Network.Save(networkWriter);
        }

        ctx.SaveBinaryStream(NetworkEntry, w => w.Write(network.GetBuffer(), 0, (int)network.Length));
    }

    /// <summary>The scoring settings, for a model of another task or network that scores as this one does.</summary>
    private protected ScoringSettings ScoringSettings => _scoring;

    // Checks the model's header before the base class reads its stream.
    private static ModelLoadContext AtModel(ModelLoadContext ctx, VersionInfo version)
    {
        Contracts.CheckValue(ctx, nameof(ctx));
        ctx.CheckAtModel(version);
        return ctx;
    }

    private static Sequential LoadNetwork(ModelLoadContext ctx)
    {
        Sequential? network = null;
        try
        {
            if (!ctx.TryLoadBinaryStream(NetworkEntry, r => network = NetworkFormat.Load(r)))
            {
                throw new InvalidDataException($"Model entry '{ctx.Directory}/{NetworkEntry}' is missing: the model file holds the network's settings but not the network.");
            }
        }
        catch (Exception e) when (e is IOException or FormatException)
        {
            throw new InvalidDataException($"Model entry '{ctx.Directory}/{NetworkEntry}' is truncated or corrupt: {e.Message}", e);
        }

        return network!;
    }

    /// <summary>Whether <paramref name="model"/> is, or holds, a neural prediction transformer.</summary>
    internal static bool Holds(ITransformer model) => Find(model) is not null;

    private static NeuralNetworkModelParameters? Find(ITransformer model) => model switch
    {
        IPredictionTransformer<NeuralNetworkModelParameters> prediction => prediction.Model,
        IEnumerable<ITransformer> chain => chain.Reverse().Select(Find).FirstOrDefault(m => m is not null),
        _ => null,
    };

    /// <summary>One value mapper's view of the network: a row scorer and the buffers a row is densified or padded into.
    /// Used on one thread.</summary>
    private protected sealed class RowInput
    {
        private readonly IRowScorer _scorer;
        private readonly float[] _features;
        private readonly float[] _outputs;
        private readonly int _valuesPerStep;
        private readonly bool _sequences;

        public RowInput(NeuralNetworkModelParameters model)
        {
            _scorer = model.Scorer.CreateRowScorer();
            _features = new float[model.Network.InputShape.Size];
            _outputs = new float[model.Network.OutputShape.Size];
            _sequences = model.ReadsSequencesOfVaryingLength;
            _valuesPerStep = _sequences ? model.Network.InputShape.Size / model.Network.InputShape[0] : 1;
        }

        /// <summary>The network's raw outputs for one row's features; valid until the next call.</summary>
        /// <exception cref="InvalidDataException">The row does not fit the network; the message says how.</exception>
        public ReadOnlySpan<float> Score(in VBuffer<float> features)
        {
            if (!_sequences)
            {
                if (features.Length != _features.Length)
                {
                    throw new InvalidDataException($"The feature vector has {features.Length} values; the network takes {_features.Length}.");
                }

                features.CopyTo(_features);
                _scorer.Score(_features, _outputs);
                return _outputs;
            }

            if (features.Length > _features.Length || features.Length == 0 || features.Length % _valuesPerStep != 0)
            {
                throw new InvalidDataException($"The sequence holds {features.Length} values; the network takes whole steps of {_valuesPerStep} values, 1 to {_features.Length / _valuesPerStep} steps.");
            }

            _features.AsSpan().Clear();
            features.CopyTo(_features.AsSpan(0, features.Length));
            _scorer.Score(_features, features.Length / _valuesPerStep, _outputs);
            return _outputs;
        }
    }

    /// <summary>The logistic function, the probability of a logit.</summary>
    private protected static float Sigmoid(float logit) => 1f / (1f + MathF.Exp(-logit));

    /// <summary>The softmax of <paramref name="logits"/> into <paramref name="probabilities"/>.</summary>
    private protected static void SoftMax(ReadOnlySpan<float> logits, Span<float> probabilities) => TensorPrimitives.SoftMax(logits, probabilities);
}
