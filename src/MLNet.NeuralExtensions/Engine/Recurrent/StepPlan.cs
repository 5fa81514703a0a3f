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

    /// <summary>Plans a pass over <paramref name="batch"/> examples of <paramref name="steps"/> steps, with the valid
    /// lengths of <paramref name="lengths"/> (its first <paramref name="batch"/> entries) or all steps when null.</summary>
    /// <exception cref="ArgumentException">A length is outside 1 to <paramref name="steps"/>; the message names the
    /// example and the <paramref name="layer"/>.</exception>
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

        if (lengths.Length < batch)
        {
            throw new ArgumentException($"{layer} got {lengths.Length} sequence lengths for a batch of {batch} examples.", nameof(lengths));
        }

        for (int b = 0; b < batch; b++)
        {
            int length = lengths[b];
            if (length < 1 || length > steps)
            {
                throw new ArgumentException($"{layer} runs over 1 to {steps} steps; example {b} of the batch has a sequence length of {length}.", nameof(lengths));
            }

            // Longest first; equal lengths keep batch order, so the plan does not depend on the sort's stability.
            _keys[b] = ((steps - length) * batch) + b;
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
