namespace MLNet.NeuralExtensions.Engine;

/// <summary>
/// How a recurrent layer walks a batch whose sequences have different lengths: the examples in order of length,
/// longest first, so that the ones still running at any step are a prefix of the batch, and how many run at each step.
/// Without lengths every example runs every step, in batch order.
/// </summary>
internal sealed class StepPlan
{
    private int[] _order = [];
    private int[] _lengths = [];
    private int[] _active = [];
    private int[] _keys = [];

    /// <summary>The example at <paramref name="position"/> of the plan.</summary>
    public int Example(int position) => _order[position];

    /// <summary>The number of valid steps of the example at <paramref name="position"/>.</summary>
    public int Length(int position) => _lengths[position];

    /// <summary>How many examples (the first ones of the plan) take part in step <paramref name="step"/>; 0 for the
    /// step after the last.</summary>
    public int Active(int step) => _active[step];

    /// <summary>Throws unless <paramref name="sequenceLengths"/> holds <paramref name="count"/> lengths of 1 to
    /// <paramref name="steps"/>; the message says that <paramref name="owner"/> <paramref name="verb"/> that range
    /// ("the network" "takes").</summary>
    /// <exception cref="ArgumentException">The count or a length is wrong; the message names the example.</exception>
    public static void Check(ReadOnlySpan<int> sequenceLengths, int count, int steps, string owner, string verb)
    {
        if (sequenceLengths.Length != count)
        {
            throw new ArgumentException($"{count} examples need {count} sequence lengths; got {sequenceLengths.Length}.", nameof(sequenceLengths));
        }

        for (int i = 0; i < count; i++)
        {
            if (sequenceLengths[i] < 1 || sequenceLengths[i] > steps)
            {
                throw new ArgumentException($"Example {i} has a sequence length of {sequenceLengths[i]}; {owner} {verb} 1 to {steps} steps.", nameof(sequenceLengths));
            }
        }
    }

    /// <summary>Plans a pass over <paramref name="batch"/> examples of <paramref name="steps"/> steps, with the valid
    /// lengths of <paramref name="lengths"/> (its first <paramref name="batch"/> entries) or all steps when null.</summary>
    /// <exception cref="ArgumentException">There are too few lengths, or one is outside 1 to <paramref name="steps"/>;
    /// the message names the example and the <paramref name="layer"/>.</exception>
    public void Plan(int batch, int steps, int[]? lengths, string layer)
    {
        if (_order.Length < batch)
        {
            _order = new int[batch];
            _lengths = new int[batch];
            _keys = new int[batch];
        }

        if (_active.Length < steps + 1)
        {
            _active = new int[steps + 1];
        }

        if (lengths is null)
        {
            for (int p = 0; p < batch; p++)
            {
                _order[p] = p;
                _lengths[p] = steps;
            }

            _active.AsSpan(0, steps).Fill(batch);
            _active[steps] = 0;
            return;
        }

        Check(lengths.AsSpan(0, Math.Min(lengths.Length, batch)), batch, steps, layer, "takes");
        for (int b = 0; b < batch; b++)
        {
            // Longest first; equal lengths keep batch order, so the plan does not depend on the sort's stability.
            _keys[b] = ((steps - lengths[b]) * batch) + b;
            _order[b] = b;
        }

        Array.Sort(_keys, _order, 0, batch);
        for (int p = 0; p < batch; p++)
        {
            _lengths[p] = lengths[_order[p]];
        }

        int running = batch;
        for (int s = 0; s <= steps; s++)
        {
            while (running > 0 && _lengths[running - 1] <= s)
            {
                running--;
            }

            _active[s] = running;
        }
    }
}
