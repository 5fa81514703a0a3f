namespace MLNet.NeuralExtensions;

/// <summary>Time-series forecasting; <c>mlContext.Forecasting</c>. Forecasters are added as extension methods on <see cref="Forecasters"/>.</summary>
public sealed class ForecastingCatalog : TrainCatalogBase
{
    internal ForecastingCatalog(MLContext context)
        : base(context) => Forecasters = new ForecastingTrainers(this);

    /// <summary>Gets the forecasters.</summary>
    public ForecastingTrainers Forecasters { get; }

    /// <summary>The forecasters.</summary>
    public sealed class ForecastingTrainers
    {
        internal ForecastingTrainers(ForecastingCatalog owner) => Owner = owner;

        internal ForecastingCatalog Owner { get; }
    }
}
