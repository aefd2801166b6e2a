package dev.mlops.registry.onnx;

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

/** ONNX Runtime is optional: without it on the class path, everything but ONNX models works. */
class OnnxOptionalDependencyTest {
  @TempDir Path tmp;

  @Test
  void withoutOnnxRuntime_tribuoModelsWork_andAnOnnxRegistrationFailsNamingTheDependency() throws Exception {
    String[] entries = System.getProperty("java.class.path").split(File.pathSeparator);
    List<String> kept = Arrays.stream(entries)
        .filter(e -> !e.replace(File.separatorChar, '/').contains("/com/microsoft/onnxruntime/"))
        .collect(Collectors.toList());
    assertThat(kept.size()).as("the test class path holds ONNX Runtime, which the child leaves out").isLessThan(entries.length);

    Path out = tmp.resolve("out.txt");
    Path err = tmp.resolve("err.txt");
    Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp", String.join(File.pathSeparator, kept), WithoutOnnxRuntimeChild.class.getName())
        .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    assertThat(p.waitFor(2, TimeUnit.MINUTES)).as("the child finished").isTrue();
    String stdout = Files.readString(out);
    assertThat(p.exitValue()).as("exit code; stdout:%n%s%nstderr:%n%s", stdout, Files.readString(err)).isZero();

    assertThat(stdout).contains("ORT-ABSENT")
        .contains("TRIBUO TribuoPredictor ")
        .contains("ONNX-ERROR InvalidInputException field=format ")
        .contains("com.microsoft.onnxruntime:onnxruntime")
        .contains("REGISTRY [iris] true");
  }
}
