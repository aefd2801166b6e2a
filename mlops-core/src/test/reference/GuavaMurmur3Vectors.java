// Computes the UTF-8 golden vectors of MurmurHash3Test with an independent implementation, Guava's
// Hashing.murmur3_32_fixed (seeded), which is not a dependency of the SDK. Run from this directory:
//   java -cp ~/.m2/repository/com/google/guava/guava/33.5.0-jre/guava-33.5.0-jre.jar GuavaMurmur3Vectors.java
import com.google.common.hash.Hashing;
import java.nio.charset.StandardCharsets;

public class GuavaMurmur3Vectors {
  public static void main(String[] args) {
    String[] inputs = {"", "user-42", "exp-2026user-42", "ππππππππ", "\uD83C\uDF35", "ユーザー7", "Grüße, café!", "é"};
    int[] seeds = {0, 42};
    for (int seed : seeds) {
      for (String s : inputs) {
        int h = Hashing.murmur3_32_fixed(seed).hashString(s, StandardCharsets.UTF_8).asInt();
        System.out.printf("seed %d  %-20s -> %d (0x%08x)%n", seed, escape(s), h & 0xffffffffL, h);
      }
    }
  }

  private static String escape(String s) {
    StringBuilder b = new StringBuilder("\"");
    s.codePoints().forEach(cp -> b.append(cp < 128 ? Character.toString(cp) : String.format("\\u{%x}", cp)));
    return b.append('"').toString();
  }
}
