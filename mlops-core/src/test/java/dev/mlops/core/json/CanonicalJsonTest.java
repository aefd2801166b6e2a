package dev.mlops.core.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.BinaryNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.FloatNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.POJONode;
import com.fasterxml.jackson.databind.node.ShortNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CanonicalJsonTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private static String canonical(JsonNode node) {
    return CanonicalJson.canonicalString(node);
  }

  private static String canonical(double d) {
    return canonical(DoubleNode.valueOf(d));
  }

  private static JsonNode parse(String json) throws Exception {
    return MAPPER.readTree(json);
  }

  // ---------------------------------------------------------------- numbers

  /** RFC 8785 Appendix B: IEEE-754 bit patterns and their canonical text. */
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "0000000000000000, 0",
    "8000000000000000, 0",
    "0000000000000001, 5e-324",
    "8000000000000001, -5e-324",
    "7fefffffffffffff, 1.7976931348623157e+308",
    "ffefffffffffffff, -1.7976931348623157e+308",
    "4340000000000000, 9007199254740992",
    "c340000000000000, -9007199254740992",
    "4430000000000000, 295147905179352830000",
    "44b52d02c7e14af5, 9.999999999999997e+22",
    "44b52d02c7e14af6, 1e+23",
    "44b52d02c7e14af7, 1.0000000000000001e+23",
    "444b1ae4d6e2ef4e, 999999999999999700000",
    "444b1ae4d6e2ef4f, 999999999999999900000",
    "444b1ae4d6e2ef50, 1e+21",
    "3eb0c6f7a0b5ed8c, 9.999999999999997e-7",
    "3eb0c6f7a0b5ed8d, 0.000001",
    "41b3de4355555553, 333333333.3333332",
    "41b3de4355555554, 333333333.33333325",
    "41b3de4355555555, 333333333.3333333",
    "41b3de4355555556, 333333333.3333334",
    "41b3de4355555557, 333333333.33333343",
    "becbf647612f3696, -0.0000033333333333333333",
    "43143ff3c1cb0959, 1424953923781206.2",
  })
  void numbers_followEcmaScriptFormatting_rfc8785AppendixB(String hexBits, String expected) {
    double d = Double.longBitsToDouble(Long.parseUnsignedLong(hexBits, 16));

    assertThat(canonical(d)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "1.0, 1",
    "-1.0, -1",
    "0.5, 0.5",
    "0.1, 0.1",
    "-0.1, -0.1",
    "100.0, 100",
    "1.5e300, 1.5e+300",
    "1e21, 1e+21",
    "1e20, 100000000000000000000",
    "123456789012345680000, 123456789012345680000",
    "1e-6, 0.000001",
    "1.5e-6, 0.0000015",
    "1e-7, 1e-7",
    "1.5e-7, 1.5e-7",
    "0.000123, 0.000123",
    "12.5, 12.5",
    "2e-3, 0.002",
    "1E30, 1e+30",
    "4.50, 4.5",
    "2.2250738585072014E-308, 2.2250738585072014e-308",
    "4.9E-324, 5e-324",
    // Java's own notation (2.0E-3, 1.0E23) must not leak into the output.
    "1.0E23, 1e+23",
    "2.0E-3, 0.002",
  })
  void numbers_followEcmaScriptFormatting(double value, String expected) {
    assertThat(canonical(value)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    // Java 17's Double.toString prints 17 digits for these; ECMAScript needs 16 or fewer.
    "5.6843418860808015E-14, 5.684341886080802e-14", // 2^-44
    "5.9604644775390625E-8, 5.960464477539063e-8", // 2^-24: the nearest 16 digits do not round-trip
    "6.1897001964269014E26, 6.189700196426902e+26", // 2^89
    "-2.31845256772633248E17, -231845256772633250",
    "4.9E-324, 5e-324",
    "1.58E-322, 1.6e-322",
  })
  void numbers_useShortestDigits_evenWhereJava17DoubleToStringDoesNot(
      double value, String expected) {
    String text = canonical(value);

    assertThat(text).isEqualTo(expected);
    assertThat(Double.parseDouble(text)).isEqualTo(value);
  }

  @Test
  void numbers_negativeZero_printsAsZero() {
    assertThat(canonical(-0.0)).isEqualTo("0");
    assertThat(canonical(new DecimalNode(new BigDecimal("-0.000")))).isEqualTo("0");
  }

  @ParameterizedTest
  @ValueSource(doubles = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY})
  void numbers_nonFinite_areRejected(double value) {
    assertThatThrownBy(() -> canonical(value))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a JSON number");
    assertThatThrownBy(() -> canonical(FloatNode.valueOf((float) value)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void numbers_integers_printAsTheDoubleWithTheSameValue() {
    assertThat(canonical(IntNode.valueOf(0))).isEqualTo("0");
    assertThat(canonical(IntNode.valueOf(-42))).isEqualTo("-42");
    assertThat(canonical(ShortNode.valueOf((short) 7))).isEqualTo("7");
    assertThat(canonical(IntNode.valueOf(Integer.MIN_VALUE))).isEqualTo("-2147483648");
    assertThat(canonical(LongNode.valueOf((1L << 53) - 1))).isEqualTo("9007199254740991");
    assertThat(canonical(LongNode.valueOf(-(1L << 53)))).isEqualTo("-9007199254740992");
    assertThat(canonical(LongNode.valueOf(1L << 60))).isEqualTo("1152921504606847000");
    assertThat(canonical(LongNode.valueOf(Long.MIN_VALUE))).isEqualTo("-9223372036854776000");
    assertThat(canonical(BigIntegerNode.valueOf(BigInteger.TEN.pow(21)))).isEqualTo("1e+21");
    assertThat(canonical(BigIntegerNode.valueOf(BigInteger.TEN.pow(20))))
        .isEqualTo("100000000000000000000");
    assertThat(canonical(BigIntegerNode.valueOf(BigInteger.TWO.pow(64))))
        .isEqualTo("18446744073709552000");
    assertThat(canonical(BigIntegerNode.valueOf(BigInteger.valueOf(12)))).isEqualTo("12");
  }

  @Test
  void numbers_parsedIntegers_matchParsedDoubles() throws Exception {
    // 10^21 parses as a BigInteger node, 1e21 as a double node; JCS sees the same number.
    assertThat(canonical(parse("1000000000000000000000"))).isEqualTo("1e+21");
    assertThat(canonical(parse("1e21"))).isEqualTo("1e+21");
    assertThat(canonical(parse("9007199254740992"))).isEqualTo("9007199254740992");
  }

  @Test
  void numbers_integersNotExactlyRepresentable_areRejected() {
    List<JsonNode> inexact =
        List.of(
            LongNode.valueOf((1L << 53) + 1),
            LongNode.valueOf(-(1L << 53) - 1),
            LongNode.valueOf(Long.MAX_VALUE), // (double) rounds up to 2^63, outside long
            LongNode.valueOf(Long.MIN_VALUE + 1),
            BigIntegerNode.valueOf(BigInteger.TEN.pow(23)), // 1e23 is not an exact double
            BigIntegerNode.valueOf(BigInteger.TWO.pow(64).add(BigInteger.ONE)),
            BigIntegerNode.valueOf(BigInteger.TWO.pow(1024)), // beyond the largest double
            BigIntegerNode.valueOf(BigInteger.TEN.pow(400).negate()));

    for (JsonNode node : inexact) {
      assertThatThrownBy(() -> canonical(node))
          .as("%s", node)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("use a string for large integers");
    }
  }

  @Test
  void numbers_bigDecimalsAndFloats_areReadAsDoubles() {
    assertThat(canonical(DecimalNode.valueOf(new BigDecimal("4.50")))).isEqualTo("4.5");
    assertThat(canonical(DecimalNode.valueOf(new BigDecimal("333333333.33333329"))))
        .isEqualTo("333333333.3333333");
    assertThat(canonical(DecimalNode.valueOf(new BigDecimal("1E-400")))).isEqualTo("0");
    assertThat(canonical(FloatNode.valueOf(0.5f))).isEqualTo("0.5");
    assertThat(canonical(FloatNode.valueOf(0.1f))).isEqualTo("0.10000000149011612");
  }

  @Test
  void numbers_bigDecimalBeyondDoubleRange_isRejected() {
    assertThatThrownBy(() -> canonical(DecimalNode.valueOf(new BigDecimal("1E+400"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a JSON number");
  }

  // ---------------------------------------------------------------- RFC 8785 examples

  @Test
  void objects_membersSortedByUtf16CodeUnits_rfc8785Section323() throws Exception {
    String input =
        """
        {
          "\\u20ac": "Euro Sign",
          "\\r": "Carriage Return",
          "\\ufb33": "Hebrew Letter Dalet With Dagesh",
          "1": "One",
          "\\ud83d\\ude00": "Emoji: Grinning Face",
          "\\u0080": "Control",
          "\\u00f6": "Latin Small Letter O With Diaeresis"
        }
        """;

    JsonNode sorted = parse(CanonicalJson.canonicalString(parse(input)));

    assertThat(sorted.properties().stream().map(e -> e.getValue().textValue()))
        .containsExactly(
            "Carriage Return",
            "One",
            "Control",
            "Latin Small Letter O With Diaeresis",
            "Euro Sign",
            "Emoji: Grinning Face",
            "Hebrew Letter Dalet With Dagesh");
  }

  @Test
  void canonicalize_matchesRfc8785Section324Example() throws Exception {
    String input =
        """
        {
          "numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],
          "string": "\\u20ac$\\u000F\\u000aA'\\u0042\\u0022\\u005c\\\\\\"\\/",
          "literals": [null, true, false]
        }
        """;
    String expected =
        "{\"literals\":[null,true,false],"
            + "\"numbers\":[333333333.3333333,1e+30,4.5,0.002,1e-27],"
            + "\"string\":\"\u20ac$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\"}";
    // The UTF-8 bytes as RFC 8785 section 3.2.4 lists them.
    String expectedHex =
        "7b226c69746572616c73223a5b6e756c6c2c747275652c66616c73655d2c"
            + "226e756d62657273223a5b3333333333333333332e333333333333332c"
            + "31652b33302c342e352c302e3030322c31652d32375d2c"
            + "22737472696e67223a22e282ac245c75303030665c6e4127425c225c5c5c5c5c222f227d";

    JsonNode tree = parse(input);

    assertThat(CanonicalJson.canonicalString(tree)).isEqualTo(expected);
    assertThat(HexFormat.of().formatHex(CanonicalJson.canonicalize(tree)))
        .isEqualTo(expectedHex);
  }

  // ---------------------------------------------------------------- strings

  @Test
  void strings_controlCharacters_useShortEscapesOrLowercaseHex() {
    assertThat(canonical(TextNode.valueOf("\b\f\n\r\t"))).isEqualTo("\"\\b\\f\\n\\r\\t\"");
    assertThat(canonical(TextNode.valueOf("\u0000\u0001\u000b\u001a\u001f")))
        .isEqualTo("\"\\u0000\\u0001\\u000b\\u001a\\u001f\"");
    assertThat(canonical(TextNode.valueOf("a\"b\\c"))).isEqualTo("\"a\\\"b\\\\c\"");
  }

  @Test
  void strings_everythingElse_isLiteralUtf8() {
    String literal = " /~\u007f\u0080\u00e9\u2028\u20ac\uffff\ud83d\ude00";

    assertThat(canonical(TextNode.valueOf(literal))).isEqualTo("\"" + literal + "\"");
    assertThat(CanonicalJson.canonicalize(TextNode.valueOf(literal)))
        .isEqualTo(("\"" + literal + "\"").getBytes(StandardCharsets.UTF_8));
    assertThat(HexFormat.of().formatHex(CanonicalJson.canonicalize(TextNode.valueOf("\u20ac/"))))
        .isEqualTo("22e282ac2f22");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"\ud800", "a\udbff", "\udc00", "x\udfffy", "\ude00\ud83d", "\ud83d\ud83d"})
  void strings_loneSurrogates_areRejected(String text) {
    assertThatThrownBy(() -> canonical(TextNode.valueOf(text)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("lone surrogate");
  }

  @Test
  void strings_loneSurrogateInMemberName_isRejected() {
    ObjectNode node = NODES.objectNode();
    node.put("ok\ud800", 1);

    assertThatThrownBy(() -> canonical(node))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("lone surrogate");
  }

  @Test
  void errors_nameTheJsonPointerOfTheOffendingValue() {
    ObjectNode root = NODES.objectNode();
    root.putObject("a/b").putArray("list").add(1).add(Double.NaN);

    assertThatThrownBy(() -> canonical(root))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'/a~1b/list/1'");
  }

  // ---------------------------------------------------------------- structures

  @Test
  void structures_emptyObjectAndArray() {
    assertThat(canonical(NODES.objectNode())).isEqualTo("{}");
    assertThat(canonical(NODES.arrayNode())).isEqualTo("[]");
  }

  @Test
  void structures_literals() {
    assertThat(canonical(NODES.booleanNode(true))).isEqualTo("true");
    assertThat(canonical(NODES.booleanNode(false))).isEqualTo("false");
    assertThat(canonical(NODES.nullNode())).isEqualTo("null");
  }

  @Test
  void structures_nested_areSortedRecursivelyAndKeepArrayOrder() throws Exception {
    JsonNode tree =
        parse(
            """
            [ 56, { "d": true, "10": null, "1": [ ] },
              { "b": { "z": 1, "y": [ { "k": 2, "j": 3 }, "s" ] }, "a": {} } ]
            """);

    assertThat(canonical(tree))
        .isEqualTo(
            "[56,{\"1\":[],\"10\":null,\"d\":true},"
                + "{\"a\":{},\"b\":{\"y\":[{\"j\":3,\"k\":2},\"s\"],\"z\":1}}]");
  }

  @Test
  void structures_memberNamesAreEscapedLikeStrings() {
    ObjectNode node = NODES.objectNode();
    node.put("tab\there", 1);
    node.put("quote\"", 2);

    assertThat(canonical(node)).isEqualTo("{\"quote\\\"\":2,\"tab\\there\":1}");
  }

  @Test
  void structures_nonJsonNodes_areRejected() {
    ArrayNode withMissing = NODES.arrayNode();
    List<JsonNode> rejected =
        List.of(
            BinaryNode.valueOf(new byte[] {1, 2}),
            new POJONode(new Object()),
            MissingNode.getInstance(),
            withMissing.add(BinaryNode.valueOf(new byte[0])));

    for (JsonNode node : rejected) {
      assertThatThrownBy(() -> canonical(node))
          .as("%s", node)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("not a JSON value");
    }
  }

  @Test
  void canonicalize_rejectsNullArgument() {
    assertThatThrownBy(() -> CanonicalJson.canonicalize(null))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> CanonicalJson.canonicalString(null))
        .isInstanceOf(NullPointerException.class);
  }

  @Test
  void canonicalize_returnsUtf8OfCanonicalString() throws Exception {
    JsonNode tree = parse("{\"\u00e9\":[\"\ud83d\ude00\",1.25,{\"z\":null}]}");

    assertThat(CanonicalJson.canonicalize(tree))
        .isEqualTo(CanonicalJson.canonicalString(tree).getBytes(StandardCharsets.UTF_8));
  }
}
