namespace MLNet.NeuralExtensions.ModelSearch.CodeGeneration;

/// <summary>How <see cref="ConsoleAppGenerator"/> writes the console project that consumes a searched model.</summary>
public sealed class ConsoleAppOptions
{
    /// <summary>Gets or sets the project's name, its folder's and its .csproj's. Default null: the dataset's file name in
    /// PascalCase followed by ".ConsoleApp" (pima-diabetes.csv → PimaDiabetes.ConsoleApp).</summary>
    public string? ProjectName { get; set; }

    /// <summary>Gets or sets the model file's name; the project is written beside it and copies it into its output.
    /// Default "model.zip".</summary>
    public string ModelFileName { get; set; } = "model.zip";

    /// <summary>Gets or sets the target framework. Default "net10.0".</summary>
    public string TargetFramework { get; set; } = "net10.0";

    /// <summary>Gets or sets the path of MLNet.NeuralExtensions.csproj to reference as a project instead of the NuGet
    /// package (for a checkout of this repository); default null: a PackageReference of version
    /// <see cref="NeuralExtensionsVersion"/>.</summary>
    public string? NeuralExtensionsProject { get; set; }

    /// <summary>Gets or sets the MLNet.NeuralExtensions package version referenced. Default null: the version of the
    /// MLNet.NeuralExtensions assembly the generator runs with.</summary>
    public string? NeuralExtensionsVersion { get; set; }

    /// <summary>Gets or sets the Microsoft.ML, Microsoft.ML.FastTree and Microsoft.ML.LightGbm package version
    /// referenced. Default "5.0.1".</summary>
    public string MLNetVersion { get; set; } = "5.0.1";
}
