package dev.mlops.monitoring.stream;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

/**
 * Our port of CPython's Mersenne Twister, seeding and {@code sample()} against draws made by
 * /usr/bin/python3 ({@code src/test/python/river_streams.py}, key {@code pythonRandom}).
 */
class PythonRandomTest {

  private static JsonNode reference() throws IOException {
    try (InputStream in = PythonRandomTest.class.getResourceAsStream("river_streams.json")) {
      return new ObjectMapper().readTree(in).get("pythonRandom");
    }
  }

  @Test
  void bits_seed42_equalCPythonGetrandbits() throws IOException {
    JsonNode expected = reference().get("getrandbits32Seed42");
    PythonRandom r = new PythonRandom(42);
    assertThat(expected.size()).isEqualTo(1300);
    for (int i = 0; i < expected.size(); i++) {
      assertThat(r.bits(32)).as("draw %d", i).isEqualTo(expected.get(i).asLong());
    }
  }

  @Test
  void sample_variousSeedsAndSizes_equalCPythonSample() throws IOException {
    JsonNode draws = reference().get("draws");
    assertThat(draws.size()).isEqualTo(8);
    for (JsonNode d : draws) {
      PythonRandom r = new PythonRandom(d.get("seed").asLong());
      int n = d.get("n").asInt();
      int k = d.get("k").asInt();
      int[] pool = new int[n];
      int[] out = new int[k];
      for (JsonNode expected : d.get("samples")) {
        r.sample(n, k, pool, out);
        int[] want = new int[k];
        for (int i = 0; i < k; i++) {
          want[i] = expected.get(i).asInt();
        }
        assertThat(out).as("seed %s n %d k %d", d.get("seed"), n, k).containsExactly(want);
      }
    }
  }
}
