namespace MLNet.NeuralExtensions.Transforms;

/// <summary>
/// What a sampler decided, as the rows of its output in the order of the source: each source row appears a number of
/// times (0 if it is removed, more than once if it is repeated), followed by the synthetic rows grown from it, which
/// copy the source row except for their new feature values.
/// </summary>
internal sealed class ResamplingPlan
{
    private readonly int[] _copies;
    private readonly int[] _syntheticStart;
    private readonly float[] _syntheticFeatures;

    private ResamplingPlan(int[] copies, int[] syntheticStart, float[] syntheticFeatures, int width)
    {
        _copies = copies;
        _syntheticStart = syntheticStart;
        _syntheticFeatures = syntheticFeatures;
        Width = width;
        RowCount = copies.Sum(c => (long)c) + syntheticStart[^1];
    }

    /// <summary>Gets the number of feature slots of the synthetic rows (0 when there are none).</summary>
    public int Width { get; }

    /// <summary>Gets the number of rows the source must have.</summary>
    public int SourceRows => _copies.Length;

    /// <summary>Gets the number of output rows.</summary>
    public long RowCount { get; }

    /// <summary>The number of times source row <paramref name="row"/> is output unchanged.</summary>
    public int Copies(int row) => _copies[row];

    /// <summary>The index of the first synthetic row grown from source row <paramref name="row"/>.</summary>
    public int FirstSynthetic(int row) => _syntheticStart[row];

    /// <summary>The number of synthetic rows grown from source row <paramref name="row"/>.</summary>
    public int SyntheticCount(int row) => _syntheticStart[row + 1] - _syntheticStart[row];

    /// <summary>The feature values of synthetic row <paramref name="index"/>.</summary>
    public ReadOnlySpan<float> Synthetic(int index) => _syntheticFeatures.AsSpan(index * Width, Width);

    /// <summary>Collects a plan: starts with every source row output <c>copies</c> times and no synthetic row.</summary>
    internal sealed class Builder
    {
        private readonly int[] _copies;
        private readonly int _width;
        private readonly List<int> _seeds = [];
        private readonly List<float> _features = [];

        public Builder(int sourceRows, int width, int copies)
        {
            _copies = new int[sourceRows];
            Array.Fill(_copies, copies);
            _width = width;
        }

        /// <summary>Outputs source row <paramref name="row"/> once more.</summary>
        public void AddCopy(int row) => _copies[row]++;

        /// <summary>Adds a synthetic row grown from source row <paramref name="seed"/> with the given features.</summary>
        public void AddSynthetic(int seed, ReadOnlySpan<double> features)
        {
            _seeds.Add(seed);
            foreach (double v in features)
            {
                _features.Add((float)v);
            }
        }

        /// <summary>The plan, the synthetic rows of each seed in the order they were added.</summary>
        public ResamplingPlan Build()
        {
            int[] start = new int[_copies.Length + 1];
            foreach (int seed in _seeds)
            {
                start[seed + 1]++;
            }

            for (int r = 0; r < _copies.Length; r++)
            {
                start[r + 1] += start[r];
            }

            int[] next = start[..^1];
            float[] features = new float[_features.Count];
            for (int i = 0; i < _seeds.Count; i++)
            {
                int at = next[_seeds[i]]++;
                for (int slot = 0; slot < _width; slot++)
                {
                    features[(at * _width) + slot] = _features[(i * _width) + slot];
                }
            }

            return new ResamplingPlan(_copies, start, features, _width);
        }
    }
}
