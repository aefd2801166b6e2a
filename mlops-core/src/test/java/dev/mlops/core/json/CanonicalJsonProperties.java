package dev.mlops.core.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

class CanonicalJsonProperties {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** The shapes ECMAScript's Number.prototype.toString can produce. */
  private static final Pattern ES_NUMBER =
      Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]*[1-9])?(e[+-][1-9][0-9]*)?");

  // ---------------------------------------------------------------- numbers

  @Property(tries = 3000)
  void numbers_roundTripToTheSameDouble(@ForAll("finiteDoubles") double d) {
    String text = CanonicalJson.canonicalString(DoubleNode.valueOf(d));

    assertThat(Double.parseDouble(text) == d).as("%s reads back as %s", text, d).isTrue();
  }

  @Property(tries = 3000)
  void numbers_areNoLongerThanJavaDoubleToString(@ForAll("finiteDoubles") double d) {
    String text = CanonicalJson.canonicalString(DoubleNode.valueOf(d));

    assertThat(significantDigits(text)).isLessThanOrEqualTo(significantDigits(Double.toString(d)));
  }

  @Property(tries = 3000)
  void numbers_useTheFewestDigitsThatRoundTrip(@ForAll("finiteDoubles") double d) {
    String text = CanonicalJson.canonicalString(DoubleNode.valueOf(d));
    int k = significantDigits(text);

    if (d != 0 && k > 1) {
      // The closest shorter decimals on either side of d must both read back as other doubles.
      BigDecimal exact = new BigDecimal(Math.abs(d));
      for (RoundingMode mode : new RoundingMode[] {RoundingMode.DOWN, RoundingMode.UP}) {
        BigDecimal shorter = exact.round(new MathContext(k - 1, mode));
        assertThat(shorter.doubleValue()).as("%s (%s)", shorter, mode).isNotEqualTo(Math.abs(d));
      }
    }
  }

  @Property(tries = 3000)
  void numbers_followEcmaScriptNotation(@ForAll("finiteDoubles") double d) {
    String text = CanonicalJson.canonicalString(DoubleNode.valueOf(d));
    double magnitude = Math.abs(d);
    boolean exponential = magnitude != 0 && (magnitude >= 1e21 || magnitude < 1e-6);

    assertThat(text).matches(ES_NUMBER);
    assertThat(text.contains("e")).as(text).isEqualTo(exponential);
  }

  @Property(tries = 2000)
  void numbers_integersPrintLikeTheEqualDoubleOrAreRejected(@ForAll("longs") long value) {
    double d = value;
    boolean exact = d != 0x1p63 && (long) d == value;
    LongNode node = LongNode.valueOf(value);

    if (Math.abs(d) < 0x1p53) {
      assertThat(CanonicalJson.canonicalString(node)).isEqualTo(Long.toString(value));
    } else if (exact) {
      assertThat(CanonicalJson.canonicalString(node))
          .isEqualTo(CanonicalJson.canonicalString(DoubleNode.valueOf(d)));
    } else {
      assertThatThrownBy(() -> CanonicalJson.canonicalString(node))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  // ---------------------------------------------------------------- strings and trees

  @Property(tries = 1000)
  void strings_readBackUnchanged(@ForAll("strings") String s) throws Exception {
    String text = CanonicalJson.canonicalString(TextNode.valueOf(s));

    assertThat(MAPPER.readTree(text).textValue()).isEqualTo(s);
    assertThat(text.chars().filter(c -> c < 0x20)).isEmpty();
  }

  @Property(tries = 500)
  void canonicalize_isIdempotent(@ForAll("objects") JsonNode tree) throws Exception {
    String once = CanonicalJson.canonicalString(tree);
    String twice = CanonicalJson.canonicalString(MAPPER.readTree(once));

    assertThat(twice).isEqualTo(once);
  }

  @Property(tries = 500)
  void canonicalize_preservesTheValue(@ForAll("objects") JsonNode tree) throws Exception {
    assertThat(MAPPER.readTree(CanonicalJson.canonicalize(tree))).isEqualTo(tree);
  }

  @Property(tries = 500)
  void objects_keyOrderOfInputNeverChangesOutput(
      @ForAll("objects") JsonNode tree, @ForAll Random random) {
    JsonNode reordered = reorder(tree, random);

    assertThat(CanonicalJson.canonicalize(reordered)).isEqualTo(CanonicalJson.canonicalize(tree));
  }

  @Property(tries = 500)
  void objects_membersAppearInUtf16Order(@ForAll("objects") JsonNode tree) throws Exception {
    JsonNode output = MAPPER.readTree(CanonicalJson.canonicalString(tree));

    List<String> names = output.properties().stream().map(Map.Entry::getKey).toList();
    assertThat(names).isSorted();
  }

  // ---------------------------------------------------------------- generators

  @Provide
  Arbitrary<Double> finiteDoubles() {
    return Arbitraries.frequencyOf(
        Tuple.of(4, Arbitraries.longs().map(Double::longBitsToDouble).filter(Double::isFinite)),
        Tuple.of(2, Arbitraries.doubles()),
        Tuple.of(1, Arbitraries.integers().between(-1_000_000, 1_000_000).map(i -> i / 1000.0)),
        Tuple.of(
            1,
            Arbitraries.integers()
                .between(-1074, 1023)
                .map(e -> Math.scalb(1.0, e))), // powers of two: asymmetric round-trip gaps
        Tuple.of(1, Arbitraries.of(0.0, -0.0, Double.MIN_VALUE, Double.MAX_VALUE, 1e21, 1e-7)));
  }

  @Provide
  Arbitrary<Long> longs() {
    return Arbitraries.frequencyOf(
        Tuple.of(2, Arbitraries.longs()),
        Tuple.of(
            2,
            Arbitraries.longs()
                .between(-(1L << 53), 1L << 53)
                .flatMap(v -> Arbitraries.integers().between(0, 10).map(shift -> v << shift))),
        Tuple.of(1, Arbitraries.of(Long.MIN_VALUE, Long.MAX_VALUE, 1L << 53, (1L << 53) + 1)));
  }

  @Provide
  Arbitrary<String> strings() {
    Arbitrary<Integer> codePoints =
        Arbitraries.frequencyOf(
            Tuple.of(6, Arbitraries.integers().between(0x20, 0x7e)),
            Tuple.of(2, Arbitraries.integers().between(0, 0x1f)),
            Tuple.of(2, Arbitraries.integers().between(0x7f, 0xd7ff)),
            Tuple.of(1, Arbitraries.integers().between(0xe000, 0xffff)),
            Tuple.of(1, Arbitraries.integers().between(0x10000, 0x10ffff)));
    return codePoints
        .list()
        .ofMaxSize(8)
        .map(
            list -> {
              StringBuilder sb = new StringBuilder();
              list.forEach(sb::appendCodePoint);
              return sb.toString();
            });
  }

  @Provide
  Arbitrary<JsonNode> objects() {
    return objectsOf(Arbitraries.recursive(this::leaves, this::containers, 0, 3));
  }

  private Arbitrary<JsonNode> leaves() {
    return Arbitraries.oneOf(
        strings().map(TextNode::valueOf),
        Arbitraries.integers().map(IntNode::valueOf),
        Arbitraries.of(BooleanNode.TRUE, BooleanNode.FALSE, NullNode.instance));
  }

  private Arbitrary<JsonNode> containers(Arbitrary<JsonNode> element) {
    Arbitrary<JsonNode> arrays =
        element
            .list()
            .ofMaxSize(4)
            .map(
                list -> {
                  ArrayNode array = NODES.arrayNode();
                  array.addAll(list);
                  return array;
                });
    return Arbitraries.oneOf(arrays, objectsOf(element));
  }

  private Arbitrary<JsonNode> objectsOf(Arbitrary<JsonNode> element) {
    return Arbitraries.maps(strings(), element)
        .ofMaxSize(5)
        .map(
            map -> {
              ObjectNode object = NODES.objectNode();
              map.forEach((name, value) -> object.set(name, value.deepCopy()));
              return object;
            });
  }

  // ---------------------------------------------------------------- helpers

  /** Rebuilds a tree with every object's members inserted in a random order. */
  private static JsonNode reorder(JsonNode node, Random random) {
    if (node.isObject()) {
      List<Map.Entry<String, JsonNode>> members = new ArrayList<>(node.properties());
      Collections.shuffle(members, random);
      ObjectNode copy = NODES.objectNode();
      members.forEach(member -> copy.set(member.getKey(), reorder(member.getValue(), random)));
      return copy;
    }
    if (node.isArray()) {
      ArrayNode copy = NODES.arrayNode();
      node.forEach(element -> copy.add(reorder(element, random)));
      return copy;
    }
    return node;
  }

  /** Counts significant digits of a decimal numeral, ignoring sign, point, exponent and zeros. */
  private static int significantDigits(String numeral) {
    String mantissa = numeral.split("[eE]")[0].replace("-", "").replace(".", "");
    String digits = mantissa.replaceFirst("^0+", "").replaceFirst("0+$", "");
    return Math.max(1, digits.length());
  }
}
