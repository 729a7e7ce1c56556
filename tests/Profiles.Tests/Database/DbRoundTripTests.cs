using System.Collections.Immutable;
using System.Text;
using Profiles.Database;
using Profiles.Environment;
using Profiles.Targets;
using Xunit;

namespace Profiles.Tests.Database;

/// <summary>Property: for any database, reading what was written gives the same database (with its env sorted).</summary>
public class DbRoundTripTests
{
    private const string Nasty = "\"'<>&\t\n\r ]]> =:@-$%{}\\/";
    private static readonly string[] UnicodeBits = ["é", "日本", "😀", "\u00a0", "\u2028", "Ω", "\uFFFD", "ß"];

    [Fact]
    public void Write_then_read_gives_an_equal_database()
    {
        var random = new Random(20260112);
        for (var i = 0; i < 300; i++)
        {
            var installer = random.Next(4) == 0 ? "" : "inst" + random.Next(3);
            var db = RandomDb(random, installer);
            var xml = DbWriter.Format(db, installer);
            var read = DbWriterTests.Parse(xml);
            var expected = db.Profiles().Select(p => p with { Targets = [.. p.Targets.Select(t => t with { Env = t.Env.Sorted() })] });
            Assert.True(expected.SequenceEqual(read.Profiles()), $"case {i} differs:\n{xml}");
            // Writing again is stable: byte-identical output.
            Assert.Equal(xml, DbWriter.Format(read, installer));
        }
    }

    internal static ProfilesDb RandomDb(Random random, string installer)
    {
        var db = new ProfilesDb();
        var profileCount = random.Next(0, 6);
        for (var p = 0; p < profileCount; p++)
        {
            var name = RandomText(random, allowEmpty: false).Replace(":", "", StringComparison.Ordinal).Trim();
            if (name.Length == 0) name = "p" + p;
            var targets = ImmutableArray.CreateBuilder<Target>();
            var targetCount = random.Next(0, 5);
            for (var t = 0; t < targetCount; t++)
            {
                var version = RandomText(random, allowEmpty: false);
                targets.Add(new Target(RandomText(random), RandomText(random), version)
                {
                    InstallationDir = RandomText(random),
                    UpdateTime = RandomTime(random),
                    Env = RandomVars(random),
                    CommandLineEnv = RandomVars(random),
                });
            }
            db.Put(new Profile(installer, name, RandomText(random), targets.ToImmutable()));
        }
        return db;
    }

    private static EnvVars RandomVars(Random random) =>
        EnvVars.Parse(Enumerable.Range(0, random.Next(0, 4)).Select(_ => RandomText(random) + "=" + RandomText(random)));

    private static DateTimeOffset RandomTime(Random random)
    {
        if (random.Next(5) == 0) return DateTimeOffset.MinValue;
        var ticks = new DateTime(1970, 1, 1).Ticks + random.NextInt64(0, TimeSpan.TicksPerDay * 365 * 100);
        var offset = TimeSpan.FromMinutes(random.Next(-14 * 4, 14 * 4 + 1) * 15);
        if (random.Next(2) == 0) ticks -= ticks % TimeSpan.TicksPerSecond;
        return new DateTimeOffset(ticks + offset.Ticks, offset);
    }

    private static string RandomText(Random random, bool allowEmpty = true)
    {
        var length = random.Next(allowEmpty ? 0 : 1, 12);
        var text = new StringBuilder();
        while (text.Length < length)
        {
            switch (random.Next(4))
            {
                case 0: text.Append(Nasty[random.Next(Nasty.Length)]); break;
                case 1: text.Append(UnicodeBits[random.Next(UnicodeBits.Length)]); break;
                default: text.Append((char)random.Next('a', 'z' + 1)); break;
            }
        }
        return text.ToString();
    }
}
