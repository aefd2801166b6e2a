package dev.mlops.testing.store.jdbc;

import dev.mlops.core.Digest;
import dev.mlops.core.artifact.ArtifactKind;
import dev.mlops.registry.AuditAction;
import dev.mlops.registry.AuditEvent;
import dev.mlops.registry.spi.NewVersion;
import dev.mlops.registry.spi.VersionState;
import dev.mlops.registry.store.JdbcMetadataStore;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A child JVM of {@link MultiJvmAllocationTest}: opens the store from a URL and creates versions of
 * one name as fast as it can, printing each number it got.
 */
public final class RegisteringChild {
  private RegisteringChild() {}

  /**
   * Runs the child.
   *
   * @param args JDBC URL, schema, child id, number of versions
   */
  public static void main(String[] args) {
    String url = args[0];
    String schema = args[1];
    String id = args[2];
    int count = Integer.parseInt(args[3]);
    try (JdbcMetadataStore store = JdbcMetadataStore.builder().url(url).schema(schema).maxConnections(2).build()) {
      for (int i = 0; i < count; i++) {
        String json = "{\"child\":\"" + id + "\",\"i\":" + i + "}";
        Digest d = Digest.sha256(json.getBytes(StandardCharsets.UTF_8));
        NewVersion v = new NewVersion(ArtifactKind.MODEL, d, json, Instant.now(), "child-" + id,
            VersionState.initial(Map.of(), "", List.of()));
        int n = store.createVersion("shared", v, new AuditEvent(0, Instant.now(), "child-" + id, AuditAction.REGISTER,
            "shared", 0, "", Optional.empty(), Optional.of(d.toString()))).id().version();
        System.out.println("got " + n);
      }
    }
  }
}
