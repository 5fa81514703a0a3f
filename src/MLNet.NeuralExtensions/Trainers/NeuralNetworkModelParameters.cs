using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Model.OnnxConverter;
using Microsoft.ML.Runtime;
using Microsoft.ML.Trainers;
using MLNet.NeuralExtensions.Engine;
using MLNet.NeuralExtensions.Trainers;

[assembly: LoadableClass(typeof(NeuralNetworkModelParameters), null, typeof(SignatureLoadModel), "Neural network", NeuralNetworkModelParameters.LoaderSignature)]

namespace MLNet.NeuralExtensions.Trainers;

/// <summary>Prototype.</summary>
public sealed class NeuralNetworkModelParameters : ModelParametersBase<float>, IPredictorProducing<VBuffer<float>>, IValueMapperDist, ISingleCanSaveOnnx
{
    internal const string LoaderSignature = "NeuralNetworkModel";
    private const string RegistrationName = "NeuralNetworkModelParameters";

    internal NeuralNetworkModelParameters(IHostEnvironment env, Sequential network)
        : base(env, RegistrationName)
    {
        Network = network;
        InputType = new VectorDataViewType(NumberDataViewType.Single, network.InputShape.Size);
    }

    private NeuralNetworkModelParameters(IHostEnvironment env, ModelLoadContext ctx)
        : base(env, RegistrationName, ctx)
    {
        Sequential? network = null;
        ctx.TryLoadBinaryStream("Network", r => network = Sequential.Load(r));
        Network = network ?? throw new FormatException("no network");
        InputType = new VectorDataViewType(NumberDataViewType.Single, Network.InputShape.Size);
    }

    /// <summary>The network.</summary>
    public Sequential Network { get; }

    /// <inheritdoc/>
    protected override PredictionKind PredictionKind => PredictionKind.BinaryClassification;

    DataViewType IValueMapper.InputType => InputType;

    private VectorDataViewType InputType { get; }

    DataViewType IValueMapper.OutputType => NumberDataViewType.Single;

    DataViewType IValueMapperDist.DistType => NumberDataViewType.Single;

    private static VersionInfo GetVersionInfo() => new(
        modelSignature: "NNETMODL",
        verWrittenCur: 0x00010001,
        verReadableCur: 0x00010001,
        verWeCanReadBack: 0x00010001,
        loaderSignature: LoaderSignature,
        loaderAssemblyName: typeof(NeuralNetworkModelParameters).Assembly.FullName);

    /// <inheritdoc/>
    protected override void SaveCore(ModelSaveContext ctx)
    {
        base.SaveCore(ctx);
        ctx.SetVersionInfo(GetVersionInfo());
        ctx.SaveBinaryStream("Network", w => Network.Save(w));
    }

    internal static NeuralNetworkModelParameters Create(IHostEnvironment env, ModelLoadContext ctx)
    {
        ctx.CheckAtModel(GetVersionInfo());
        return new NeuralNetworkModelParameters(env, ctx);
    }

    ValueMapper<TSrc, TDst> IValueMapper.GetMapper<TSrc, TDst>()
    {
        Sequential copy = Network.Clone();
        ValueMapper<VBuffer<float>, float> map = (in VBuffer<float> src, ref float dst) =>
        {
            float[] x = new float[src.Length];
            src.CopyTo(x);
            dst = copy.Predict(x, 1)[0];
        };
        return (ValueMapper<TSrc, TDst>)(Delegate)map;
    }

    ValueMapper<TIn, TOut, TDist> IValueMapperDist.GetMapper<TIn, TOut, TDist>()
    {
        Sequential copy = Network.Clone();
        ValueMapper<VBuffer<float>, float, float> map = (in VBuffer<float> src, ref float score, ref float prob) =>
        {
            float[] x = new float[src.Length];
            src.CopyTo(x);
            score = copy.Predict(x, 1)[0];
            prob = 1f / (1f + MathF.Exp(-score));
        };
        return (ValueMapper<TIn, TOut, TDist>)(Delegate)map;
    }

    bool ICanSaveOnnx.CanSaveOnnx(OnnxContext ctx) => true;

    bool ISingleCanSaveOnnx.SaveAsOnnx(OnnxContext ctx, string[] outputNames, string featureColumn)
    {
        // outputNames: PredictedLabel, Score, Probability; ML.NET's binary scorer derives PredictedLabel from Score.
        string score = Onnx.NetworkOnnxExport.Emit(ctx, Network, featureColumn);
        ctx.CreateNode("Identity", score, outputNames[1], ctx.GetNodeName("Identity"), "");
        ctx.CreateNode("Sigmoid", outputNames[1], outputNames[2], ctx.GetNodeName("Sigmoid"), "");
        return true;
    }
}
