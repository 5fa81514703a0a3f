using MLNet.NeuralExtensions.Persistence;

namespace MLNet.NeuralExtensions;

/// <summary>A component that can write itself into a model file.</summary>
public interface ICanSaveModel
{
    /// <summary>Writes the component into the model file being written.</summary>
    /// <param name="ctx">The save context of the component's entry.</param>
    void Save(ModelSaveContext ctx);
}
