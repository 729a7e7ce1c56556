using System.Text;
using Profiles.Text;
using Xunit;

namespace Profiles.Tests.Text;

public class Utf8OrderTests
{
    [Fact]
    public void Order_is_the_order_of_the_utf8_bytes()
    {
        string[] samples = ["", "a", "ab", "b", "é", "\uD7FF", "\uE000", "\uFFFD", "\uFFFF", "😀", "😁", "𝄞", "a😀", "a\uE000", "日本", "\u00a0", "Z"];
        foreach (var x in samples)
        {
            foreach (var y in samples)
            {
                var bytes = Encoding.UTF8.GetBytes(x).AsSpan().SequenceCompareTo(Encoding.UTF8.GetBytes(y));
                Assert.True(Math.Sign(bytes) == Math.Sign(Utf8Order.Comparer.Compare(x, y)), $"{x} vs {y}");
            }
        }
    }
}
