package dev.mlops.registry;

/** gc over the file-system stores. */
class FileStoreGcTest extends GcContract {
  @Override
  ModelRegistry open() {
    return ModelRegistry.open(tmp.resolve("registry"));
  }
}
