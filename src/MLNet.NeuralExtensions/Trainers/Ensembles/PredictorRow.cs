using Microsoft.ML.Data;

namespace MLNet.NeuralExtensions.Trainers;

/// <summary>One cursor's view of a member's (or meta-model's) model, through the value mapper ML.NET itself scores it
/// with: its Score (one value, or a vector) and, for a binary model that gives one, its probability. Used on one thread.</summary>
internal sealed class PredictorRow
{
    private readonly ValueMapper<VBuffer<float>, float>? _score;
    private readonly ValueMapper<VBuffer<float>, float, float>? _scoreAndProbability;
    private readonly ValueMapper<VBuffer<float>, VBuffer<float>>? _scores;
    private readonly float[] _output;
    private VBuffer<float> _vector;
    private float _probability;

    /// <summary>Makes the row mappers of <paramref name="model"/>.</summary>
    /// <param name="model">An <see cref="IValueMapper"/> from a vector of Single to Single or a vector of Single.</param>
    /// <param name="withProbability">Whether to map the probability too (the model is then an <see cref="IValueMapperDist"/>).</param>
    public PredictorRow(object model, bool withProbability)
    {
        var mapper = (IValueMapper)model;
        if (mapper.OutputType is VectorDataViewType vector)
        {
            _scores = mapper.GetMapper<VBuffer<float>, VBuffer<float>>();
            _output = new float[vector.Size];
        }
        else if (withProbability)
        {
            _scoreAndProbability = ((IValueMapperDist)model).GetMapper<VBuffer<float>, float, float>();
            _output = new float[1];
        }
        else
        {
            _score = mapper.GetMapper<VBuffer<float>, float>();
            _output = new float[1];
        }
    }

    /// <summary>The probability of the positive class, after <see cref="Map"/> of a row with the probability.</summary>
    public float Probability => _probability;

    /// <summary>The Score values of the row last mapped; valid until the next call.</summary>
    public ReadOnlySpan<float> Scores => _output;

    /// <summary>Scores one row into <see cref="Scores"/> (and <see cref="Probability"/>).</summary>
    public void Map(in VBuffer<float> features)
    {
        if (_scores is not null)
        {
            _scores(in features, ref _vector);
            _vector.CopyTo(_output);
        }
        else if (_scoreAndProbability is not null)
        {
            _scoreAndProbability(in features, ref _output[0], ref _probability);
        }
        else
        {
            _score!(in features, ref _output[0]);
        }
    }
}
