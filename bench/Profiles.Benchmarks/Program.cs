using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(Profiles.Benchmarks.DatabaseBenchmarks).Assembly).Run(args);
