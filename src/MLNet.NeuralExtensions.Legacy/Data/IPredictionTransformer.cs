namespace MLNet.NeuralExtensions.Data;

/// <summary>A transformer that scores data with a trained model, as the last step of a training pipeline.</summary>
/// <typeparam name="TModel">The model's type.</typeparam>
public interface IPredictionTransformer<out TModel> : ITransformer
    where TModel : class
{
    /// <summary>Gets the trained model.</summary>
    TModel Model { get; }
}
