package dev.mlops.registry.store.s3;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The AWS SDK is optional: without it on the class path, every other store is discovered and works. */
class S3OptionalDependencyTest {
  @TempDir Path tmp;

  @Test
  void withoutTheAwsSdk_builtInStoresWork_andAnS3UriFailsNamingTheDependency() throws Exception {
    String[] entries = System.getProperty("java.class.path").split(File.pathSeparator);
    List<String> kept = Arrays.stream(entries)
        .filter(e -> !e.replace(File.separatorChar, '/').contains("/software/amazon/"))
        .collect(Collectors.toList());
    assertThat(kept.size()).as("the test class path holds the AWS SDK, which the child leaves out").isLessThan(entries.length);

    Path out = tmp.resolve("out.txt");
    Path err = tmp.resolve("err.txt");
    Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx128m", "-XX:TieredStopAtLevel=1", "-cp", String.join(File.pathSeparator, kept), WithoutAwsSdkChild.class.getName())
        .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    assertThat(p.waitFor(2, TimeUnit.MINUTES)).as("the child finished").isTrue();
    String stdout = Files.readString(out);
    assertThat(p.exitValue()).as("exit code; stdout:%n%s%nstderr:%n%s", stdout, Files.readString(err)).isZero();

    assertThat(stdout).contains("SDK-ABSENT")
        .contains("BUILT-IN FileBlobStore InMemoryBlobStore")
        .contains("REGISTRY m/1 true")
        .contains("S3-ERROR StoreException store=s3://models/prod ")
        .contains("software.amazon.awssdk:s3")
        .contains("software.amazon.awssdk:url-connection-client");
  }
}
