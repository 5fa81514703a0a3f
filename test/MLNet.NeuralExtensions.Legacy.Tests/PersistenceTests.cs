using System.IO.Compression;
using MLNet.NeuralExtensions.Persistence;

namespace MLNet.NeuralExtensions.Tests;

[TestClass]
public sealed class PersistenceTests
{
    private sealed class Output
    {
        [MLNet.NeuralExtensions.Data.VectorType(2)]
        public float[] Features { get; set; } = [];

        public uint ColorKey { get; set; }

        [MLNet.NeuralExtensions.Data.VectorType(3)]
        public float[] ColorHot { get; set; } = [];

        public string ColorBack { get; set; } = string.Empty;
    }

    [TestMethod]
    public void Save_then_load_gives_identical_output_and_input_schema()
    {
        using var files = new TempFiles();
        var ml = new MLContext(1);
        IDataView data = ml.Data.LoadFromEnumerable(PipelineTests.Rows());
        ITransformer model = PipelineTests.Pipeline(ml).Fit(data);
        string path = files.PathOf("model.zip");

        ml.Model.Save(model, data.Schema, path);
        ITransformer loaded = ml.Model.Load(path, out DataViewSchema schema);

        CollectionAssert.AreEqual(data.Schema.Select(c => $"{c.Name}:{c.Type}").ToArray(), schema.Select(c => $"{c.Name}:{c.Type}").ToArray());
        Output[] before = ml.Data.CreateEnumerable<Output>(model.Transform(data), false).ToArray();
        Output[] after = ml.Data.CreateEnumerable<Output>(loaded.Transform(data), false).ToArray();
        Assert.AreEqual(before.Length, after.Length);
        for (int i = 0; i < before.Length; i++)
        {
            CollectionAssert.AreEqual(before[i].Features, after[i].Features);
            CollectionAssert.AreEqual(before[i].ColorHot, after[i].ColorHot);
            Assert.AreEqual(before[i].ColorKey, after[i].ColorKey);
            Assert.AreEqual(before[i].ColorBack, after[i].ColorBack);
        }

        Assert.AreEqual(0, Directory.GetFiles(files.Root, "*.tmp").Length);
    }

    [TestMethod]
    public void A_truncated_file_fails_clearly()
    {
        byte[] bytes = SavedModel();
        var e = LoadError(bytes.AsSpan(0, bytes.Length / 2).ToArray());
        StringAssert.Contains(e.Message, "truncated");
    }

    [TestMethod]
    public void A_corrupted_component_entry_names_the_entry()
    {
        byte[] bytes = Rewrite(SavedModel(), "Model/Transform_001/Model.bin", data =>
        {
            data[^6] ^= 0x5A;
            return data;
        });

        var e = LoadError(bytes);

        StringAssert.Contains(e.Message, "entry 'Model/Transform_001/Model.bin'");
        StringAssert.Contains(e.Message, "checksum");
    }

    [TestMethod]
    public void A_future_file_format_is_rejected()
    {
        byte[] bytes = Rewrite(SavedModel(), "Version.txt", _ => "MLNet.NeuralExtensions model\nformat 99\n"u8.ToArray());

        var e = LoadError(bytes);

        StringAssert.Contains(e.Message, "format 99");
    }

    [TestMethod]
    public void A_component_needing_a_newer_reader_is_rejected()
    {
        byte[] bytes = Rewrite(SavedModel(), "Model/Model.bin", data => PatchHeader(data, signature: null, readable: 7));

        var e = LoadError(bytes);

        StringAssert.Contains(e.Message, "entry 'Model/Model.bin'");
        StringAssert.Contains(e.Message, "needs a reader of version 7");
    }

    [TestMethod]
    public void An_unknown_component_is_never_instantiated()
    {
        byte[] bytes = Rewrite(SavedModel(), "Model/Model.bin", data => PatchHeader(data, signature: "System.Diagnostics.Process", readable: null));

        var e = LoadError(bytes);

        StringAssert.Contains(e.Message, "'System.Diagnostics.Process' that is not in this library's registry");
    }

    [TestMethod]
    public void A_failed_save_leaves_no_file_behind()
    {
        using var files = new TempFiles();
        var ml = new MLContext(1);
        string path = files.PathOf("model.zip");

        Assert.ThrowsExactly<NotSupportedException>(() => ml.Model.Save(new UnsavableTransformer(), null, path));

        Assert.AreEqual(0, Directory.GetFiles(files.Root).Length);
    }

    private static byte[] SavedModel()
    {
        var ml = new MLContext(1);
        IDataView data = ml.Data.LoadFromEnumerable(PipelineTests.Rows());
        using var stream = new MemoryStream();
        ml.Model.Save(PipelineTests.Pipeline(ml).Fit(data), data.Schema, stream);
        return stream.ToArray();
    }

    private static ModelFileException LoadError(byte[] bytes)
    {
        var ml = new MLContext(1);
        return Assert.ThrowsExactly<ModelFileException>(() => ml.Model.Load(new MemoryStream(bytes), out _));
    }

    private static byte[] Rewrite(byte[] model, string entryName, Func<byte[], byte[]> change)
    {
        using var output = new MemoryStream();
        using (var source = new ZipArchive(new MemoryStream(model), ZipArchiveMode.Read))
        using (var target = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (ZipArchiveEntry entry in source.Entries)
            {
                using var content = new MemoryStream();
                using (Stream s = entry.Open())
                {
                    s.CopyTo(content);
                }

                byte[] data = entry.FullName == entryName ? change(content.ToArray()) : content.ToArray();
                using Stream t = target.CreateEntry(entry.FullName).Open();
                t.Write(data);
            }
        }

        return output.ToArray();
    }

    /// <summary>Rewrites the header of a component entry: magic, signature, version written, version readable.</summary>
    private static byte[] PatchHeader(byte[] data, string? signature, int? readable)
    {
        using var reader = new BinaryReader(new MemoryStream(data));
        byte[] magic = reader.ReadBytes(8);
        string sig = reader.ReadString();
        int written = reader.ReadInt32();
        int readableVersion = reader.ReadInt32();
        byte[] rest = reader.ReadBytes(data.Length);
        using var output = new MemoryStream();
        using var writer = new BinaryWriter(output);
        writer.Write(magic);
        writer.Write(signature ?? sig);
        writer.Write(written);
        writer.Write(readable ?? readableVersion);
        writer.Write(rest);
        writer.Flush();
        return output.ToArray();
    }

    private sealed class UnsavableTransformer : ITransformer
    {
        public bool IsRowToRowMapper => true;

        public DataViewSchema GetOutputSchema(DataViewSchema inputSchema) => inputSchema;

        public IDataView Transform(IDataView input) => input;

        public void Save(ModelSaveContext ctx) => throw new NotSupportedException("cannot save");
    }
}
