using Microsoft.ML.Data;

namespace MLNet.NeuralExtensions.ModelSearch.CodeGeneration;

/// <summary>One column the model reads from a delimited text file, as ML.NET's text loader loads it.</summary>
/// <param name="Name">The column's name in the header and in the model's input schema.</param>
/// <param name="Index">The zero-based position of the field in a row of the training file.</param>
/// <param name="Kind">The loaded type: <see cref="DataKind.Single"/> for numbers, <see cref="DataKind.String"/> for
/// text.</param>
public sealed record ModelInputColumn(string Name, int Index, DataKind Kind);
