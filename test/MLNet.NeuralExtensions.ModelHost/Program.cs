using Microsoft.ML;

// Usage: ModelHost <model.zip> <input.idv> <output.idv>
// Loads the model with a fresh MLContext, transforms the input (ML.NET's binary data format) and saves every column of
// the result in the same format. Nothing of MLNet.NeuralExtensions is named: ML.NET finds its components from the file.
if (args.Length != 3)
{
    Console.Error.WriteLine("Usage: ModelHost <model.zip> <input.idv> <output.idv>");
    return 2;
}

var ml = new MLContext(seed: 0);
ITransformer model = ml.Model.Load(args[0], out _);
IDataView input = ml.Data.LoadFromBinary(args[1]);
IDataView output = model.Transform(input);
using (FileStream stream = File.Create(args[2]))
{
    ml.Data.SaveAsBinary(output, stream, keepHidden: false);
}

return 0;
