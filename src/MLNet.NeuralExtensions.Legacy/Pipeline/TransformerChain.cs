using System.Collections;
using MLNet.NeuralExtensions.Persistence;

namespace MLNet.NeuralExtensions.Data;

/// <summary>A sequence of transformers applied one after the other; the result of fitting an <see cref="EstimatorChain{TLastTransformer}"/>.</summary>
/// <typeparam name="TLastTransformer">The type of the last transformer, for typed access to it (for example a prediction transformer).</typeparam>
public sealed class TransformerChain<TLastTransformer> : ITransformer, IEnumerable<ITransformer>, IDisposable, ITransformerSequence
    where TLastTransformer : class, ITransformer
{
    internal const string LoaderSignature = "TransformerChain";
    private readonly ITransformer[] _transformers;
    private readonly TransformerScope[] _scopes;

    /// <summary>Creates a chain whose steps all apply in every scope.</summary>
    /// <param name="transformers">The steps, in order.</param>
    public TransformerChain(params ITransformer[] transformers)
        : this(transformers, transformers?.Select(_ => TransformerScope.Everything) ?? [])
    {
    }

    /// <summary>Creates a chain with a scope per step.</summary>
    /// <param name="transformers">The steps, in order.</param>
    /// <param name="scopes">When each step applies.</param>
    public TransformerChain(IEnumerable<ITransformer> transformers, IEnumerable<TransformerScope> scopes)
    {
        ArgumentNullException.ThrowIfNull(transformers);
        ArgumentNullException.ThrowIfNull(scopes);
        _transformers = transformers.ToArray();
        _scopes = scopes.ToArray();
        if (_transformers.Length != _scopes.Length)
        {
            throw new ArgumentException($"{_transformers.Length} transformers were given with {_scopes.Length} scopes.", nameof(scopes));
        }

        if (_transformers.Length > 0 && _transformers[^1] is not TLastTransformer)
        {
            throw new ArgumentException($"The last transformer is a {_transformers[^1].GetType().Name}, not a {typeof(TLastTransformer).Name}.", nameof(transformers));
        }

        LastTransformer = _transformers.Length == 0 ? null! : (TLastTransformer)_transformers[^1];
    }

    /// <summary>Gets the last step, or <see langword="null"/> for an empty chain.</summary>
    public TLastTransformer LastTransformer { get; }

    /// <inheritdoc/>
    public bool IsRowToRowMapper => _transformers.All(t => t.IsRowToRowMapper);

    internal IReadOnlyList<TransformerScope> Scopes => _scopes;

    /// <summary>Gets the output schema when the steps of the scoring scope are applied.</summary>
    /// <param name="inputSchema">The input schema.</param>
    /// <returns>The output schema.</returns>
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema) => GetOutputSchema(inputSchema, TransformerScope.Scoring);

    /// <summary>Gets the output schema when the steps of <paramref name="scope"/> are applied.</summary>
    /// <param name="inputSchema">The input schema.</param>
    /// <param name="scope">Which steps apply.</param>
    /// <returns>The output schema.</returns>
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema, TransformerScope scope)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        DataViewSchema schema = inputSchema;
        for (int i = 0; i < _transformers.Length; i++)
        {
            if ((_scopes[i] & scope) != 0)
            {
                schema = _transformers[i].GetOutputSchema(schema);
            }
        }

        return schema;
    }

    /// <summary>Applies the steps of the scoring scope.</summary>
    /// <param name="input">The data.</param>
    /// <returns>The transformed view.</returns>
    public IDataView Transform(IDataView input) => Transform(input, TransformerScope.Scoring);

    /// <summary>Applies the steps of <paramref name="scope"/>.</summary>
    /// <param name="input">The data.</param>
    /// <param name="scope">Which steps apply.</param>
    /// <returns>The transformed view.</returns>
    public IDataView Transform(IDataView input, TransformerScope scope)
    {
        ArgumentNullException.ThrowIfNull(input);
        GetOutputSchema(input.Schema, scope);
        IDataView data = input;
        for (int i = 0; i < _transformers.Length; i++)
        {
            if ((_scopes[i] & scope) != 0)
            {
                data = _transformers[i].Transform(data);
            }
        }

        return data;
    }

    /// <summary>Gets a chain of the steps that apply in <paramref name="scope"/>.</summary>
    /// <param name="scope">The scope.</param>
    /// <returns>A new chain.</returns>
    public TransformerChain<ITransformer> GetModelFor(TransformerScope scope)
    {
        var kept = Enumerable.Range(0, _transformers.Length).Where(i => (_scopes[i] & scope) != 0).ToArray();
        return new TransformerChain<ITransformer>(kept.Select(i => _transformers[i]), kept.Select(i => _scopes[i]));
    }

    /// <summary>Returns a new chain with <paramref name="transformer"/> added at the end.</summary>
    /// <typeparam name="TNewLast">The type of the new step.</typeparam>
    /// <param name="transformer">The step to add.</param>
    /// <param name="scope">When it applies; <see cref="TransformerScope.Everything"/> by default.</param>
    /// <returns>The new chain; this one is unchanged.</returns>
    public TransformerChain<TNewLast> Append<TNewLast>(TNewLast transformer, TransformerScope scope = TransformerScope.Everything)
        where TNewLast : class, ITransformer =>
        new(_transformers.Append(transformer), _scopes.Append(scope));

    TransformerChain<ITransformer> ITransformerSequence.Map(Func<ITransformer, ITransformer> map) => new(_transformers.Select(map), _scopes);

    /// <inheritdoc/>
    public IEnumerator<ITransformer> GetEnumerator() => ((IEnumerable<ITransformer>)_transformers).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <inheritdoc/>
    public void Dispose()
    {
        foreach (ITransformer t in _transformers)
        {
            (t as IDisposable)?.Dispose();
        }
    }

    void ICanSaveModel.Save(ModelSaveContext ctx)
    {
        ctx.SetVersionInfo(LoaderSignature, 1, 1);
        ctx.Writer.Write(_transformers.Length);
        for (int i = 0; i < _transformers.Length; i++)
        {
            ctx.Writer.Write((int)_scopes[i]);
            ctx.SaveModel($"Transform_{i:000}", _transformers[i]);
        }
    }

    internal static TransformerChain<ITransformer> Load(ModelLoadContext ctx)
    {
        int count = ctx.Reader.ReadInt32();
        ctx.CheckCount(count, "transformers");
        var transformers = new ITransformer[count];
        var scopes = new TransformerScope[count];
        for (int i = 0; i < count; i++)
        {
            scopes[i] = (TransformerScope)ctx.Reader.ReadInt32();
            transformers[i] = ctx.LoadModel<ITransformer>($"Transform_{i:000}");
        }

        return new TransformerChain<ITransformer>(transformers, scopes);
    }
}
