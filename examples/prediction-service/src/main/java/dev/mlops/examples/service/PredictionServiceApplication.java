package dev.mlops.examples.service;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The prediction service's entry point. */
@SpringBootApplication
public class PredictionServiceApplication {
  /**
   * Starts the service.
   *
   * @param args Spring Boot arguments, e.g. {@code --mlops.registry.uri=/var/lib/models}
   */
  public static void main(String[] args) {
    SpringApplication.run(PredictionServiceApplication.class, args);
  }
}
