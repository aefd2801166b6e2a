package dev.mlops.core.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Serializes a Jackson tree to its RFC 8785 canonical form (the JSON Canonicalization Scheme, JCS).
 *
 * <p>The canonical form is the one JCS defines, so it matches other JCS implementations byte for
 * byte:
 *
 * <ul>
 *   <li>no whitespace between tokens;
 *   <li>object members sorted by the UTF-16 code units of their names, recursively;
 *   <li>strings escaped as ECMAScript's {@code JSON.stringify} escapes them: {@code \"},
 *       {@code \\}, {@code \b}, {@code \f}, {@code \n}, {@code \r}, {@code \t}, other
 *       characters below U+0020 as <code>&#92;u00<i>xx</i></code> with lowercase hex digits,
 *       everything else (non-ASCII, U+007F, {@code /}) literally; the result is encoded as UTF-8;
 *   <li>numbers as IEEE-754 doubles written the way ECMAScript's {@code Number.prototype.toString}
 *       writes them: the shortest digits that read back as the same double, plain notation from
 *       10<sup>-6</sup> up to (not including) 10<sup>21</sup> and exponential notation outside
 *       that, {@code -0} written as {@code 0}.
 * </ul>
 *
 * <p>What JCS cannot represent is rejected with {@link IllegalArgumentException} rather than
 * silently changed: strings or member names that contain a lone surrogate, NaN and the
 * infinities, integers that are not exactly representable as a double (beyond 2<sup>53</sup>
 * most are not; put such values in strings), and nodes that are not JSON values (binary, POJO
 * and missing nodes). The message names the offending location as a JSON Pointer.
 *
 * <p>Number nodes are read as doubles: {@code double} and {@code BigDecimal} nodes through {@link
 * JsonNode#doubleValue()} (so a {@code BigDecimal} is rounded to the nearest double, as a JCS
 * parser would read its text), {@code float} nodes are widened exactly to {@code double} (so
 * {@code 0.1f} is written as {@code 0.10000000149011612}), and integer nodes are written as the
 * double with the same value (so 10<sup>21</sup> is written as {@code 1e+21}).
 *
 * <p>Example:
 *
 * <pre>{@code
 * ObjectMapper mapper = new ObjectMapper();
 * JsonNode tree = mapper.readTree("{ \"b\": [1.50, 1E3], \"a\": \"\\u00e9\" }");
 * String text = CanonicalJson.canonicalString(tree);  // {"a":"é","b":[1.5,1000]}
 * byte[] bytes = CanonicalJson.canonicalize(tree);     // the same text as UTF-8, ready to hash
 * }</pre>
 *
 * <p>This class is stateless and thread-safe. It does not modify the tree it reads, but the tree
 * must not be modified by another thread while it is being serialized. Nesting is handled
 * recursively, so trees nested thousands of levels deep may exhaust the stack; trees parsed by
 * Jackson under its default read constraints (at most 1,000 levels) are fine.
 */
public final class CanonicalJson {
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  /** 2<sup>53</sup>: integers strictly below this in magnitude are exact doubles. */
  private static final long EXACT_LONG_LIMIT = 1L << 53;

  /** Significant decimal digits that always identify a double. */
  private static final int MAX_DIGITS = 17;

  private static final MathContext[] HALF_EVEN = contexts(RoundingMode.HALF_EVEN);
  private static final MathContext[] DOWN = contexts(RoundingMode.DOWN);
  private static final MathContext[] UP = contexts(RoundingMode.UP);

  private CanonicalJson() {}

  private static MathContext[] contexts(RoundingMode mode) {
    MathContext[] contexts = new MathContext[MAX_DIGITS + 1];
    for (int p = 1; p <= MAX_DIGITS; p++) {
      contexts[p] = new MathContext(p, mode);
    }
    return contexts;
  }

  /**
   * Returns the canonical form of a JSON value as UTF-8 bytes.
   *
   * @param node the value to serialize; nested Java {@code null}s are treated as JSON {@code null}
   * @return the UTF-8 encoding of {@link #canonicalString(JsonNode)}, a new array on every call
   * @throws NullPointerException if {@code node} is {@code null}
   * @throws IllegalArgumentException if the tree holds a lone surrogate, a non-finite number, an
   *     integer that is not exactly representable as a double, or a node that is not a JSON value
   *     (binary, POJO or missing)
   */
  public static byte[] canonicalize(JsonNode node) {
    return canonicalString(node).getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Returns the canonical form of a JSON value as a string.
   *
   * @param node the value to serialize; nested Java {@code null}s are treated as JSON {@code null}
   * @return the canonical JSON text
   * @throws NullPointerException if {@code node} is {@code null}
   * @throws IllegalArgumentException if the tree holds a lone surrogate, a non-finite number, an
   *     integer that is not exactly representable as a double, or a node that is not a JSON value
   *     (binary, POJO or missing)
   */
  public static String canonicalString(JsonNode node) {
    Objects.requireNonNull(node, "node");
    StringBuilder out = new StringBuilder(64);
    try {
      writeValue(out, node);
    } catch (Rejected e) {
      throw new IllegalArgumentException(e.getMessage() + " at JSON pointer '" + e.pointer() + "'");
    }
    return out.toString();
  }

  private static void writeValue(StringBuilder out, JsonNode node) {
    if (node == null) {
      out.append("null");
      return;
    }
    switch (node.getNodeType()) {
      case OBJECT -> writeObject(out, node);
      case ARRAY -> writeArray(out, node);
      case STRING -> writeString(out, node.textValue());
      case NUMBER -> writeNumber(out, node);
      case BOOLEAN -> out.append(node.booleanValue() ? "true" : "false");
      case NULL -> out.append("null");
      default ->
          throw new Rejected(
              "not a JSON value: " + node.getNodeType() + " nodes have no canonical form");
    }
  }

  private static void writeObject(StringBuilder out, JsonNode node) {
    List<Map.Entry<String, JsonNode>> members = new ArrayList<>(node.properties());
    // String.compareTo compares UTF-16 code units: the order RFC 8785 section 3.2.3 asks for.
    members.sort(Map.Entry.comparingByKey());
    out.append('{');
    for (int i = 0; i < members.size(); i++) {
      Map.Entry<String, JsonNode> member = members.get(i);
      if (i > 0) {
        out.append(',');
      }
      try {
        writeString(out, member.getKey());
        out.append(':');
        writeValue(out, member.getValue());
      } catch (Rejected e) {
        throw e.under(member.getKey());
      }
    }
    out.append('}');
  }

  private static void writeArray(StringBuilder out, JsonNode node) {
    out.append('[');
    for (int i = 0, n = node.size(); i < n; i++) {
      if (i > 0) {
        out.append(',');
      }
      try {
        writeValue(out, node.get(i));
      } catch (Rejected e) {
        throw e.under(Integer.toString(i));
      }
    }
    out.append(']');
  }

  private static void writeString(StringBuilder out, String s) {
    out.append('"');
    int run = 0; // start of the pending run of characters copied as they are
    for (int i = 0, n = s.length(); i < n; i++) {
      char c = s.charAt(i);
      if (c >= 0x20 && c != '"' && c != '\\' && !Character.isSurrogate(c)) {
        continue;
      }
      if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++; // a valid pair is copied as it is
        continue;
      }
      out.append(s, run, i);
      run = i + 1;
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (Character.isSurrogate(c)) {
            throw new Rejected(
                String.format(
                    "lone surrogate U+%04X at index %d of a string; JSON must be valid Unicode",
                    (int) c, i));
          }
          out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
        }
      }
    }
    out.append(s, run, s.length()).append('"');
  }

  private static void writeNumber(StringBuilder out, JsonNode node) {
    if (node.isBigInteger()) {
      writeBigInteger(out, node.bigIntegerValue());
    } else if (node.isIntegralNumber()) {
      writeLong(out, node.longValue());
    } else {
      writeDouble(out, node.doubleValue());
    }
  }

  private static void writeLong(StringBuilder out, long value) {
    if (value > -EXACT_LONG_LIMIT && value < EXACT_LONG_LIMIT) {
      out.append(value);
      return;
    }
    double d = value;
    // (long) 2^63 saturates to Long.MAX_VALUE, so 2^63 itself must be excluded explicitly.
    if (d == 0x1p63 || (long) d != value) {
      throw notExact(Long.toString(value));
    }
    writeDouble(out, d);
  }

  private static void writeBigInteger(StringBuilder out, BigInteger value) {
    if (value.bitLength() < 64) {
      writeLong(out, value.longValue());
      return;
    }
    double d = value.doubleValue();
    if (Double.isInfinite(d) || !new BigDecimal(d).toBigInteger().equals(value)) {
      throw notExact(value.toString());
    }
    writeDouble(out, d);
  }

  private static Rejected notExact(String value) {
    return new Rejected(
        "integer "
            + value
            + " is not exactly representable as an IEEE-754 double, so JSON parsers would change"
            + " it; use a string for large integers");
  }

  /** Writes a double as ECMAScript's Number.prototype.toString does (ES2015 section 7.1.12.1). */
  private static void writeDouble(StringBuilder out, double d) {
    if (!Double.isFinite(d)) {
      throw new Rejected(d + " is not a JSON number; JSON has no NaN or infinities");
    }
    if (d == 0) {
      out.append('0'); // also -0
      return;
    }
    if (d > -EXACT_LONG_LIMIT && d < EXACT_LONG_LIMIT && d == Math.rint(d)) {
      out.append((long) d); // an integer below 2^53 is its own shortest form, and below 10^21
      return;
    }
    if (d < 0) {
      out.append('-');
      d = -d;
    }
    BigDecimal shortest = shortestDecimal(d);
    String s = shortest.unscaledValue().toString();
    int k = s.length();
    int n = k - shortest.scale(); // d == 0.s * 10^n
    if (k <= n && n <= 21) {
      out.append(s);
      for (int i = k; i < n; i++) {
        out.append('0');
      }
    } else if (0 < n && n <= 21) {
      out.append(s, 0, n).append('.').append(s, n, k);
    } else if (-6 < n && n <= 0) {
      out.append("0.");
      for (int i = n; i < 0; i++) {
        out.append('0');
      }
      out.append(s);
    } else {
      out.append(s.charAt(0));
      if (k > 1) {
        out.append('.').append(s, 1, k);
      }
      int e = n - 1;
      out.append('e').append(e < 0 ? '-' : '+').append(Math.abs(e));
    }
  }

  /**
   * Returns the decimal with the fewest significant digits that reads back as {@code d}; among
   * those, the one closest to {@code d}, ties to the even last digit. Trailing zeros are stripped.
   *
   * <p>If some {@code p}-digit decimal reads back as {@code d}, so does a {@code p + 1}-digit one
   * (append a zero), so the shortest length is found by bisection over 1 to 17 digits (17 always
   * suffice).
   *
   * @param d a positive, finite double
   */
  private static BigDecimal shortestDecimal(double d) {
    BigDecimal exact = new BigDecimal(d);
    // Invariant: no decimal of fewer than lo digits reads back as d; one of hi digits does.
    int lo = 1;
    int hi = MAX_DIGITS;
    BigDecimal best = null;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      BigDecimal candidate = roundTrip(exact, mid, d);
      if (candidate != null) {
        hi = mid;
        best = candidate;
      } else {
        lo = mid + 1;
      }
    }
    if (best == null) {
      best = roundTrip(exact, MAX_DIGITS, d);
    }
    return best.stripTrailingZeros();
  }

  /**
   * Returns the {@code p}-digit decimal closest to {@code exact} that reads back as {@code d}, or
   * {@code null} if there is none.
   *
   * <p>Rounding to nearest is not enough on its own: at a power of two the gap to the next smaller
   * double is half the gap to the next larger one, so the nearest {@code p}-digit decimal may fall
   * outside the round-trip interval on the near side while the neighbour on the far side lies
   * inside it (2<sup>-24</sup> is {@code 5.960464477539063e-8}, not the nearest 16-digit
   * decimal). Both neighbours are therefore tried, nearest first.
   */
  private static BigDecimal roundTrip(BigDecimal exact, int p, double d) {
    BigDecimal nearest = exact.round(HALF_EVEN[p]);
    if (nearest.doubleValue() == d) {
      return nearest;
    }
    BigDecimal down = exact.round(DOWN[p]);
    BigDecimal other = down.compareTo(nearest) == 0 ? exact.round(UP[p]) : down;
    return other.doubleValue() == d ? other : null;
  }

  /** A rejection on its way up the tree, collecting the JSON Pointer of where it happened. */
  private static final class Rejected extends RuntimeException {
    private final StringBuilder pointer = new StringBuilder();

    Rejected(String message) {
      super(message, null, false, false);
    }

    Rejected under(String token) {
      pointer.insert(0, '/' + token.replace("~", "~0").replace("/", "~1"));
      return this;
    }

    String pointer() {
      return pointer.toString();
    }
  }
}
