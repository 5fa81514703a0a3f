using MLNet.NeuralExtensions.Engine.Onnx;
using MLNet.NeuralExtensions.Data;
using MLNet.NeuralExtensions.Engine;
using MLNet.NeuralExtensions.Onnx;
using MLNet.NeuralExtensions.Persistence;

namespace MLNet.NeuralExtensions.Trainers;

/// <summary>
/// A trained network as the model of a prediction transformer: its layers and weights, the metrics of every training
/// epoch, and how it scores (ONNX Runtime or the managed engine, as <see cref="ScoringBackend"/> chooses).
/// </summary>
public sealed class NeuralNetworkModelParameters : IScoringModel
{
    internal const string LoaderSignature = "NeuralNetworkModel";
    private const int FormatVersion = 2;
    private readonly Lock _gate = new();
    private readonly OnnxScorerOptions _scorerOptions;
    private NetworkScorer? _scorer;

    internal NeuralNetworkModelParameters(Sequential network, TrainingHistory history, ScoringBackend backend, OnnxScorerOptions scorerOptions,
        bool readsSequencesOfVaryingLength = false)
    {
        if (readsSequencesOfVaryingLength)
        {
            network.RequireSequenceLengthsTaken();
        }

        ReadsSequencesOfVaryingLength = readsSequencesOfVaryingLength;
        Network = network;
        History = history;
        Backend = backend;
        _scorerOptions = scorerOptions;
    }

    /// <summary>Gets the trained network. Changing its weights after training changes what the managed engine
    /// scores, not what an ONNX Runtime session made earlier scores.</summary>
    public Sequential Network { get; }

    /// <summary>Gets the metrics of every training epoch and how training ended.</summary>
    public TrainingHistory History { get; }

    /// <summary>Gets whether the feature column is a vector of varying size holding one sequence per row, of 1 to
    /// <see cref="Network"/>'s input steps: rows are padded for the network and scored with their lengths, so padding
    /// never changes a prediction.</summary>
    public bool ReadsSequencesOfVaryingLength { get; }

    /// <summary>Gets the scoring backend asked for when training.</summary>
    public ScoringBackend Backend { get; }

    /// <summary>Gets the backend actually scoring: ONNX Runtime or the managed engine.</summary>
    public ScoringBackend ActiveBackend => GetScorer().Backend;

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

    int IScoringModel.InputSize => Network.InputShape.Size;

    int IScoringModel.OutputSize => Network.OutputShape.Size;

    (int Steps, int FeaturesPerStep)? IScoringModel.SequenceLayout => ReadsSequencesOfVaryingLength ? (Network.InputShape[0], Network.InputShape[1]) : null;

    float[] IScoringModel.Score(ReadOnlySpan<float> features, int rows)
    {
        NetworkScorer scorer = GetScorer();
        lock (_gate)
        {
            return scorer.Score(features, rows);
        }
    }

    float[] IScoringModel.ScoreSequences(ReadOnlySpan<float> padded, int rows, ReadOnlySpan<int> lengths)
    {
        if (!ReadsSequencesOfVaryingLength)
        {
            throw new NotSupportedException("This network reads a feature column of known size, not sequences of varying length.");
        }

        NetworkScorer scorer = GetScorer();
        lock (_gate)
        {
            return scorer.Score(padded, rows, lengths);
        }
    }

    string IScoringModel.ExportOnnx(OnnxGraph graph, string features) => ExportOnnx(graph, features, lengths: null);

    string IScoringModel.ExportSequencesOnnx(OnnxGraph graph, string padded, string lengths) => ExportOnnx(graph, padded, lengths);

    // Reshapes [batch × values] rows into the network's example shape (any number of steps for padded sequences),
    // appends the network and flattens its output.
    private string ExportOnnx(OnnxGraph graph, string features, string? lengths)
    {
        long[] shape = [0, .. Network.InputShape.Dimensions.Select(d => (long)d)];
        if (lengths is not null)
        {
            shape[1] = -1;
        }

        string input = Network.InputShape.Rank == 1 ? features : graph.Add("Reshape", [features, graph.AddInt64s("shape", shape)], "network_input");
        string output = Network.AppendOnnx(graph, input, lengths);
        return Network.OutputShape.Rank == 1 ? output
            : graph.Add("Reshape", [output, graph.AddInt64s("shape", [0, Network.OutputShape.Size])], "network_output");
    }

    void ICanSaveModel.Save(ModelSaveContext ctx)
    {
        ctx.SetVersionInfo(LoaderSignature, 1, 1);
        Write(ctx.Writer);
    }

    /// <summary>Writes the model where another component embeds it.</summary>
    internal void Write(BinaryWriter writer)
    {
        writer.Write(FormatVersion);
        writer.Write((byte)Backend);
        writer.Write(_scorerOptions.GpuDeviceId ?? -1);
        writer.Write(_scorerOptions.FallbackToCpu);
        writer.Write(ReadsSequencesOfVaryingLength);
        Network.Save(writer);
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
    }

    internal static NeuralNetworkModelParameters Load(ModelLoadContext ctx) => Read(ctx.Reader);

    /// <summary>Reads what <see cref="Write"/> wrote.</summary>
    internal static NeuralNetworkModelParameters Read(BinaryReader reader)
    {
        int version = reader.ReadInt32();
        if (version is < 1 or > FormatVersion)
        {
            throw new FormatException($"Neural network model format version {version} is not supported (this reader reads versions 1 to {FormatVersion}).");
        }

        var backend = (ScoringBackend)reader.ReadByte();
        int gpu = reader.ReadInt32();
        bool fallback = reader.ReadBoolean();
        bool sequences = version >= 2 && reader.ReadBoolean();
        if (!Enum.IsDefined(backend) || gpu < -1)
        {
            throw new FormatException($"The scoring settings (backend {(byte)backend}, GPU {gpu}) are not valid.");
        }

        Sequential network = Sequential.Load(reader);
        int epochs = reader.ReadInt32();
        if (epochs is < 0 or > 10_000_000)
        {
            throw new FormatException($"A training history of {epochs} epochs is not valid.");
        }

        var metrics = new EpochMetrics[epochs];
        for (int i = 0; i < epochs; i++)
        {
            metrics[i] = new EpochMetrics(reader.ReadInt32(), reader.ReadDouble(), reader.ReadDouble(), reader.ReadDouble(), reader.ReadDouble(),
                reader.ReadSingle(), TimeSpan.FromTicks(reader.ReadInt64()));
        }

        var history = new TrainingHistory(metrics, reader.ReadInt32(), reader.ReadBoolean(), reader.ReadBoolean());
        if (sequences && !network.TakesSequenceLengths)
        {
            throw new FormatException("The model reads sequences of varying length, but its network cannot take sequence lengths.");
        }

        return new NeuralNetworkModelParameters(network, history, backend, new OnnxScorerOptions { GpuDeviceId = gpu < 0 ? null : gpu, FallbackToCpu = fallback }, sequences);
    }

    /// <summary>The model of another network (a part of this one, say) that scores as this one does and shares its history.</summary>
    internal NeuralNetworkModelParameters WithNetwork(Sequential network) => new(network, History, Backend, _scorerOptions);

    private static NeuralNetworkModelParameters? Find(ITransformer model) => model switch
    {
        IPredictionTransformer<NeuralNetworkModelParameters> prediction => prediction.Model,
        IEnumerable<ITransformer> chain => chain.Reverse().Select(Find).FirstOrDefault(m => m is not null),
        _ => null,
    };

    private NetworkScorer GetScorer()
    {
        lock (_gate)
        {
            return _scorer ??= new NetworkScorer(Network, Backend, _scorerOptions, ReadsSequencesOfVaryingLength);
        }
    }
}
