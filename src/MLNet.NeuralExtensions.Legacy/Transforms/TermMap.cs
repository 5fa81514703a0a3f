using MLNet.NeuralExtensions.Data;
using MLNet.NeuralExtensions.Persistence;

namespace MLNet.NeuralExtensions.Transforms;

/// <summary>The learned dictionary of a value-to-key mapping: the distinct values (terms) in key order.</summary>
internal abstract class TermMap
{
    /// <summary>Gets the item type of the terms.</summary>
    public abstract PrimitiveDataViewType ItemType { get; }

    /// <summary>Gets the number of terms (the key count).</summary>
    public abstract int Count { get; }

    /// <summary>Gets the terms as a boxed VBuffer, for the KeyValues annotation.</summary>
    public abstract object TermsAsVBuffer();

    /// <summary>Gets a <c>Func&lt;T, uint&gt;</c> that returns a value's key, or 0 for NaN and unseen values.</summary>
    public abstract Delegate Lookup();

    /// <summary>Writes the terms.</summary>
    public void Write(BinaryWriter w)
    {
        ValueCodec.WriteType(w, ItemType);
        ValueCodec.WriteValue(w, new VectorDataViewType(ItemType, Math.Max(Count, 1)), TermsAsVBuffer());
    }

    /// <summary>Reads terms written by <see cref="Write"/>.</summary>
    public static TermMap Read(BinaryReader r)
    {
        var item = (PrimitiveDataViewType)ValueCodec.ReadType(r);
        object terms = ValueCodec.ReadValue(r, new VectorDataViewType(item));
        return (TermMap)typeof(TermMap<>).MakeGenericType(item.RawType).GetMethod(nameof(TermMap<int>.FromVBuffer))!.Invoke(null, [item, terms])!;
    }
}

/// <summary>A term map over items of type <typeparamref name="T"/>.</summary>
internal sealed class TermMap<T> : TermMap
    where T : notnull
{
    private readonly T[] _terms;
    private readonly Dictionary<T, uint> _keys;

    public TermMap(PrimitiveDataViewType itemType, T[] terms)
    {
        ItemType = itemType;
        _terms = terms;
        _keys = new Dictionary<T, uint>(terms.Length, Comparer);
        for (int i = 0; i < terms.Length; i++)
        {
            _keys.TryAdd(terms[i], (uint)(i + 1));
        }
    }

    public override PrimitiveDataViewType ItemType { get; }

    public override int Count => _terms.Length;

    public IReadOnlyList<T> Terms => _terms;

    private static IEqualityComparer<T> Comparer => typeof(T) == typeof(ReadOnlyMemory<char>)
        ? (IEqualityComparer<T>)(object)TextComparer.Instance
        : EqualityComparer<T>.Default;

    public static TermMap<T> FromVBuffer(PrimitiveDataViewType itemType, VBuffer<T> terms) => new(itemType, terms.DenseValues().ToArray());

    /// <summary>Collects terms from values in order of first occurrence, or sorted by value.</summary>
    public static TermMap<T> Build(PrimitiveDataViewType itemType, IEnumerable<T> values, int maximumNumberOfKeys, bool byValue)
    {
        var seen = new HashSet<T>(Comparer);
        var terms = new List<T>();
        foreach (T v in values)
        {
            if (IsMissing(v) || seen.Contains(v))
            {
                continue;
            }

            if (terms.Count >= maximumNumberOfKeys)
            {
                break;
            }

            seen.Add(v);
            terms.Add(typeof(T) == typeof(ReadOnlyMemory<char>) ? (T)(object)((ReadOnlyMemory<char>)(object)v).ToString().AsMemory() : v);
        }

        if (byValue)
        {
            terms.Sort(typeof(T) == typeof(ReadOnlyMemory<char>)
                ? (a, b) => string.CompareOrdinal(a.ToString(), b.ToString())
                : Comparer<T>.Default.Compare);
        }

        return new TermMap<T>(itemType, terms.ToArray());
    }

    public override object TermsAsVBuffer() => new VBuffer<T>(_terms.Length, _terms);

    public override Delegate Lookup() => (Func<T, uint>)(v => _keys.TryGetValue(v, out uint k) ? k : 0u);

    private static bool IsMissing(T v) => v is float f ? float.IsNaN(f) : v is double d && double.IsNaN(d);

    /// <summary>Compares text by content.</summary>
    private sealed class TextComparer : IEqualityComparer<ReadOnlyMemory<char>>
    {
        public static readonly TextComparer Instance = new();

        public bool Equals(ReadOnlyMemory<char> x, ReadOnlyMemory<char> y) => x.Span.SequenceEqual(y.Span);

        public int GetHashCode(ReadOnlyMemory<char> obj) => string.GetHashCode(obj.Span);
    }
}
