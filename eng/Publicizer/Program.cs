using Mono.Cecil;

namespace MLNet.NeuralExtensions.Publicizer;

/// <summary>
/// Writes compile-time copies of ML.NET assemblies in which what ML.NET opens to its own extension packages is visible:
/// the types and members marked <c>[BestFriend]</c>, and the non-public virtual methods of ML.NET's base types that the
/// friend assemblies given override. Internal becomes public and private protected becomes protected; nothing
/// private is touched. At run time the package uses the real assemblies, with IgnoresAccessChecksTo.
/// </summary>
/// <remarks>Usage: <c>Publicizer --output DIR --publicize A.dll [B.dll…] --friends C.dll [D.dll…]</c>, which prints what
/// it opened; or <c>Publicizer --report OURS.dll</c> (run where the real ML.NET assemblies sit beside OURS.dll, as in a
/// build output folder), which lists what OURS.dll uses of ML.NET that ML.NET does not make public.</remarks>
internal static class Program
{
    private static int Main(string[] args)
    {
        try
        {
            if (args is ["--report", string reported])
            {
                using var module = ModuleDefinition.ReadModule(reported, new ReaderParameters { AssemblyResolver = SearchBeside(reported) });
                foreach (string use in InternalsReport.Uses(module))
                {
                    Console.WriteLine(use);
                }

                return 0;
            }

            var (output, targets, friends) = ParseArguments(args);
            using var resolver = new TargetResolver();
            foreach (string directory in targets.Concat(friends).Select(p => Path.GetDirectoryName(p)!).Distinct())
            {
                resolver.AddSearchDirectory(directory);
            }

            var parameters = new ReaderParameters { AssemblyResolver = resolver, ReadingMode = ReadingMode.Immediate };
            var assemblies = targets.Select(t => resolver.Add(AssemblyDefinition.ReadAssembly(t, parameters))).ToList();
            var opening = new Opening(assemblies);
            opening.OpenBestFriends();
            foreach (string friend in friends)
            {
                using var assembly = AssemblyDefinition.ReadAssembly(friend, parameters);
                opening.OpenOverriddenBy(assembly);
                opening.OpenConstructorsChainedBy(assembly);
            }

            Directory.CreateDirectory(output);
            foreach (AssemblyDefinition assembly in assemblies)
            {
                string path = Path.Combine(output, assembly.MainModule.Name);
                string temporary = path + ".tmp";
                assembly.Write(temporary);
                File.Move(temporary, path, overwrite: true);
            }

            Console.WriteLine($"Publicizer: {opening.Summary} in {string.Join(", ", assemblies.Select(a => a.Name.Name))} -> {output}");
            return 0;
        }
        catch (Exception e) when (e is ArgumentException or IOException or BadImageFormatException or AssemblyResolutionException)
        {
            Console.Error.WriteLine($"Publicizer: {e.Message}");
            return 1;
        }
    }

    private static DefaultAssemblyResolver SearchBeside(string assembly)
    {
        var resolver = new DefaultAssemblyResolver();
        resolver.AddSearchDirectory(Path.GetDirectoryName(Path.GetFullPath(assembly))!);
        return resolver;
    }

    private static (string Output, List<string> Targets, List<string> Friends) ParseArguments(string[] args)
    {
        string? output = null;
        var targets = new List<string>();
        var friends = new List<string>();
        List<string>? current = null;
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--output" when i + 1 < args.Length:
                    output = args[++i];
                    current = null;
                    break;
                case "--publicize":
                    current = targets;
                    break;
                case "--friends":
                    current = friends;
                    break;
                default:
                    (current ?? throw new ArgumentException($"Unexpected argument '{args[i]}'."))
                        .Add(File.Exists(args[i]) ? Path.GetFullPath(args[i]) : throw new ArgumentException($"No assembly at '{args[i]}'."));
                    break;
            }
        }

        if (output is null || targets.Count == 0)
        {
            throw new ArgumentException("Usage: Publicizer --output DIR --publicize A.dll [B.dll…] [--friends C.dll…]");
        }

        return (output, targets, friends);
    }
}
