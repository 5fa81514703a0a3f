using MLNet.NeuralExtensions.Engine.Onnx;
using Google.Protobuf;
using MLNet.NeuralExtensions.Engine;

namespace MLNet.NeuralExtensions.Onnx;

/// <summary>
/// Scores a trained network through ONNX Runtime or the managed engine, as <see cref="ScoringBackend"/> chooses; both
/// give the same outputs to within 1e-4. ONNX Runtime scores a snapshot of the weights taken when the scorer is made.
/// </summary>
public sealed class NetworkScorer : IDisposable
{
    private readonly Sequential _network;
    private readonly OnnxScorer? _onnx;
    private readonly bool _withSequenceLengths;

    /// <summary>Prepares to score <paramref name="network"/>.</summary>
    /// <param name="network">A built network.</param>
    /// <param name="backend">Default <see cref="ScoringBackend.Auto"/>.</param>
    /// <param name="options">ONNX Runtime's execution provider and threads; default CPU with ORT's thread choice.</param>
    /// <param name="withSequenceLengths">Whether examples are padded sequences scored with their lengths
    /// (<see cref="Score(ReadOnlySpan{float}, int, ReadOnlySpan{int})"/>); the network must take them
    /// (<see cref="Sequential.TakesSequenceLengths"/>). Default false.</param>
    /// <exception cref="InvalidOperationException">The network is not built, or lengths are asked for and it does not
    /// take them.</exception>
    /// <exception cref="OnnxRuntimeException"><see cref="ScoringBackend.OnnxRuntime"/> was asked for and ORT cannot be
    /// loaded, or the GPU cannot be used without fallback.</exception>
    /// <exception cref="NotSupportedException"><see cref="ScoringBackend.OnnxRuntime"/> was asked for and a layer has no
    /// ONNX form.</exception>
    public NetworkScorer(Sequential network, ScoringBackend backend = ScoringBackend.Auto, OnnxScorerOptions? options = null, bool withSequenceLengths = false)
    {
        ArgumentNullException.ThrowIfNull(network);
        if (!network.IsBuilt)
        {
            throw new InvalidOperationException("The network is not built; call Build with the input shape first.");
        }

        if (!Enum.IsDefined(backend))
        {
            throw new ArgumentOutOfRangeException(nameof(backend), backend, "Unknown scoring backend.");
        }

        if (withSequenceLengths)
        {
            network.RequireSequenceLengthsTaken();
        }

        _network = network;
        _withSequenceLengths = withSequenceLengths;
        if (backend == ScoringBackend.Managed || (backend == ScoringBackend.Auto && !OnnxScorer.IsOnnxRuntimeAvailable))
        {
            return;
        }

        try
        {
            _onnx = new OnnxScorer(network.ToOnnxModel(withSequenceLengths).ToByteArray(), options);
        }
        catch (NotSupportedException ex) when (backend == ScoringBackend.Auto)
        {
            options?.Log?.Invoke($"Scoring with the managed engine: {ex.Message}");
        }
    }

    /// <summary>The backend in use: <see cref="ScoringBackend.OnnxRuntime"/> or <see cref="ScoringBackend.Managed"/>.</summary>
    public ScoringBackend Backend => _onnx is null ? ScoringBackend.Managed : ScoringBackend.OnnxRuntime;

    /// <summary>Scores <paramref name="rows"/> examples laid out one after another; see
    /// <see cref="Sequential.Predict(ReadOnlySpan{float}, int)"/>. A scorer made with sequence lengths treats every
    /// example as using all its steps.</summary>
    /// <exception cref="ArgumentException">The feature count is not rows × the input size.</exception>
    public float[] Score(ReadOnlySpan<float> features, int rows)
    {
        if (_withSequenceLengths)
        {
            var full = new int[Math.Max(rows, 0)];
            Array.Fill(full, _network.InputShape[0]);
            return Score(features, rows, full);
        }

        if (_onnx is null || rows == 0)
        {
            return _network.Predict(features, rows);
        }

        _network.CheckFeatureCount(features, rows);
        return _onnx.Score(features, rows);
    }

    /// <summary>Scores <paramref name="rows"/> padded sequences with their lengths; see
    /// <see cref="Sequential.Predict(ReadOnlySpan{float}, int, ReadOnlySpan{int})"/>.</summary>
    /// <exception cref="InvalidOperationException">The scorer was made without sequence lengths.</exception>
    /// <exception cref="ArgumentException">The feature count is not rows × the input size, or a length is out of range;
    /// the message names the example.</exception>
    public float[] Score(ReadOnlySpan<float> features, int rows, ReadOnlySpan<int> sequenceLengths)
    {
        if (!_withSequenceLengths)
        {
            throw new InvalidOperationException("This scorer was made without sequence lengths; make it with withSequenceLengths: true.");
        }

        if (_onnx is null || rows == 0)
        {
            return _network.Predict(features, rows, sequenceLengths);
        }

        _network.CheckFeatureCount(features, rows);
        _network.CheckSequenceLengths(sequenceLengths, rows);
        long[] shape = [rows, .. _network.InputShape.Dimensions.Select(d => (long)d)];
        var inputs = new Dictionary<string, OnnxTensor>(StringComparer.Ordinal)
        {
            [_onnx.Inputs[0].Name] = OnnxTensor.Create(features.ToArray(), shape),
            [Sequential.SequenceLengthsInput] = OnnxTensor.Create(sequenceLengths.ToArray(), rows),
        };
        return _onnx.Run(inputs)[_onnx.Outputs[0].Name].GetData<float>();
    }

    /// <summary>Releases ONNX Runtime's session, if any.</summary>
    public void Dispose() => _onnx?.Dispose();
}
