using System.Runtime.CompilerServices;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using Microsoft.ML.Trainers;
using MLNet.NeuralExtensions.Engine;
using MLNet.NeuralExtensions.Scoring;
using MLNet.NeuralExtensions.Trainers;

// The bench builds an ML.NET binary prediction transformer around its own model parameters, as the package does: it is
// compiled against ML.NET's publicized surface (eng/Publicizer) and runs against the real assemblies.
[assembly: IgnoresAccessChecksTo("Microsoft.ML.Core")]
[assembly: IgnoresAccessChecksTo("Microsoft.ML.Data")]

namespace ScoringBench;

/// <summary>
/// A stand-in for the package's binary network model parameters while the prototype trainer still builds a single
/// dense layer: a 30-100-1 network scored as ML.NET scores every binary predictor, row by row through
/// <see cref="IValueMapperDist"/>, each mapper delegate with its own <see cref="NetworkScoring"/> row scorer. This is
/// the route the contract of <see cref="NetworkScoring"/> gives the real model parameters; its figures are what their
/// <c>model.Transform</c> and <c>PredictionEngine</c> will see.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "ML.NET never disposes model parameters; the session lives as long as the model.")]
internal sealed class BenchNetworkModel : ModelParametersBase<float>, IValueMapperDist
{
    private readonly NetworkScoring _scoring;
    private readonly int _inputSize;

    private BenchNetworkModel(IHostEnvironment env, Sequential network, ScoringBackend backend)
        : base(env, "BenchNetworkModel")
    {
        _scoring = new NetworkScoring(network, new ScoringSettings(backend, null, null), env, withSequenceLengths: false);
        _inputSize = network.InputShape.Size;
    }

    /// <summary>What scores the rows.</summary>
    public string ExecutionProvider => _scoring.ExecutionProvider;

    DataViewType IValueMapper.InputType => new VectorDataViewType(NumberDataViewType.Single, _inputSize);

    DataViewType IValueMapper.OutputType => NumberDataViewType.Single;

    DataViewType IValueMapperDist.DistType => NumberDataViewType.Single;

    protected override PredictionKind PredictionKind => PredictionKind.BinaryClassification;

    /// <summary>A binary prediction transformer over <paramref name="network"/> for a "Features" column of
    /// <paramref name="schema"/>.</summary>
    public static BinaryPredictionTransformer<BenchNetworkModel> Transformer(MLContext ml, Sequential network, ScoringBackend backend, DataViewSchema schema)
        => new(ml, new BenchNetworkModel(ml, network, backend), schema, "Features");

    ValueMapper<TSrc, TDst> IValueMapper.GetMapper<TSrc, TDst>()
    {
        var row = new RowMapper(_scoring.CreateRowScorer(), _inputSize);
        ValueMapper<VBuffer<float>, float> map = (in VBuffer<float> src, ref float score) => score = row.Score(src);
        return (ValueMapper<TSrc, TDst>)(Delegate)map;
    }

    ValueMapper<TIn, TOut, TDist> IValueMapperDist.GetMapper<TIn, TOut, TDist>()
    {
        var row = new RowMapper(_scoring.CreateRowScorer(), _inputSize);
        ValueMapper<VBuffer<float>, float, float> map = (in VBuffer<float> src, ref float score, ref float probability) =>
        {
            score = row.Score(src);
            probability = 1f / (1f + MathF.Exp(-score));
        };
        return (ValueMapper<TIn, TOut, TDist>)(Delegate)map;
    }

    protected override void SaveCore(ModelSaveContext ctx) => throw new NotSupportedException("The bench's model is not saved.");

    // One delegate's state: its row scorer and, for sparse rows, a dense copy.
    private sealed class RowMapper(IRowScorer scorer, int inputSize)
    {
        private readonly float[] _dense = new float[inputSize];
        private readonly float[] _output = new float[1];

        public float Score(in VBuffer<float> src)
        {
            if (src.IsDense)
            {
                scorer.Score(src.GetValues(), _output);
            }
            else
            {
                src.CopyTo(_dense);
                scorer.Score(_dense, _output);
            }

            return _output[0];
        }
    }
}
