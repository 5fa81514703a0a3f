namespace MLNet.NeuralExtensions.Trainers;

/// <summary>The recurrent layer an <see cref="LstmOptions"/> network stacks.</summary>
public enum RecurrentCell
{
    /// <summary>Long short-term memory (Keras' LSTM, forget-gate bias starting at 1). The default.</summary>
    Lstm,

    /// <summary>Gated recurrent unit (Keras' GRU with <c>reset_after</c>, as PyTorch and cuDNN).</summary>
    Gru,

    /// <summary>A plain recurrent layer with tanh (Keras' SimpleRNN).</summary>
    SimpleRnn,
}
