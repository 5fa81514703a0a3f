using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Internal.Utilities;
using Microsoft.ML.Runtime;

namespace MLNet.NeuralExtensions.Trainers;

/// <summary>
/// The row mapper ML.NET's binary scorer uses for <see cref="NeuralNetworkBinaryModelParameters"/>: Score and Probability
/// of each row from one network pass. It stands in for ML.NET's wrapper of calibrated binary predictors, which takes only
/// feature vectors of a known size, so that a network over sequences of varying length scores too.
/// </summary>
internal sealed class NeuralNetworkBinaryRowMapper : ISchemaBoundRowMapper
{
    private readonly NeuralNetworkBinaryModelParameters _model;

    public NeuralNetworkBinaryRowMapper(NeuralNetworkBinaryModelParameters model, RoleMappedSchema schema)
    {
        _model = model;
        InputRoleMappedSchema = schema;
        if (schema.Feature is not { } features || features.Type is not VectorDataViewType { ItemType: NumberDataViewType single } vector || single != NumberDataViewType.Single
            || (vector.Size != 0) == model.ReadsSequencesOfVaryingLength)
        {
            throw Contracts.ExceptSchemaMismatch(nameof(schema), "feature", schema.Feature?.Name ?? "(none)",
                model.ReadsSequencesOfVaryingLength ? "Vector<Single> of varying size" : "Vector<Single> of a known size", schema.Feature?.Type.ToString() ?? "none");
        }
    }

    public RoleMappedSchema InputRoleMappedSchema { get; }

    public DataViewSchema InputSchema => InputRoleMappedSchema.Schema;

    public DataViewSchema OutputSchema { get; } = ScoreSchemaFactory.CreateBinaryClassificationSchema();

    public ISchemaBindableMapper Bindable => _model;

    public IEnumerable<KeyValuePair<RoleMappedSchema.ColumnRole, string>> GetInputColumnRoles()
    {
        yield return RoleMappedSchema.ColumnRole.Feature.Bind(InputRoleMappedSchema.Feature!.Value.Name);
    }

    public IEnumerable<DataViewSchema.Column> GetDependenciesForNewColumns(IEnumerable<DataViewSchema.Column> dependingColumns)
        => dependingColumns.Any() ? [InputRoleMappedSchema.Feature!.Value] : [];

    public DataViewRow GetRow(DataViewRow input, IEnumerable<DataViewSchema.Column> activeColumns)
    {
        bool[] active = Utils.BuildArray(OutputSchema.Count, activeColumns);
        var getters = new Delegate[2];
        if (active[0] || active[1])
        {
            ValueGetter<VBuffer<float>> readFeatures = input.GetGetter<VBuffer<float>>(InputRoleMappedSchema.Feature!.Value);
            ValueMapper<VBuffer<float>, float, float> map = ((IValueMapperDist)_model).GetMapper<VBuffer<float>, float, float>();
            VBuffer<float> features = default;
            float score = 0, probability = 0;
            long position = -1;
            void Score()
            {
                if (position != input.Position)
                {
                    readFeatures(ref features);
                    map(in features, ref score, ref probability);
                    position = input.Position;
                }
            }

            getters[0] = (ValueGetter<float>)((ref float value) =>
            {
                Score();
                value = score;
            });
            getters[1] = (ValueGetter<float>)((ref float value) =>
            {
                Score();
                value = probability;
            });
        }

        return new SimpleRow(OutputSchema, input, getters);
    }
}
