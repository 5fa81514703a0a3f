using MLNet.NeuralExtensions.Data;

namespace MLNet.NeuralExtensions;

public sealed partial class DataViewSchema
{
    /// <summary>
    /// Metadata attached to a column, such as slot names or key values: a set of named values, each with a type.
    /// </summary>
    public sealed class Annotations
    {
        private readonly Dictionary<string, object> _values;

        private Annotations(DataViewSchema schema, Dictionary<string, object> values)
        {
            Schema = schema;
            _values = values;
        }

        /// <summary>Gets the annotations of a column that has none.</summary>
        public static Annotations Empty { get; } = new(new DataViewSchema([]), new Dictionary<string, object>());

        /// <summary>Gets the names and types of the annotations, as a schema.</summary>
        public DataViewSchema Schema { get; }

        /// <summary>Reads the annotation named <paramref name="kind"/>.</summary>
        /// <typeparam name="TValue">The annotation's raw type.</typeparam>
        /// <param name="kind">The annotation name, for example <see cref="AnnotationUtils.Kinds.SlotNames"/>.</param>
        /// <param name="value">Receives the value.</param>
        /// <exception cref="InvalidOperationException">There is no such annotation, or it has another type.</exception>
        public void GetValue<TValue>(string kind, ref TValue value)
        {
            if (!_values.TryGetValue(kind, out object? stored))
            {
                throw new InvalidOperationException($"The column has no '{kind}' annotation.");
            }

            if (stored is not TValue typed)
            {
                throw new InvalidOperationException($"The '{kind}' annotation is a {Schema[kind].Type}, not a {typeof(TValue).Name}.");
            }

            value = typed;
        }

        /// <summary>Gets a getter for the annotation described by <paramref name="column"/>.</summary>
        /// <typeparam name="TValue">The annotation's raw type.</typeparam>
        /// <param name="column">A column of <see cref="Schema"/>.</param>
        /// <returns>A getter that writes the annotation's value.</returns>
        public ValueGetter<TValue> GetGetter<TValue>(Column column)
        {
            string kind = column.Name;
            return (ref TValue value) => GetValue(kind, ref value);
        }

        internal bool TryGetRaw(string kind, out object? value) => _values.TryGetValue(kind, out value);

        /// <summary>Builds a set of annotations.</summary>
        public sealed class Builder
        {
            private readonly List<DetachedColumn> _columns = [];
            private readonly Dictionary<string, object> _values = new(StringComparer.Ordinal);

            /// <summary>Adds an annotation whose value comes from a getter, read once now.</summary>
            /// <typeparam name="TValue">The raw type of the value.</typeparam>
            /// <param name="name">The annotation name.</param>
            /// <param name="type">The annotation type.</param>
            /// <param name="getter">Writes the value.</param>
            public void Add<TValue>(string name, DataViewType type, ValueGetter<TValue> getter)
            {
                ArgumentNullException.ThrowIfNull(getter);
                TValue value = default!;
                getter(ref value);
                AddCore(name, type, value!);
            }

            /// <summary>Adds an annotation with a primitive value.</summary>
            /// <typeparam name="TValue">The raw type of the value.</typeparam>
            /// <param name="name">The annotation name.</param>
            /// <param name="type">The annotation type.</param>
            /// <param name="value">The value.</param>
            public void AddPrimitiveValue<TValue>(string name, PrimitiveDataViewType type, TValue value) => AddCore(name, type, value!);

            /// <summary>Copies the annotations of <paramref name="annotations"/> whose names pass <paramref name="selector"/>.</summary>
            /// <param name="annotations">The source annotations.</param>
            /// <param name="selector">Returns true for the names to copy.</param>
            public void Add(Annotations annotations, Func<string, bool> selector)
            {
                ArgumentNullException.ThrowIfNull(annotations);
                ArgumentNullException.ThrowIfNull(selector);
                foreach (Column c in annotations.Schema)
                {
                    if (selector(c.Name))
                    {
                        AddCore(c.Name, c.Type, annotations._values[c.Name]);
                    }
                }
            }

            /// <summary>Creates the annotations.</summary>
            /// <returns>The annotations added so far.</returns>
            public Annotations ToAnnotations() =>
                _columns.Count == 0 ? Empty : new Annotations(new DataViewSchema(_columns.ToArray()), new Dictionary<string, object>(_values));

            /// <summary>Adds an annotation whose value is already boxed in its raw type.</summary>
            internal void AddRaw(string name, DataViewType type, object value) => AddCore(name, type, value);

            private void AddCore(string name, DataViewType type, object value)
            {
                ArgumentException.ThrowIfNullOrEmpty(name);
                ArgumentNullException.ThrowIfNull(type);
                if (value.GetType() != type.RawType)
                {
                    throw new ArgumentException($"Annotation '{name}' of type {type} needs a {type.RawType.Name} value, not a {value.GetType().Name}.", nameof(type));
                }

                _columns.RemoveAll(c => c.Name == name);
                _columns.Add(new DetachedColumn(name, type));
                _values[name] = value;
            }
        }
    }
}
