using MLNet.NeuralExtensions.Data;
using MLNet.NeuralExtensions.Onnx;
using MLNet.NeuralExtensions.Trainers;
using MLNet.NeuralExtensions.Transforms;

namespace MLNet.NeuralExtensions.Persistence;

/// <summary>
/// Every component type a model file may hold, by loader signature. Loading looks names up here and
/// nowhere else, so a file can never make the loader instantiate a type outside this list.
/// </summary>
internal static class ComponentRegistry
{
    private const int PredictionLayout = PredictionTransformerBase<object>.LayoutVersion;

    private static readonly Dictionary<string, Entry> s_entries = new Entry[]
    {
        new(TransformerChain<ITransformer>.LoaderSignature, 1, 1, TransformerChain<ITransformer>.Load),
        new(InputSchemaEntry.LoaderSignature, 1, 1, InputSchemaEntry.Load),
        new(ColumnCopyingTransformer.LoaderSignature, 1, 1, ColumnCopyingTransformer.Load),
        new(ColumnSelectingTransformer.LoaderSignature, 1, 1, ColumnSelectingTransformer.Load),
        new(ColumnConcatenatingTransformer.LoaderSignature, 1, 1, ColumnConcatenatingTransformer.Load),
        new(TypeConvertingTransformer.LoaderSignature, 1, 1, TypeConvertingTransformer.Load),
        new(ValueToKeyMappingTransformer.LoaderSignature, 1, 1, ValueToKeyMappingTransformer.Load),
        new(KeyToValueMappingTransformer.LoaderSignature, 1, 1, KeyToValueMappingTransformer.Load),
        new(KeyToVectorMappingTransformer.LoaderSignature, 1, 1, KeyToVectorMappingTransformer.Load),
        new(OneHotEncodingTransformer.LoaderSignature, 1, 1, OneHotEncodingTransformer.Load),
        new(OnnxTransformer.LoaderSignature, 1, 1, OnnxTransformer.Load),
        new(NormalizingTransformer.LoaderSignature, 1, 1, NormalizingTransformer.Load),
        new(LpNormNormalizingTransformer.LoaderSignature, 1, 1, LpNormNormalizingTransformer.Load),
        new(MissingValueReplacingTransformer.LoaderSignature, 1, 1, MissingValueReplacingTransformer.Load),
        new(MissingValueIndicatorTransformer.LoaderSignature, 1, 1, MissingValueIndicatorTransformer.Load),
        new(NearestNeighborImputingTransformer.LoaderSignature, 1, 1, NearestNeighborImputingTransformer.Load),
        new(IterativeImputingTransformer.LoaderSignature, 1, 1, IterativeImputingTransformer.Load),
        new(ResamplingTransformer.LoaderSignature, 1, 1, ResamplingTransformer.Load),
        new(BinaryPredictionTransformer<NeuralNetworkModelParameters>.LoaderSignature, PredictionLayout, PredictionLayout, BinaryPredictionTransformer<NeuralNetworkModelParameters>.Load),
        new(MulticlassPredictionTransformer<NeuralNetworkModelParameters>.LoaderSignature, PredictionLayout, PredictionLayout, MulticlassPredictionTransformer<NeuralNetworkModelParameters>.Load),
        new(RegressionPredictionTransformer<NeuralNetworkModelParameters>.LoaderSignature, PredictionLayout, PredictionLayout, RegressionPredictionTransformer<NeuralNetworkModelParameters>.Load),
        new(LstmForecastingTransformer.LoaderSignature, 1, 1, LstmForecastingTransformer.Load),
        new(AnomalyPredictionTransformer<AutoencoderModelParameters>.LoaderSignature, PredictionLayout, PredictionLayout, AnomalyPredictionTransformer<AutoencoderModelParameters>.Load),
        new(AutoencoderEncodingTransformer.LoaderSignature, 1, 1, AutoencoderEncodingTransformer.Load),
        new(NeuralNetworkModelParameters.LoaderSignature, 1, 1, NeuralNetworkModelParameters.Load),
        new(AutoencoderModelParameters.LoaderSignature, 1, 1, AutoencoderModelParameters.Load),
        new(SomModelParameters.LoaderSignature, 1, 1, SomModelParameters.Load),
        new(EnsembleModelParameters.LoaderSignature, 1, 1, EnsembleModelParameters.Load),
        new(ClusteringPredictionTransformer<SomModelParameters>.LoaderSignature, PredictionLayout, PredictionLayout, ClusteringPredictionTransformer<SomModelParameters>.Load),
    }.ToDictionary(e => e.Signature, StringComparer.Ordinal);

    /// <summary>Finds a registered component, or null.</summary>
    public static Entry? Find(string signature) => s_entries.GetValueOrDefault(signature);

    /// <summary>A loadable component: its signature, the layout versions it reads, and its loader.</summary>
    internal sealed record Entry(string Signature, int CurrentVersion, int OldestReadableVersion, Func<ModelLoadContext, object> Load);
}
