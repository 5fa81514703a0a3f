using MLNet.NeuralExtensions.Data;

namespace MLNet.NeuralExtensions;

/// <summary>Writes the current value of a column into <paramref name="value"/>, reusing its buffers where it can.</summary>
/// <typeparam name="TValue">The column's raw type.</typeparam>
/// <param name="value">Receives the value.</param>
public delegate void ValueGetter<TValue>(ref TValue value);
