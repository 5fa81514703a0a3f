namespace MLNet.NeuralExtensions.Data;

/// <summary>A prediction transformer that reads one feature column.</summary>
/// <typeparam name="TModel">The model's type.</typeparam>
public interface ISingleFeaturePredictionTransformer<out TModel> : IPredictionTransformer<TModel>
    where TModel : class
{
    /// <summary>Gets the name of the feature column the model reads.</summary>
    string FeatureColumnName { get; }

    /// <summary>Gets the type the feature column must have.</summary>
    DataViewType FeatureColumnType { get; }
}
