using System.Numerics.Tensors;

namespace MLNet.NeuralExtensions.Engine;

/// <summary>
/// Updates parameters from their gradients. The base class owns what every optimizer shares, in Keras' order: gradient
/// clipping (by value, per-tensor norm, then global norm), the learning rate (constant or a schedule, times the
/// plateau factor), decoupled weight decay (<c>w -= lr · weightDecay · w</c>), the subclass's update rule, and finally
/// the max-norm constraints of the parameters. Update rules follow PyTorch's formulas; defaults are Keras'.
/// </summary>
/// <remarks>An optimizer keeps per-parameter state, so one instance serves one network.</remarks>
public abstract class Optimizer
{
    // Updates run in chunks of this many weights, spread over the kernel threads: the update is memory-bound, and a
    // network's weights, gradients and moments together outgrow a core's cache.
    private const int ChunkSize = 16384;

    private readonly Dictionary<Parameter, float[][]> _state = [];
    private readonly List<Parameter> _trainable = [];
    private readonly List<(Parameter Parameter, float[][] State, int Start, int Length)> _chunks = [];
    private readonly ChunkUpdate _update;

    private protected Optimizer(float learningRate)
    {
        if (!(learningRate > 0f) || float.IsInfinity(learningRate))
        {
            throw new ArgumentOutOfRangeException(nameof(learningRate), learningRate, "The learning rate must be positive and finite.");
        }

        LearningRate = learningRate;
        _update = new ChunkUpdate(this);
    }

    /// <summary>The learning rate when no <see cref="Schedule"/> is set.</summary>
    public float LearningRate { get; }

    /// <summary>A learning-rate schedule, read at every update; null for the constant <see cref="LearningRate"/>. Default null.</summary>
    public LearningRateSchedule? Schedule { get; init; }

    /// <summary>Clips every gradient element to [−value, value]; 0 (default) for none.</summary>
    public float ClipValue { get; init; }

    /// <summary>Rescales each parameter's gradient to at most this L2 norm; 0 (default) for none.</summary>
    public float ClipNorm { get; init; }

    /// <summary>Rescales all gradients together to at most this global L2 norm; 0 (default) for none.</summary>
    public float GlobalClipNorm { get; init; }

    /// <summary>Decoupled weight decay factor (Loshchilov and Hutter); 0 (default) for none, except <see cref="AdamW"/>.</summary>
    public virtual float WeightDecay { get; init; }

    /// <summary>The number of updates made so far.</summary>
    public long Iterations { get; private set; }

    /// <summary>A factor on the learning rate, lowered by ReduceLROnPlateau. Starts at 1.</summary>
    internal float LearningRateFactor { get; set; } = 1f;

    /// <summary>The learning rate the next update uses.</summary>
    public float CurrentLearningRate => (Schedule?.GetLearningRate(Iterations) ?? LearningRate) * LearningRateFactor;

    /// <summary>Number of state buffers per parameter (momenta, accumulators).</summary>
    private protected abstract int StateCount { get; }

    /// <summary>Applies one update to every trainable parameter of <paramref name="parameters"/>, on up to
    /// <paramref name="maxThreads"/> threads.</summary>
    internal void Step(IReadOnlyList<Parameter> parameters, int maxThreads = 1)
    {
        _trainable.Clear();
        for (int i = 0; i < parameters.Count; i++)
        {
            if (parameters[i].IsTrainable)
            {
                _trainable.Add(parameters[i]);
            }
        }

        Clip();
        _update.LearningRate = CurrentLearningRate;
        Iterations++;
        BeginStep(Iterations);
        _chunks.Clear();
        foreach (Parameter p in _trainable)
        {
            float[][] state = StateOf(p);
            for (int start = 0; start < p.Value.Length; start += ChunkSize)
            {
                _chunks.Add((p, state, start, Math.Min(ChunkSize, p.Value.Length - start)));
            }
        }

        Kernels.WorkerPool.Shared.Run(_chunks.Count, _update, maxThreads);
        foreach (Parameter p in _trainable)
        {
            if (p.MaxNorm > 0f)
            {
                ApplyMaxNorm(p);
            }
        }
    }

    /// <summary>Computes what an update shares across parameters (once per step, before any <see cref="Update"/>);
    /// <paramref name="step"/> counts from 1.</summary>
    private protected virtual void BeginStep(long step)
    {
    }

    /// <summary>Applies the update rule to a run of one parameter's weights, with the matching runs of its state
    /// buffers; <paramref name="step"/> counts from 1. Runs of one step may be updated concurrently.</summary>
    private protected abstract void Update(Span<float> weights, ReadOnlySpan<float> gradient, OptimizerState state, float learningRate, long step);

    /// <summary>Fills the state buffers of a new parameter; zeros unless overridden.</summary>
    private protected virtual void InitializeState(float[][] state)
    {
    }

    private float[][] StateOf(Parameter p)
    {
        if (!_state.TryGetValue(p, out float[][]? state))
        {
            state = new float[StateCount][];
            for (int i = 0; i < state.Length; i++)
            {
                state[i] = new float[p.Value.Length];
            }

            InitializeState(state);
            _state.Add(p, state);
        }

        return state;
    }

    /// <summary>Updates one chunk per index: decoupled weight decay, then the rule.</summary>
    private sealed class ChunkUpdate(Optimizer optimizer) : Kernels.IParallelBody
    {
        public float LearningRate { get; set; }

        public void Run(int index)
        {
            var (parameter, state, start, length) = optimizer._chunks[index];
            Span<float> w = parameter.Value.Span.Slice(start, length);
            if (optimizer.WeightDecay > 0f)
            {
                TensorPrimitives.Multiply(w, 1f - (LearningRate * optimizer.WeightDecay), w);
            }

            optimizer.Update(w, parameter.Gradient.Span.Slice(start, length), new OptimizerState(state, start, length), LearningRate, optimizer.Iterations);
        }
    }

    private void Clip()
    {
        if (ClipValue > 0f)
        {
            foreach (Parameter p in _trainable)
            {
                TensorPrimitives.Clamp(p.Gradient.Span, -ClipValue, ClipValue, p.Gradient.Span);
            }
        }

        if (ClipNorm > 0f)
        {
            foreach (Parameter p in _trainable)
            {
                float norm = TensorPrimitives.Norm(p.Gradient.Span);
                if (norm > ClipNorm)
                {
                    TensorPrimitives.Multiply(p.Gradient.Span, ClipNorm / norm, p.Gradient.Span);
                }
            }
        }

        if (GlobalClipNorm > 0f)
        {
            double squares = 0;
            foreach (Parameter p in _trainable)
            {
                float norm = TensorPrimitives.Norm(p.Gradient.Span);
                squares += norm * (double)norm;
            }

            double global = Math.Sqrt(squares);
            if (global > GlobalClipNorm)
            {
                foreach (Parameter p in _trainable)
                {
                    TensorPrimitives.Multiply(p.Gradient.Span, (float)(GlobalClipNorm / global), p.Gradient.Span);
                }
            }
        }
    }

    // Keras' MaxNorm(axis=0): the weights into each unit (the last axis) form one vector.
    private static void ApplyMaxNorm(Parameter p)
    {
        Span<float> w = p.Value.Span;
        int units = p.Value.Shape[-1];
        for (int u = 0; u < units; u++)
        {
            double squares = 0;
            for (int i = u; i < w.Length; i += units)
            {
                squares += w[i] * (double)w[i];
            }

            double norm = Math.Sqrt(squares);
            if (norm > p.MaxNorm)
            {
                float scale = (float)(p.MaxNorm / norm);
                for (int i = u; i < w.Length; i += units)
                {
                    w[i] *= scale;
                }
            }
        }
    }
}
