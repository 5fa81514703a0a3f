using System.Numerics.Tensors;
using Microsoft.ML.Data;

namespace MLNet.NeuralExtensions.Trainers;

/// <summary>One cursor's scoring of an ensemble: a row scorer per member (and one of the meta-model), combining one row
/// at a time as ML.NET's scorers ask. Used on one thread.</summary>
internal sealed class EnsembleRowCombiner
{
    private readonly EnsembleMember.Row[] _rows;
    private readonly int[] _sizes;
    private readonly float[] _weights;
    private readonly float[] _features;
    private readonly float[] _contribution;
    private readonly float[] _combined;
    private readonly float[]? _metaInput;
    private readonly PredictorRow? _meta;
    private readonly bool _passthrough;

    public EnsembleRowCombiner(EnsembleModelParameters model)
    {
        _rows = [.. model.EnsembleMembers.Select(m => m.CreateRow())];
        _sizes = [.. model.EnsembleMembers.Select(m => m.OutputSize)];
        _weights = [.. model.Weights];
        _features = new float[model.FeatureCount];
        _contribution = new float[_sizes[0]];
        _combined = new float[_sizes[0]];
        _passthrough = model.Passthrough;
        if (model.MetaModel is { } meta)
        {
            _meta = new PredictorRow(meta.Model, meta.Model is IValueMapperDist);
            _metaInput = new float[_sizes.Sum() + (_passthrough ? model.FeatureCount : 0)];
        }
    }

    /// <summary>The meta-model's probability of the positive class, after <see cref="Combine"/> (binary stacking).</summary>
    public float MetaProbability => _meta!.Probability;

    /// <summary>The weighted mean of the members' contributions for one row or, in stacking, the meta-model's Score of
    /// them; valid until the next call.</summary>
    /// <exception cref="InvalidDataException">The row's feature vector is not of the ensemble's size.</exception>
    public ReadOnlySpan<float> Combine(in VBuffer<float> features)
    {
        if (features.Length != _features.Length)
        {
            throw new InvalidDataException($"The feature vector has {features.Length} values; the ensemble reads {_features.Length}.");
        }

        features.CopyTo(_features);
        if (_meta is null)
        {
            _combined.AsSpan().Clear();
            for (int m = 0; m < _rows.Length; m++)
            {
                _rows[m].Score(_features, _contribution);
                TensorPrimitives.MultiplyAdd(_contribution, _weights[m], _combined, _combined);
            }

            return _combined;
        }

        int offset = 0;
        for (int m = 0; m < _rows.Length; m++)
        {
            _rows[m].Score(_features, _metaInput.AsSpan(offset, _sizes[m]));
            offset += _sizes[m];
        }

        if (_passthrough)
        {
            _features.CopyTo(_metaInput.AsSpan(offset));
        }

        var input = new VBuffer<float>(_metaInput!.Length, _metaInput);
        _meta.Map(in input);
        return _meta.Scores;
    }
}
