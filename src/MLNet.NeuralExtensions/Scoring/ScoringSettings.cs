using MLNet.NeuralExtensions.Trainers;

namespace MLNet.NeuralExtensions.Scoring;

/// <summary>How a trained network scores, as its model records it; null device settings follow the MLContext.</summary>
internal readonly record struct ScoringSettings(ScoringBackend Backend, int? GpuDeviceId, bool? FallbackToCpu);
