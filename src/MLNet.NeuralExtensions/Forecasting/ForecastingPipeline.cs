using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNet.NeuralExtensions.Forecasting;

/// <summary>
/// A model holding one <see cref="LstmForecastingTransformer"/>, as a time-series engine runs it: the model's own
/// transforms map the example row by row around the forecaster, which forecasts from the engine's window; saved, it is
/// the model with the forecaster's window replaced by the engine's. The model itself is not changed.
/// </summary>
internal sealed class ForecastingPipeline : ITransformer
{
    private readonly ITransformer _model;
    private readonly LstmForecastingTransformer _forecaster;

    /// <exception cref="ArgumentException"><paramref name="model"/> holds no forecaster, or more than one.</exception>
    public ForecastingPipeline(ITransformer model)
    {
        _model = model;
        LstmForecastingTransformer[] found = [.. Flatten(model).OfType<LstmForecastingTransformer>()];
        _forecaster = found.Length switch
        {
            1 => found[0],
            0 => throw new ArgumentException($"The model ({model.GetType().Name}) holds no {nameof(LstmForecastingTransformer)} (ForecastByLstm's transformer) for a time-series engine to drive.", nameof(model)),
            _ => throw new ArgumentException($"The model holds {found.Length} forecasters; a time-series engine drives one.", nameof(model)),
        };
        Window = _forecaster.CreateWindow();
    }

    /// <summary>Gets the forecaster the engine drives.</summary>
    public LstmForecastingTransformer Forecaster => _forecaster;

    /// <summary>Gets the engine's window.</summary>
    public ForecastWindow Window { get; }

    /// <summary>Gets the forecaster's mapper, made with the engine's mapper.</summary>
    public ForecastingRowMapper? Mapper { get; private set; }

    /// <summary>Gets true: the engine maps one example at a time.</summary>
    public bool IsRowToRowMapper => true;

    /// <inheritdoc/>
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema) => _model.GetOutputSchema(inputSchema);

    /// <summary>The model's mappers in order, the forecaster's reading the engine's window.</summary>
    /// <exception cref="InvalidOperationException">A transform of the model does not map rows one by one.</exception>
    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema)
    {
        var mappers = new List<IRowToRowMapper>();
        DataViewSchema schema = inputSchema;
        foreach (ITransformer transformer in Flatten(_model))
        {
            IRowToRowMapper mapper;
            if (ReferenceEquals(transformer, _forecaster))
            {
                Mapper = new ForecastingRowMapper(_forecaster, schema, Window);
                mapper = Mapper;
            }
            else
            {
                mapper = transformer.IsRowToRowMapper
                    ? transformer.GetRowToRowMapper(schema)
                    : throw new InvalidOperationException($"{transformer.GetType().Name} in the model does not map rows one by one, so a time-series engine cannot run it.");
            }

            mappers.Add(mapper);
            schema = mapper.OutputSchema;
        }

        return new CompositeRowToRowMapper(inputSchema, [.. mappers]);
    }

    /// <summary>The model with the engine's window, as a check point saves it.</summary>
    public ITransformer Snapshot() => Replace(_model, _forecaster.WithWindow(Window.Values));

    /// <summary>Transforms <paramref name="input"/> as the model with the engine's window (<see cref="Snapshot"/>).</summary>
    public IDataView Transform(IDataView input) => Snapshot().Transform(input);

    void ICanSaveModel.Save(ModelSaveContext ctx) => Snapshot().Save(ctx);

    private static IEnumerable<ITransformer> Flatten(ITransformer model) =>
        model is ITransformerChainAccessor chain ? chain.Transformers.SelectMany(Flatten) : [model];

    private ITransformer Replace(ITransformer model, LstmForecastingTransformer snapshot) => model switch
    {
        ITransformerChainAccessor chain => new TransformerChain<ITransformer>(chain.Transformers.Select(t => Replace(t, snapshot)), chain.Scopes),
        _ when ReferenceEquals(model, _forecaster) => snapshot,
        _ => model,
    };
}
