package dev.mlops.registry.run.tribuo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.oracle.labs.mlrg.olcut.provenance.ListProvenance;
import com.oracle.labs.mlrg.olcut.provenance.MapProvenance;
import com.oracle.labs.mlrg.olcut.provenance.ObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.PrimitiveProvenance;
import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import com.oracle.labs.mlrg.olcut.provenance.ProvenanceUtil;
import com.oracle.labs.mlrg.olcut.provenance.io.FlatMarshalledProvenance;
import com.oracle.labs.mlrg.olcut.provenance.io.ListMarshalledProvenance;
import com.oracle.labs.mlrg.olcut.provenance.io.MapMarshalledProvenance;
import com.oracle.labs.mlrg.olcut.provenance.io.ObjectMarshalledProvenance;
import com.oracle.labs.mlrg.olcut.provenance.io.SimpleMarshalledProvenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.DateTimeProvenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.FileProvenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.URLProvenance;
import com.oracle.labs.mlrg.olcut.util.Pair;
import dev.mlops.core.Digest;
import dev.mlops.core.IntegrityException;
import dev.mlops.core.json.CanonicalJson;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Tribuo (OLCUT) provenance as JSON, flattened for diffs, and its digest.
 *
 * <ul>
 *   <li>{@link #toJson}/{@link #fromJson}: the full provenance, round-trippable: OLCUT's marshalled
 *       form ({@link ProvenanceUtil#marshalProvenance}) written as JSON with Jackson;</li>
 *   <li>{@link #flatten}: one entry per primitive value, keyed by its path ({@code trainer.seed},
 *       {@code trainer.optimiser.initialLearningRate},
 *       {@code dataset.datasource.source.resource-hash}, {@code java-version}), <em>without</em>
 *       timestamps (every {@link DateTimeProvenance}: training time, data source creation and file
 *       modification times) and without file locations ({@link FileProvenance},
 *       {@link URLProvenance}: the data file's path differs between machines; its identity is its
 *       {@code resource-hash}, which stays);</li>
 *   <li>{@link #digest}: SHA-256 over the RFC 8785 canonical JSON of the flattened map. Two trainings
 *       with the same trainer configuration, invocation count, data and Tribuo/JVM/OS versions have
 *       the same provenance digest; it is diffed, not required equal.</li>
 * </ul>
 *
 * <p>This class is stateless and thread-safe.
 */
public final class TribuoProvenance {
  private static final ObjectMapper JSON = new ObjectMapper();

  private TribuoProvenance() {}

  /**
   * Writes a provenance as JSON (OLCUT's marshalled form).
   *
   * @param provenance the provenance, e.g. {@code model.getProvenance()}
   * @return UTF-8 JSON bytes
   */
  public static byte[] toJson(ObjectProvenance provenance) {
    ArrayNode root = JSON.createArrayNode();
    for (ObjectMarshalledProvenance o : ProvenanceUtil.marshalProvenance(provenance)) {
      ObjectNode n = root.addObject();
      n.put("name", o.getName());
      n.put("objectClass", o.getObjectClassName());
      n.put("provenanceClass", o.getProvenanceClassName());
      ObjectNode map = n.putObject("map");
      new TreeMap<>(o.getMap()).forEach((k, v) -> map.set(k, flat(v)));
    }
    try {
      return JSON.writeValueAsBytes(root);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static JsonNode flat(FlatMarshalledProvenance p) {
    ObjectNode n = JSON.createObjectNode();
    if (p instanceof SimpleMarshalledProvenance) {
      SimpleMarshalledProvenance s = (SimpleMarshalledProvenance) p;
      n.put("key", s.getKey());
      n.put("value", s.getValue());
      n.put("provenanceClass", s.getProvenanceClassName());
      n.put("additional", s.getAdditional());
      n.put("reference", s.isReference());
    } else if (p instanceof ListMarshalledProvenance) {
      ArrayNode a = n.putArray("list");
      ((ListMarshalledProvenance) p).getList().forEach(x -> a.add(flat(x)));
    } else {
      ObjectNode m = n.putObject("map");
      for (Pair<String, FlatMarshalledProvenance> e : (MapMarshalledProvenance) p) {
        m.set(e.getA(), flat(e.getB()));
      }
    }
    return n;
  }

  /**
   * Reads a provenance written by {@link #toJson}.
   *
   * @param json the JSON bytes
   * @return the provenance
   * @throws IntegrityException if the bytes are not such JSON
   */
  public static ObjectProvenance fromJson(byte[] json) {
    try {
      List<ObjectMarshalledProvenance> list = new ArrayList<>();
      for (JsonNode n : JSON.readTree(json)) {
        Map<String, FlatMarshalledProvenance> map = new LinkedHashMap<>();
        n.path("map").fields().forEachRemaining(e -> map.put(e.getKey(), readFlat(e.getValue())));
        list.add(new ObjectMarshalledProvenance(n.path("name").asText(), map, n.path("objectClass").asText(),
            n.path("provenanceClass").asText()));
      }
      return ProvenanceUtil.unmarshalProvenance(list);
    } catch (IOException | RuntimeException e) {
      throw new IntegrityException("provenance", "OLCUT marshalled provenance JSON", e.getClass().getSimpleName(),
          "The recorded Tribuo provenance cannot be read (" + e.getMessage() + "); it was written by an incompatible "
              + "version or modified.", e);
    }
  }

  private static FlatMarshalledProvenance readFlat(JsonNode n) {
    if (n.has("list")) {
      List<FlatMarshalledProvenance> l = new ArrayList<>();
      n.get("list").forEach(x -> l.add(readFlat(x)));
      return new ListMarshalledProvenance(l);
    }
    if (n.has("map")) {
      Map<String, FlatMarshalledProvenance> m = new LinkedHashMap<>();
      n.get("map").fields().forEachRemaining(e -> m.put(e.getKey(), readFlat(e.getValue())));
      return new MapMarshalledProvenance(m);
    }
    return new SimpleMarshalledProvenance(n.path("key").asText(), text(n, "value"), n.path("provenanceClass").asText(),
        n.path("reference").asBoolean(), text(n, "additional"));
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }

  /**
   * Flattens a provenance to path-keyed values, without timestamps and file locations.
   *
   * @param provenance the provenance
   * @return the sorted map
   */
  public static Map<String, String> flatten(ObjectProvenance provenance) {
    Map<String, String> out = new TreeMap<>();
    flatten("", provenance, out);
    return out;
  }

  private static void flatten(String prefix, Provenance p, Map<String, String> out) {
    if (p instanceof DateTimeProvenance || p instanceof FileProvenance || p instanceof URLProvenance) {
      return;
    }
    if (p instanceof ObjectProvenance) {
      for (Pair<String, Provenance> e : (ObjectProvenance) p) {
        flatten(prefix + e.getA() + ".", e.getB(), out);
      }
      if (((ObjectProvenance) p).getClassName() != null) {
        out.put(prefix + "class-name", ((ObjectProvenance) p).getClassName());
      }
    } else if (p instanceof ListProvenance) {
      int i = 0;
      for (Object x : ((ListProvenance<?>) p).getList()) {
        flatten(prefix.substring(0, prefix.length() - 1) + "[" + i++ + "].", (Provenance) x, out);
      }
    } else if (p instanceof MapProvenance) {
      for (Pair<String, ?> e : (MapProvenance<?>) p) {
        flatten(prefix + e.getA() + ".", (Provenance) e.getB(), out);
      }
    } else if (p instanceof PrimitiveProvenance) {
      Object v = ((PrimitiveProvenance<?>) p).getValue();
      out.put(prefix.substring(0, prefix.length() - 1), String.valueOf(v));
    } else {
      out.put(prefix.substring(0, Math.max(0, prefix.length() - 1)), String.valueOf(p));
    }
  }

  /**
   * The provenance digest: SHA-256 of the canonical JSON of {@link #flatten}.
   *
   * @param provenance the provenance
   * @return the digest
   */
  public static Digest digest(ObjectProvenance provenance) {
    ObjectNode n = JSON.createObjectNode();
    flatten(provenance).forEach(n::put);
    return Digest.sha256(CanonicalJson.canonicalize(n));
  }
}
