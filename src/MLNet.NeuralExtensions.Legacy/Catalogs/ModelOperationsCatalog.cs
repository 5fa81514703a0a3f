using MLNet.NeuralExtensions.Engine;
using MLNet.NeuralExtensions.Persistence;

namespace MLNet.NeuralExtensions;

/// <summary>Saving and loading models, and prediction engines; <c>mlContext.Model</c>.</summary>
public sealed class ModelOperationsCatalog
{
    internal ModelOperationsCatalog(MLContext context) => Context = context;

    internal MLContext Context { get; }

    /// <summary>Writes a model and the schema of its input into one zip stream.</summary>
    /// <param name="model">The fitted model; <see langword="null"/> saves an empty chain.</param>
    /// <param name="inputSchema">The schema of the data the model takes; may be <see langword="null"/>.</param>
    /// <param name="stream">A writable stream; left open.</param>
    public void Save(ITransformer? model, DataViewSchema? inputSchema, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ModelArchive.Write(stream, model, inputSchema);
    }

    /// <summary>
    /// Writes a model to a file atomically: it is written to a temporary file beside <paramref name="filePath"/>
    /// and moved into place only when complete, so a failure never leaves a half-written model.
    /// </summary>
    /// <param name="model">The fitted model; <see langword="null"/> saves an empty chain.</param>
    /// <param name="inputSchema">The schema of the data the model takes; may be <see langword="null"/>.</param>
    /// <param name="filePath">The model file to create or replace.</param>
    public void Save(ITransformer? model, DataViewSchema? inputSchema, string filePath)
    {
        ArgumentException.ThrowIfNullOrEmpty(filePath);
        AtomicFile.Write(filePath, stream => Save(model, inputSchema, stream));
    }

    /// <summary>Reads a model written by <see cref="Save(ITransformer?, DataViewSchema?, Stream)"/>.</summary>
    /// <param name="stream">A readable, seekable stream.</param>
    /// <param name="inputSchema">Receives the saved input schema (empty when none was saved).</param>
    /// <returns>The model.</returns>
    /// <exception cref="ModelFileException">The stream is truncated, corrupted, too new, or holds an unknown component; the message names the entry.</exception>
    public ITransformer Load(Stream stream, out DataViewSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return Load(stream, "<stream>", out inputSchema);
    }

    /// <summary>Reads a model file. Only components of this library's registry are ever instantiated.</summary>
    /// <param name="filePath">The model file.</param>
    /// <param name="inputSchema">Receives the saved input schema (empty when none was saved).</param>
    /// <returns>The model.</returns>
    /// <exception cref="ModelFileException">The file is truncated, corrupted, too new, or holds an unknown component; the message names the entry.</exception>
    public ITransformer Load(string filePath, out DataViewSchema inputSchema)
    {
        ArgumentException.ThrowIfNullOrEmpty(filePath);
        using var stream = new FileStream(filePath, FileMode.Open, FileAccess.Read);
        return Load(stream, filePath, out inputSchema);
    }

    /// <summary>Writes the scoring computation of a fitted pipeline to <paramref name="stream"/> as an ONNX model (opset
    /// 17), as ML.NET's ConvertToOnnx: the visible columns of <paramref name="inputData"/> that can be tensors
    /// ([batch × values per row]) and that the graph reads or outputs are its inputs, named as the columns; every column of the transformed data
    /// is an output named "column.output". Training-time transformers (samplers) add nothing.</summary>
    /// <param name="model">The fitted pipeline.</param>
    /// <param name="inputData">Data with the pipeline's input schema; only its schema is read.</param>
    /// <param name="stream">Receives the model.</param>
    /// <exception cref="NotSupportedException">A transformer, or a configuration of one, cannot be exported; the
    /// message names it and says why.</exception>
    public void ConvertToOnnx(ITransformer model, IDataView inputData, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(inputData);
        ArgumentNullException.ThrowIfNull(stream);
        Google.Protobuf.MessageExtensions.WriteTo(Onnx.OnnxPipelineExporter.Export(model, inputData.Schema), stream);
    }

    /// <summary>Creates an engine that predicts one example at a time.</summary>
    /// <typeparam name="TSrc">The input class; its members map to the model's input columns.</typeparam>
    /// <typeparam name="TDst">The output class; members whose column is missing from the model's output are left unset.</typeparam>
    /// <param name="transformer">The fitted model.</param>
    /// <returns>The engine. It is not thread-safe: use one per thread, or <see cref="CreatePredictionEnginePool{TSrc, TDst}"/>.</returns>
    public PredictionEngine<TSrc, TDst> CreatePredictionEngine<TSrc, TDst>(ITransformer transformer)
        where TSrc : class
        where TDst : class, new()
    {
        ArgumentNullException.ThrowIfNull(transformer);
        return new PredictionEngine<TSrc, TDst>(transformer);
    }

    /// <summary>Creates a thread-safe pool of prediction engines over one model, for servers that predict from many threads.</summary>
    /// <typeparam name="TSrc">The input class.</typeparam>
    /// <typeparam name="TDst">The output class.</typeparam>
    /// <param name="transformer">The fitted model.</param>
    /// <returns>The pool.</returns>
    public PredictionEnginePool<TSrc, TDst> CreatePredictionEnginePool<TSrc, TDst>(ITransformer transformer)
        where TSrc : class
        where TDst : class, new()
    {
        ArgumentNullException.ThrowIfNull(transformer);
        return new PredictionEnginePool<TSrc, TDst>(transformer);
    }

    private static ITransformer Load(Stream stream, string name, out DataViewSchema inputSchema)
    {
        ITransformer model = ModelArchive.Read(stream, name, out DataViewSchema? schema);
        inputSchema = schema ?? new DataViewSchema.Builder().ToSchema();
        return model;
    }
}
