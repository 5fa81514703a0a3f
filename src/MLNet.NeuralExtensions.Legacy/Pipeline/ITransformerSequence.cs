namespace MLNet.NeuralExtensions.Data;

/// <summary>A chain of transformers whatever its last transformer's type, for code that rebuilds chains.</summary>
internal interface ITransformerSequence
{
    /// <summary>A chain of <paramref name="map"/>'s results for each step, in order, with the same scopes.</summary>
    TransformerChain<ITransformer> Map(Func<ITransformer, ITransformer> map);
}
