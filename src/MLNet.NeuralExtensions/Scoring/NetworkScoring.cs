using System.Buffers;
using Google.Protobuf;
using Microsoft.ML.Runtime;
using MLNet.NeuralExtensions.Engine;
using MLNet.NeuralExtensions.Trainers;

namespace MLNet.NeuralExtensions.Scoring;

/// <summary>
/// Scores one trained network for the model parameters that hold it: through ONNX Runtime or the managed engine, on the
/// device the settings and the MLContext ask for, one example at a time (<see cref="CreateRowScorer"/>, as ML.NET's
/// value mappers ask) or in batches into the caller's memory. Thread-safe (but for <see cref="Dispose"/>, which must
/// not race a call); it scores a snapshot of the weights taken when it is made.
/// </summary>
/// <remarks>
/// A GPU device (<see cref="ScoringSettings.GpuDeviceId"/>, else the MLContext's <c>GpuDeviceId</c>) means ONNX
/// Runtime's CUDA execution provider unless the backend is <see cref="ScoringBackend.Managed"/>. When that provider is
/// missing from the native library or cannot start, <c>FallbackToCpu</c> scores on the CPU and logs one warning through
/// the environment; without it the exception names the provider and the package to add. With the native library absent
/// altogether, <see cref="ScoringBackend.Auto"/> scores with the managed engine and <see cref="ScoringBackend.OnnxRuntime"/>
/// throws, naming the package.
/// </remarks>
internal sealed class NetworkScoring : IDisposable
{
    private readonly ScoringShape _shape;
    private readonly IScoringEngine _engine;
    private bool _disposed;

    /// <summary>Prepares to score <paramref name="network"/> (built) as <paramref name="settings"/> say, reading the
    /// device settings they leave null from <paramref name="env"/>.</summary>
    /// <param name="network">The trained network.</param>
    /// <param name="settings">The backend and the device settings.</param>
    /// <param name="env">The environment: its device settings and the channel of the fallback warning.</param>
    /// <param name="withSequenceLengths">Whether examples are padded sequences scored with their lengths; the network
    /// must take them.</param>
    /// <exception cref="InvalidOperationException">The GPU cannot be used and fallback is off, ONNX Runtime is asked for
    /// and its native library is missing, or lengths are asked for and the network does not take them.</exception>
    /// <exception cref="NotSupportedException">ONNX Runtime is asked for and a layer has no ONNX form.</exception>
    public NetworkScoring(Sequential network, ScoringSettings settings, IHostEnvironment env, bool withSequenceLengths)
        : this(network, settings, env, withSequenceLengths, OnnxRuntimeLibrary.LoadError)
    {
    }

    /// <summary>As the public constructor, with <paramref name="onnxRuntimeLoadError"/> saying why ONNX Runtime's native
    /// library cannot be used (null when it can).</summary>
    internal NetworkScoring(Sequential network, ScoringSettings settings, IHostEnvironment env, bool withSequenceLengths, string? onnxRuntimeLoadError)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(env);
        if (!Enum.IsDefined(settings.Backend))
        {
            throw new ArgumentOutOfRangeException(nameof(settings), settings.Backend, "Unknown scoring backend.");
        }

        if (withSequenceLengths)
        {
            network.RequireSequenceLengthsTaken();
        }

        _shape = new ScoringShape(network, withSequenceLengths);
        _engine = CreateEngine(network, settings, env, onnxRuntimeLoadError);
    }

    /// <summary>What scores: <see cref="ScoringBackend.Managed"/> or <see cref="ScoringBackend.OnnxRuntime"/>.</summary>
    public ScoringBackend ActiveBackend => _engine is ManagedScoring ? ScoringBackend.Managed : ScoringBackend.OnnxRuntime;

    /// <summary>Where the network runs: "managed", "CPUExecutionProvider" or "CUDAExecutionProvider".</summary>
    public string ExecutionProvider => _engine.ExecutionProvider;

    /// <summary>A scorer of single examples, for one thread (one per value-mapper delegate).</summary>
    /// <exception cref="ObjectDisposedException">This was disposed.</exception>
    public IRowScorer CreateRowScorer()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _engine.CreateRowScorer();
    }

    /// <summary>Scores <paramref name="rows"/> examples laid out one after another into <paramref name="outputs"/>
    /// (rows × the output size). Sequences scored with lengths count as using all their steps.</summary>
    /// <exception cref="ArgumentException">A length does not fit rows examples.</exception>
    public void Score(ReadOnlySpan<float> features, int rows, Span<float> outputs)
    {
        if (!_shape.WithSequenceLengths)
        {
            Run(features, rows, [], outputs);
            return;
        }

        int[] full = ArrayPool<int>.Shared.Rent(rows);
        try
        {
            full.AsSpan(0, rows).Fill(_shape.Steps);
            Run(features, rows, full.AsSpan(0, rows), outputs);
        }
        finally
        {
            ArrayPool<int>.Shared.Return(full);
        }
    }

    /// <summary>Scores <paramref name="rows"/> padded sequences with their lengths (1 to the network's steps each).</summary>
    /// <exception cref="InvalidOperationException">This was made without sequence lengths.</exception>
    /// <exception cref="ArgumentException">A length does not fit, or a sequence length is out of range; the message
    /// names the example.</exception>
    public void Score(ReadOnlySpan<float> features, int rows, ReadOnlySpan<int> sequenceLengths, Span<float> outputs)
    {
        if (sequenceLengths.Length != rows)
        {
            throw new ArgumentException($"{rows} examples need {rows} sequence lengths; got {sequenceLengths.Length}.", nameof(sequenceLengths));
        }

        for (int i = 0; i < rows; i++)
        {
            _shape.CheckLength(sequenceLengths[i], i);
        }

        Run(features, rows, sequenceLengths, outputs);
    }

    /// <summary>Releases ONNX Runtime's session; scoring afterwards throws.</summary>
    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            _engine.Dispose();
        }
    }

    private void Run(ReadOnlySpan<float> features, int rows, ReadOnlySpan<int> sequenceLengths, Span<float> outputs)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _shape.Check(features, rows, outputs);
        if (rows > 0)
        {
            _engine.Score(features, rows, sequenceLengths, outputs);
        }
    }

    private IScoringEngine CreateEngine(Sequential network, ScoringSettings settings, IHostEnvironment env, string? onnxRuntimeLoadError)
    {
        if (settings.Backend == ScoringBackend.Managed)
        {
            return new ManagedScoring(network, _shape);
        }

        var context = env as IHostEnvironmentInternal;
        int? device = settings.GpuDeviceId ?? context?.GpuDeviceId;
        if (device is int gpu)
        {
            string problem;
            if (onnxRuntimeLoadError is null)
            {
                OnnxRuntimeScoring? cuda = OnnxRuntimeScoring.OnCuda(OnnxModel(network), _shape, gpu, out problem);
                if (cuda is not null)
                {
                    return cuda;
                }
            }
            else
            {
                problem = $"GPU device {gpu} was asked for, but ONNX Runtime's native library could not be loaded ({onnxRuntimeLoadError}); "
                    + $"reference the {OnnxRuntimeLibrary.GpuPackage} package to score on CUDA.";
            }

            if (!(settings.FallbackToCpu ?? context?.FallbackToCpu ?? false))
            {
                throw env.Except($"{problem} Or set FallbackToCpu to score on the CPU.");
            }

            using IChannel channel = env.Start(nameof(NetworkScoring));
            channel.Warning($"{problem} Scoring on the CPU instead, as FallbackToCpu allows.");
        }

        if (settings.Backend == ScoringBackend.Auto && (onnxRuntimeLoadError is not null || PrefersManaged(network)))
        {
            return new ManagedScoring(network, _shape);
        }

        if (onnxRuntimeLoadError is not null)
        {
            throw env.Except($"The OnnxRuntime scoring backend needs ONNX Runtime's native library, which could not be loaded ({onnxRuntimeLoadError}): "
                + $"reference the {OnnxRuntimeLibrary.CpuPackage} package (CPU) or {OnnxRuntimeLibrary.GpuPackage} (CUDA), or choose ScoringBackend.Managed or Auto.");
        }

        byte[] model;
        try
        {
            model = OnnxModel(network);
        }
        catch (NotSupportedException) when (settings.Backend == ScoringBackend.Auto)
        {
            return new ManagedScoring(network, _shape);
        }

        return OnnxRuntimeScoring.OnCpu(model, _shape);
    }

    private byte[] OnnxModel(Sequential network) => network.ToOnnxModel(_shape.WithSequenceLengths).ToByteArray();

    // Auto on the CPU (measured, see ScoringBackend.Auto): ONNX Runtime's call costs about 2 µs, several times a dense
    // network's whole pass, while its convolution and recurrent kernels beat the managed engine's.
    private static bool PrefersManaged(Sequential network) => !network.Layers.Any(layer => layer is ConvolutionLayer or RecurrentLayer or Bidirectional);
}
