package dev.mlops.registry.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

/**
 * Where a {@link JdbcMetadataStore} gets its connections: the host application's pool, or, for a
 * store opened from a JDBC URL, a small pool of its own. Thread-safe.
 */
abstract class JdbcConnections implements AutoCloseable {

  /** Borrows a connection. */
  abstract Connection get() throws SQLException;

  /** Returns a connection; a broken one (it raised an error) is closed instead of reused. */
  abstract void release(Connection c, boolean broken);

  @Override
  public abstract void close();

  static JdbcConnections of(DataSource ds) {
    return new JdbcConnections() {
      @Override
      Connection get() throws SQLException {
        return ds.getConnection();
      }

      @Override
      void release(Connection c, boolean broken) {
        closeQuietly(c);
      }

      @Override
      public void close() {
        // the host application owns its pool
      }
    };
  }

  static JdbcConnections pool(String url, Properties props, int max) {
    return new Pool(url, props, max);
  }

  static void closeQuietly(Connection c) {
    try {
      c.close();
    } catch (SQLException | RuntimeException e) {
      // nothing more to do with a connection we give up
    }
  }

  /** At most {@code max} connections from {@link DriverManager}, idle ones kept for reuse. */
  private static final class Pool extends JdbcConnections {
    private final String url;
    private final Properties props;
    private final Semaphore permits;
    private final ConcurrentLinkedDeque<Connection> idle = new ConcurrentLinkedDeque<>();
    private volatile boolean closed;

    Pool(String url, Properties props, int max) {
      this.url = url;
      this.props = props;
      this.permits = new Semaphore(max, true);
    }

    @Override
    Connection get() throws SQLException {
      try {
        if (!permits.tryAcquire(30, TimeUnit.SECONDS)) {
          throw new SQLException("no database connection became free within 30 s", "08001");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new SQLException("interrupted while waiting for a database connection", "08001", e);
      }
      if (closed) {
        permits.release();
        throw new SQLException("the store is closed", "08003");
      }
      Connection c = idle.pollFirst();
      if (c != null) {
        return c;
      }
      try {
        return DriverManager.getConnection(url, props);
      } catch (SQLException | RuntimeException e) {
        permits.release();
        throw e;
      }
    }

    @Override
    void release(Connection c, boolean broken) {
      if (broken || closed) {
        closeQuietly(c);
      } else {
        idle.addFirst(c);
      }
      permits.release();
    }

    @Override
    public void close() {
      closed = true;
      Connection c;
      while ((c = idle.pollFirst()) != null) {
        closeQuietly(c);
      }
    }
  }
}
