using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Model.OnnxConverter;
using Microsoft.ML.Runtime;
using MLNet.NeuralExtensions.Engine;
using MLNet.NeuralExtensions.Forecasting;
using MLNet.NeuralExtensions.Scoring;
using MLNet.NeuralExtensions.Trainers;

[assembly: LoadableClass(typeof(ForecastingNetworkModelParameters), null, typeof(SignatureLoadModel),
    "Neural network forecaster's network", ForecastingNetworkModelParameters.LoaderSignature)]

namespace MLNet.NeuralExtensions.Forecasting;

/// <summary>
/// The trained network of an <see cref="LstmForecastingTransformer"/>, saved and scored as every trained network is:
/// it maps a window of the standardized series (steps × 1) to the standardized values of the horizon after it. The
/// forecaster standardizes its window and maps the outputs back to the series' units; this model's own value mapper
/// and ONNX form are the bare network's.
/// </summary>
internal sealed class ForecastingNetworkModelParameters : NeuralNetworkModelParameters
{
    internal const string LoaderSignature = "NeuralNetForecastModel";
    private const string RegistrationName = nameof(ForecastingNetworkModelParameters);

    internal ForecastingNetworkModelParameters(IHostEnvironment env, Sequential network, TrainingHistory history, ScoringSettings scoring)
        : base(env, RegistrationName, network, history, scoring, readsSequencesOfVaryingLength: false)
    {
    }

    private ForecastingNetworkModelParameters(IHostEnvironment env, ModelLoadContext ctx)
        : base(env, RegistrationName, ctx, GetVersionInfo())
    {
    }

    /// <inheritdoc/>
    protected override PredictionKind PredictionKind => PredictionKind.MultiOutputRegression;

    private protected override DataViewType OutputType => new VectorDataViewType(NumberDataViewType.Single, Network.OutputShape.Size);

    private protected override VersionInfo Version => GetVersionInfo();

    private static VersionInfo GetVersionInfo() => new(
        modelSignature: "NNFORECA",
        verWrittenCur: 0x00010001,
        verReadableCur: 0x00010001,
        verWeCanReadBack: 0x00010001,
        loaderSignature: LoaderSignature,
        loaderAssemblyName: typeof(ForecastingNetworkModelParameters).Assembly.FullName);

    private protected override Delegate CreateMapper(RowInput input)
    {
        ValueMapper<VBuffer<float>, VBuffer<float>> map = (in VBuffer<float> window, ref VBuffer<float> horizon) =>
        {
            ReadOnlySpan<float> outputs = input.Score(window);
            VBufferEditor<float> editor = VBufferEditor.Create(ref horizon, outputs.Length);
            outputs.CopyTo(editor.Values);
            horizon = editor.Commit();
        };
        return map;
    }

    // The bare network's outputs, as the value mapper gives them.
    private protected override void SaveOutputsAsOnnx(OnnxContext ctx, string[] outputNames, string raw) =>
        ctx.CreateNode("Identity", [raw], [outputNames[0]], ctx.GetNodeName("Identity"), "");
}
