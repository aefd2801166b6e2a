package dev.mlops.examples.service;

import dev.mlops.examples.quickstart.Quickstart;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelVersion;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * The first-start seed: trains and registers the quickstart's two classifiers ({@link Quickstart#run},
 * which points {@code @champion} at the better one), then points {@code @challenger} and {@code
 * @shadow} at the other one, so that an empty registry serves at once.
 *
 * <p>Stateless and thread-safe; seeding one registry from two processes at once registers twice.
 */
public final class Seed {
  private Seed() {}

  /**
   * Seeds a file-store registry when it holds no version of the model; sets missing aliases.
   *
   * @param root the registry directory
   * @param model the model name the quickstart registers
   * @param out where the quickstart prints its summary
   * @return whether models were trained
   * @throws UncheckedIOException if the quickstart's data cannot be read
   */
  public static boolean ifEmpty(Path root, String model, PrintStream out) {
    boolean trained = false;
    try (ModelRegistry registry = ModelRegistry.open(root)) {
      if (!registry.names().contains(model)) {
        try {
          Quickstart.run(root, out);
        } catch (IOException e) {
          throw new UncheckedIOException("Could not read the quickstart's training data", e);
        }
        trained = true;
      }
    }
    try (ModelRegistry registry = ModelRegistry.open(root)) {
      Map<String, Integer> aliases = registry.aliases(model);
      Integer champion = aliases.get("champion");
      if (champion != null) {
        int other = registry.versions(model).stream().mapToInt(ModelVersion::version).filter(v -> v != champion)
            .max().orElse(champion);
        for (String alias : new String[] {"challenger", "shadow"}) {
          if (!aliases.containsKey(alias)) {
            registry.setAlias(model, alias, other);
          }
        }
      }
    }
    return trained;
  }
}
