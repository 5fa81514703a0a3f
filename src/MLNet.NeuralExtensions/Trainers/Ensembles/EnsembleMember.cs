using Microsoft.ML;
using System.Numerics.Tensors;
using Microsoft.ML.Data;
using Microsoft.ML.Model.OnnxConverter;

namespace MLNet.NeuralExtensions.Trainers;

/// <summary>One fitted member of an ensemble: its prediction transformer, the ensemble's feature slots it reads (all, or a
/// bagging sample) and what it contributes per row (<see cref="MemberOutput"/>).</summary>
internal sealed class EnsembleMember
{
    /// <summary>Wraps a fitted member.</summary>
    /// <exception cref="ArgumentException">Its model has no value mapper from a vector of Single, or gives no
    /// probability where <paramref name="output"/> needs one.</exception>
    public EnsembleMember(ISingleFeaturePredictionTransformer<object> transformer, int[]? featureIndices, MemberOutput output)
    {
        Transformer = transformer;
        FeatureIndices = featureIndices;
        Output = output;
        if (transformer.Model is not IValueMapper { InputType: VectorDataViewType { Size: > 0 } input } mapper || input.ItemType != NumberDataViewType.Single)
        {
            throw new ArgumentException($"{transformer.Model.GetType().Name} does not map a known-size vector of Single to its Score, as ML.NET's single-feature models do; it cannot be an ensemble member.");
        }

        if (output == MemberOutput.Probability && transformer.Model is not IValueMapperDist)
        {
            throw new ArgumentException($"{transformer.Model.GetType().Name} gives no probability.");
        }

        InputSize = input.Size;
        ScoreSize = mapper.OutputType is VectorDataViewType scores ? scores.Size : 1;
    }

    /// <summary>The member's prediction transformer.</summary>
    public ISingleFeaturePredictionTransformer<object> Transformer { get; }

    /// <summary>The ensemble's feature slots the member reads, in order; null for all.</summary>
    public int[]? FeatureIndices { get; }

    /// <summary>What the member contributes.</summary>
    public MemberOutput Output { get; }

    /// <summary>The size of the member's feature vector.</summary>
    public int InputSize { get; }

    /// <summary>The size of the member's Score: 1, or the number of classes.</summary>
    public int ScoreSize { get; }

    /// <summary>The values the member contributes per row: 1 (binary, regression) or the number of classes.</summary>
    public int OutputSize => Output == MemberOutput.Probability ? 1 : ScoreSize;

    /// <summary>A scorer of the member for one cursor.</summary>
    public Row CreateRow() => new(this);

    /// <summary>Writes the member's contribution into the ONNX graph, reading the ensemble's features variable
    /// <paramref name="features"/>; returns its float [N × <see cref="OutputSize"/>] variable.</summary>
    public string SaveAsOnnx(OnnxContext ctx, string features, string prefix)
    {
        string input = features;
        if (FeatureIndices is { } indices)
        {
            string slots = ctx.AddInitializer(indices.Select(i => (long)i), [indices.Length], $"{prefix}_FeatureIndices");
            input = ctx.AddIntermediateVariable(PredictorOnnx.Floats(indices.Length), $"{prefix}_Features");
            ctx.CreateNode("Gather", [features, slots], [input], ctx.GetNodeName("Gather"), "").AddAttribute("axis", 1L);
        }

        var (score, probability) = PredictorOnnx.Emit(ctx, Transformer.Model, input, prefix, ScoreSize);
        switch (Output)
        {
            case MemberOutput.Probability:
                return probability;
            case MemberOutput.Softmax:
                string softmax = ctx.AddIntermediateVariable(PredictorOnnx.Floats(ScoreSize), $"{prefix}_Probabilities");
                ctx.CreateNode("Softmax", score, softmax, ctx.GetNodeName("Softmax"), "").AddAttribute("axis", 1L);
                return softmax;
            case MemberOutput.Vote when ScoreSize == 1:
                string positive = ctx.AddIntermediateVariable(BooleanDataViewType.Instance, $"{prefix}_Positive");
                ctx.CreateNode("Greater", [score, ctx.AddInitializer(0f, "zero")], [positive], ctx.GetNodeName("Greater"), "");
                string vote = ctx.AddIntermediateVariable(NumberDataViewType.Single, $"{prefix}_Vote");
                ctx.CreateNode("Cast", positive, vote, ctx.GetNodeName("Cast"), "").AddAttribute("to", typeof(float));
                return vote;
            case MemberOutput.Vote:
                string winner = ctx.AddIntermediateVariable(null, $"{prefix}_Winner", true);
                OnnxNode argMax = ctx.CreateNode("ArgMax", score, winner, ctx.GetNodeName("ArgMax"), "");
                argMax.AddAttribute("axis", 1L);
                argMax.AddAttribute("keepdims", 0L);
                string votes = ctx.AddIntermediateVariable(PredictorOnnx.Floats(ScoreSize), $"{prefix}_Votes");
                string depth = ctx.AddInitializer([(long)ScoreSize], [1], "classes");
                string values = ctx.AddInitializer([0f, 1f], [2], "vote_values");
                ctx.CreateNode("OneHot", [winner, depth, values], [votes], ctx.GetNodeName("OneHot"), "").AddAttribute("axis", -1L);
                return votes;
            default:
                return score;
        }
    }

    /// <summary>The member scoring rows for one cursor: gathers its slots and turns its Score into its contribution.</summary>
    internal sealed class Row
    {
        private readonly EnsembleMember _member;
        private readonly PredictorRow _predictor;
        private readonly float[]? _gathered;

        public Row(EnsembleMember member)
        {
            _member = member;
            _predictor = new PredictorRow(member.Transformer.Model, member.Output == MemberOutput.Probability);
            _gathered = member.FeatureIndices is null ? null : new float[member.FeatureIndices.Length];
        }

        /// <summary>Writes the member's contribution for one row of the ensemble's dense features into
        /// <paramref name="destination"/> (<see cref="OutputSize"/> values).</summary>
        public void Score(float[] features, Span<float> destination)
        {
            VBuffer<float> input;
            if (_gathered is null)
            {
                input = new VBuffer<float>(features.Length, features);
            }
            else
            {
                int[] indices = _member.FeatureIndices!;
                for (int j = 0; j < indices.Length; j++)
                {
                    _gathered[j] = features[indices[j]];
                }

                input = new VBuffer<float>(_gathered.Length, _gathered);
            }

            _predictor.Map(in input);
            ReadOnlySpan<float> scores = _predictor.Scores;
            switch (_member.Output)
            {
                case MemberOutput.Probability:
                    destination[0] = _predictor.Probability;
                    break;
                case MemberOutput.Softmax:
                    TensorPrimitives.Subtract(scores, TensorPrimitives.Max(scores), destination);
                    TensorPrimitives.SoftMax(destination, destination);
                    break;
                case MemberOutput.Vote when scores.Length == 1:
                    destination[0] = scores[0] > 0 ? 1 : 0;
                    break;
                case MemberOutput.Vote:
                    int winner = TensorPrimitives.IndexOfMax(scores);
                    destination.Clear();
                    destination[winner] = 1;
                    break;
                default:
                    scores.CopyTo(destination);
                    break;
            }
        }
    }
}
