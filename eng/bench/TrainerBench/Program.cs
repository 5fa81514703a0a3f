using System.Globalization;
using TrainerBench;

// Usage: TrainerBench <spam|boston> <prepared data directory> <epochs> <repeats>           (TabularBench)
//        TrainerBench <fashion-mlp|fashion-cnn|fashion-lstm> - <epochs> <seed>            (FashionBench)
//        TrainerBench pipeline-overhead <datasets directory> <spam epochs> <repeats>      (PipelineOverheadBench)
//        TrainerBench satellite <prepared data directory> <epochs> <repeats>              (SatelliteBench)
// run-trainer-bench.sh runs each case against its peers; see its header.
string name = args[0];
string directory = args[1];
int epochs = int.Parse(args[2], CultureInfo.InvariantCulture);
int last = int.Parse(args[3], CultureInfo.InvariantCulture);
switch (name)
{
    case "spam" or "boston":
        TabularBench.Run(name, directory, epochs, repeats: last);
        break;
    case "fashion-mlp" or "fashion-cnn" or "fashion-lstm":
        FashionBench.Run(name, epochs, seed: last);
        break;
    case "pipeline-overhead":
        PipelineOverheadBench.Run(directory, epochs, repeats: last);
        break;
    case "satellite":
        SatelliteBench.Run(directory, epochs, repeats: last);
        break;
    default:
        throw new ArgumentException($"Unknown benchmark '{name}': spam, boston, fashion-mlp, fashion-cnn, fashion-lstm, pipeline-overhead or satellite.");
}
