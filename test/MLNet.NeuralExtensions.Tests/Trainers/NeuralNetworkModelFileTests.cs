using System.IO.Compression;
using System.Reflection;
using Microsoft.ML;
using MLNet.NeuralExtensions.Tests.Infrastructure;
using MLNet.NeuralExtensions.Trainers;

namespace MLNet.NeuralExtensions.Tests.Trainers;

/// <summary>The network's entry in ML.NET's model file: damaged or missing, loading names it.</summary>
[TestClass]
public sealed class NeuralNetworkModelFileTests
{
    [TestMethod]
    public void ATruncatedOrMissingNetworkEntryIsNamed()
    {
        var ml = new MLContext(1);
        var (train, _) = TrainerData.Split(ml, "iris");
        var model = ml.MulticlassClassification.Trainers.Mlp(new MlpOptions { HiddenLayers = [8], Epochs = 2, Seed = 1 }).Fit(train);
        using var files = new TempFiles();
        string path = files.PathOf("model.zip");
        ml.Model.Save(model, train.Schema, path);
        string entry;
        using (ZipArchive zip = ZipFile.OpenRead(path))
        {
            entry = zip.Entries.Single(e => e.FullName.EndsWith("/Network", StringComparison.Ordinal)).FullName;
        }

        string truncated = files.PathOf("truncated.zip");
        Rewrite(path, truncated, entry, bytes => bytes[..(bytes.Length / 2)]);
        // ML.NET calls the transformer's and the model's loaders by reflection, so our exception arrives wrapped.
        Exception error = Unwrapped(Assert.ThrowsExactly<TargetInvocationException>(() => ml.Model.Load(truncated, out _)));
        Assert.IsInstanceOfType<InvalidDataException>(error);
        StringAssert.Contains(error.Message, $"Model entry '{entry}' is truncated or corrupt");

        string missing = files.PathOf("missing.zip");
        Rewrite(path, missing, entry, null);
        Exception gone = Unwrapped(Assert.ThrowsExactly<TargetInvocationException>(() => ml.Model.Load(missing, out _)));
        Assert.IsInstanceOfType<InvalidDataException>(gone);
        StringAssert.Contains(gone.Message, $"Model entry '{entry}' is missing");
    }

    private static Exception Unwrapped(Exception e) => e is TargetInvocationException { InnerException: { } inner } ? Unwrapped(inner) : e;

    // Copies the zip at source to target, replacing the bytes of one entry (or dropping it when change is null).
    private static void Rewrite(string source, string target, string entry, Func<byte[], byte[]>? change)
    {
        using ZipArchive input = ZipFile.OpenRead(source);
        using ZipArchive output = ZipFile.Open(target, ZipArchiveMode.Create);
        foreach (ZipArchiveEntry e in input.Entries)
        {
            using var buffer = new MemoryStream();
            using (Stream stream = e.Open())
            {
                stream.CopyTo(buffer);
            }

            byte[] bytes = buffer.ToArray();
            if (e.FullName == entry)
            {
                if (change is null)
                {
                    continue;
                }

                bytes = change(bytes);
            }

            using Stream written = output.CreateEntry(e.FullName).Open();
            written.Write(bytes);
        }
    }
}
