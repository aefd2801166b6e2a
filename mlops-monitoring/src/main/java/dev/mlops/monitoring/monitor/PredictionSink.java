package dev.mlops.monitoring.monitor;

import java.io.IOException;

/**
 * Where a monitor writes every processed event (the durable prediction log): the built-in {@link
 * JsonLinesFileSink}, or a sink of the user's (a message queue, a table).
 *
 * <p>Called only from the monitor's worker thread: {@link #write} for each event, {@link #flush}
 * after each batch the worker drained, {@link #close} once when the monitor closes. An
 * implementation need not be thread-safe for that use. A method that throws is logged (at most once
 * per minute) and counted ({@link PredictionMonitor#sinkFailures()}); the monitor goes on.
 */
public interface PredictionSink extends AutoCloseable {
  /**
   * Writes one event.
   *
   * @param event the event
   * @throws IOException if the event cannot be written
   */
  void write(PredictionEvent event) throws IOException;

  /**
   * Pushes written events towards durable storage (the end of a batch).
   *
   * @throws IOException if flushing fails
   */
  default void flush() throws IOException {}

  /**
   * Flushes and releases the sink.
   *
   * @throws IOException if closing fails
   */
  @Override
  default void close() throws IOException {}
}
