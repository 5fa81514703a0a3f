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

    /// <summary>Prepares to score <paramref name="network"/>.</summary>
    /// <param name="network">A built network.</param>
    /// <param name="backend">Default <see cref="ScoringBackend.Auto"/>.</param>
    /// <param name="options">ONNX Runtime's execution provider and threads; default CPU with ORT's thread choice.</param>
    /// <exception cref="InvalidOperationException">The network is not built.</exception>
    /// <exception cref="OnnxRuntimeException"><see cref="ScoringBackend.OnnxRuntime"/> was asked for and ORT cannot be
    /// loaded, or the GPU cannot be used without fallback.</exception>
    /// <exception cref="NotSupportedException"><see cref="ScoringBackend.OnnxRuntime"/> was asked for and a layer has no
    /// ONNX form.</exception>
    public NetworkScorer(Sequential network, ScoringBackend backend = ScoringBackend.Auto, OnnxScorerOptions? options = null)
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

        _network = network;
        if (backend == ScoringBackend.Managed || (backend == ScoringBackend.Auto && !OnnxScorer.IsOnnxRuntimeAvailable))
        {
            return;
        }

        try
        {
            _onnx = new OnnxScorer(network.ToOnnxModel().ToByteArray(), options);
        }
        catch (NotSupportedException ex) when (backend == ScoringBackend.Auto)
        {
            options?.Log?.Invoke($"Scoring with the managed engine: {ex.Message}");
        }
    }

    /// <summary>The backend in use: <see cref="ScoringBackend.OnnxRuntime"/> or <see cref="ScoringBackend.Managed"/>.</summary>
    public ScoringBackend Backend => _onnx is null ? ScoringBackend.Managed : ScoringBackend.OnnxRuntime;

    /// <summary>Scores <paramref name="rows"/> examples laid out one after another; see <see cref="Sequential.Predict"/>.</summary>
    /// <exception cref="ArgumentException">The feature count is not rows × the input size.</exception>
    public float[] Score(ReadOnlySpan<float> features, int rows)
    {
        if (_onnx is null || rows == 0)
        {
            return _network.Predict(features, rows);
        }

        _network.CheckFeatureCount(features, rows);
        return _onnx.Score(features, rows);
    }

    /// <summary>Releases ONNX Runtime's session, if any.</summary>
    public void Dispose() => _onnx?.Dispose();
}
