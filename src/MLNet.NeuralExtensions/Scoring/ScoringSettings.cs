using MLNet.NeuralExtensions.Trainers;

namespace MLNet.NeuralExtensions.Scoring;

/// <summary>How a trained network is scored: the backend, and the device settings that override the MLContext's
/// (<c>GpuDeviceId</c>, <c>FallbackToCpu</c>) when not null.</summary>
internal readonly record struct ScoringSettings(ScoringBackend Backend, int? GpuDeviceId, bool? FallbackToCpu);
