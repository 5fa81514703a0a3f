namespace MLNet.NeuralExtensions.Engine;

/// <summary>
/// A learning rate as a function of the update count (0 for the first update), as Keras' schedules. Create one with the
/// static methods and set it as <see cref="Optimizer.Schedule"/>.
/// </summary>
public abstract class LearningRateSchedule
{
    private protected LearningRateSchedule()
    {
    }

    /// <summary>The learning rate of update number <paramref name="step"/> (counting from 0).</summary>
    public abstract float GetLearningRate(long step);

    /// <summary>A constant rate.</summary>
    public static LearningRateSchedule Constant(float learningRate) => new FunctionSchedule(_ => learningRate);

    /// <summary>Multiplies the rate by <paramref name="factor"/> (default 0.1) every <paramref name="stepSize"/> updates,
    /// as PyTorch's StepLR.</summary>
    public static LearningRateSchedule Step(float initialLearningRate, int stepSize, float factor = 0.1f)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(stepSize, 1);
        return new FunctionSchedule(step => initialLearningRate * MathF.Pow(factor, step / stepSize));
    }

    /// <summary>initial · rate^(step / decaySteps), the exponent floored when <paramref name="staircase"/> (default false).</summary>
    public static LearningRateSchedule Exponential(float initialLearningRate, int decaySteps, float decayRate, bool staircase = false)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(decaySteps, 1);
        return new FunctionSchedule(step => initialLearningRate * MathF.Pow(decayRate, Progress(step, decaySteps, staircase)));
    }

    /// <summary>initial / (1 + rate · step / decaySteps), the ratio floored when <paramref name="staircase"/> (default false).</summary>
    public static LearningRateSchedule InverseTime(float initialLearningRate, int decaySteps, float decayRate, bool staircase = false)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(decaySteps, 1);
        return new FunctionSchedule(step => initialLearningRate / (1f + (decayRate * Progress(step, decaySteps, staircase))));
    }

    /// <summary>
    /// (initial − end) · (1 − s / decaySteps)^power + end with s = min(step, decaySteps); with <paramref name="cycle"/>
    /// the decay restarts over multiples of decaySteps instead. Keras' defaults: end 1e-4, power 1, no cycle.
    /// </summary>
    public static LearningRateSchedule Polynomial(float initialLearningRate, int decaySteps, float endLearningRate = 1e-4f, float power = 1f, bool cycle = false)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(decaySteps, 1);
        return new FunctionSchedule(step =>
        {
            double span = decaySteps;
            if (cycle)
            {
                span = decaySteps * Math.Max(1.0, Math.Ceiling(step / (double)decaySteps));
            }

            double fraction = Math.Min(step, span) / span;
            return (float)(((initialLearningRate - endLearningRate) * Math.Pow(1 - fraction, power)) + endLearningRate);
        });
    }

    /// <summary>
    /// Cosine decay (Loshchilov and Hutter, 2017) from the peak to alpha · peak over <paramref name="decaySteps"/>, after an
    /// optional linear warm-up from <paramref name="initialLearningRate"/> to <paramref name="warmupTarget"/> over
    /// <paramref name="warmupSteps"/> (the peak is the warm-up target when there is one, else the initial rate). Defaults:
    /// alpha 0, no warm-up.
    /// </summary>
    public static LearningRateSchedule Cosine(float initialLearningRate, int decaySteps, float alpha = 0f, float? warmupTarget = null, int warmupSteps = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(decaySteps, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(warmupSteps);
        float peak = warmupTarget ?? initialLearningRate;
        return new FunctionSchedule(step =>
        {
            if (step < warmupSteps)
            {
                return initialLearningRate + ((peak - initialLearningRate) * step / warmupSteps);
            }

            double fraction = Math.Min(step - warmupSteps, decaySteps) / (double)decaySteps;
            return (float)(peak * (((1 - alpha) * 0.5 * (1 + Math.Cos(Math.PI * fraction))) + alpha));
        });
    }

    /// <summary>
    /// Cosine decay with warm restarts (SGDR): the first period lasts <paramref name="firstDecaySteps"/>, each next one
    /// <paramref name="periodMultiplier"/> times longer (default 2) with its peak times <paramref name="peakMultiplier"/>
    /// (default 1); alpha (default 0) is the floor as a fraction of the peak.
    /// </summary>
    public static LearningRateSchedule CosineWithRestarts(float initialLearningRate, int firstDecaySteps, float periodMultiplier = 2f, float peakMultiplier = 1f, float alpha = 0f)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(firstDecaySteps, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(periodMultiplier, 1f);
        return new FunctionSchedule(step =>
        {
            double position = step / (double)firstDecaySteps;
            double restart;
            if (periodMultiplier == 1f)
            {
                restart = Math.Floor(position);
                position -= restart;
            }
            else
            {
                restart = Math.Floor(Math.Log(1 - (position * (1 - periodMultiplier))) / Math.Log(periodMultiplier));
                double sum = (1 - Math.Pow(periodMultiplier, restart)) / (1 - periodMultiplier);
                position = (position - sum) / Math.Pow(periodMultiplier, restart);
            }

            double peak = Math.Pow(peakMultiplier, restart);
            return (float)(initialLearningRate * (((1 - alpha) * peak * 0.5 * (1 + Math.Cos(Math.PI * position))) + alpha));
        });
    }

    /// <summary>
    /// The one-cycle policy (Smith and Topin, 2019) as PyTorch's OneCycleLR with cosine annealing: from max / divFactor up
    /// to <paramref name="maxLearningRate"/> over the first <paramref name="warmupFraction"/> of
    /// <paramref name="totalSteps"/>, then down to max / (divFactor · finalDivFactor). Defaults 0.3, 25 and 1e4.
    /// </summary>
    public static LearningRateSchedule OneCycle(float maxLearningRate, int totalSteps, float warmupFraction = 0.3f, float divFactor = 25f, float finalDivFactor = 1e4f)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(totalSteps, 2);
        double initial = maxLearningRate / divFactor;
        double minimum = initial / finalDivFactor;
        double peakStep = (warmupFraction * totalSteps) - 1;
        double lastStep = totalSteps - 1;
        return new FunctionSchedule(step =>
        {
            double s = Math.Min(step, lastStep);
            return s <= peakStep
                ? (float)Anneal(initial, maxLearningRate, s / Math.Max(peakStep, 1e-12))
                : (float)Anneal(maxLearningRate, minimum, (s - peakStep) / (lastStep - peakStep));
        });
    }

    private static double Anneal(double start, double end, double fraction) => end + ((start - end) / 2 * (1 + Math.Cos(Math.PI * fraction)));

    private static float Progress(long step, int decaySteps, bool staircase) => staircase ? step / decaySteps : step / (float)decaySteps;

    private sealed class FunctionSchedule(Func<long, float> rate) : LearningRateSchedule
    {
        public override float GetLearningRate(long step) => rate(step);
    }
}
