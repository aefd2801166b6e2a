package dev.mlops.registry.store;

import dev.mlops.core.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the PostgreSQL stores run their statements: reads on an auto-commit connection, writes in one
 * transaction that is retried after deadlocks and serialization failures, and SQL errors turned into
 * {@link StoreException}s that say whether the change was made. Thread-safe.
 */
final class JdbcTransactions {
  private static final Logger LOG = LoggerFactory.getLogger(JdbcTransactions.class);
  private static final int MAX_ATTEMPTS = 5;

  /** Work on a connection. */
  interface Work<R> {
    R run(Connection c) throws SQLException;
  }

  private final JdbcConnections connections;
  private final String description;

  JdbcTransactions(JdbcConnections connections, String description) {
    this.connections = connections;
    this.description = description;
  }

  <R> R read(String what, Work<R> work) {
    Connection c = null;
    boolean broken = false;
    try {
      c = connections.get();
      if (!c.getAutoCommit()) {
        c.setAutoCommit(true); // a host pool may hand out connections in manual-commit mode
      }
      return work.run(c);
    } catch (SQLException e) {
      broken = true;
      throw failure(what, e, false);
    } finally {
      if (c != null) {
        connections.release(c, broken);
      }
    }
  }

  /**
   * Runs work in one transaction, retrying deadlocks and serialization failures. Exceptions of the
   * registry (conflicts, not found) roll back and pass through.
   */
  <R> R transaction(String what, int isolation, Work<R> work) {
    for (int attempt = 1; ; attempt++) {
      Connection c = null;
      boolean broken = false;
      boolean committing = false;
      try {
        c = connections.get();
        c.setAutoCommit(false);
        c.setTransactionIsolation(isolation);
        R result = work.run(c);
        committing = true;
        c.commit();
        return result;
      } catch (SQLException e) {
        broken = true;
        rollbackQuietly(c);
        if (!committing && isTransient(e) && attempt < MAX_ATTEMPTS) {
          LOG.debug("Retrying '{}' after a transient failure ({}): {}", what, e.getSQLState(), e.getMessage());
          pause(attempt);
          continue;
        }
        throw failure(what, e, committing);
      } catch (RuntimeException e) {
        rollbackQuietly(c);
        throw e;
      } finally {
        if (c != null) {
          restore(c);
          connections.release(c, broken);
        }
      }
    }
  }

  /** Prepares a statement built with {@code ?} placeholders and binds its arguments in order. */
  static PreparedStatement prepare(Connection c, String sql, List<Object> args) throws SQLException {
    PreparedStatement p = c.prepareStatement(sql);
    try {
      for (int i = 0; i < args.size(); i++) {
        p.setObject(i + 1, args.get(i));
      }
    } catch (SQLException e) {
      p.close();
      throw e;
    }
    return p;
  }

  private static boolean isTransient(SQLException e) {
    String state = e.getSQLState();
    return "40001".equals(state) || "40P01".equals(state);
  }

  private static void pause(int attempt) {
    try {
      Thread.sleep(5L * attempt + (long) (Math.random() * 10));
    } catch (InterruptedException ie) {
      Thread.currentThread().interrupt();
    }
  }

  private static void rollbackQuietly(Connection c) {
    if (c == null) {
      return;
    }
    try {
      if (!c.getAutoCommit()) {
        c.rollback();
      }
    } catch (SQLException ignored) {
      // the connection is broken; it is closed, and the server rolls the transaction back
    }
  }

  private static void restore(Connection c) {
    try {
      c.setAutoCommit(true);
      c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
    } catch (SQLException ignored) {
      // a broken connection: it is closed on release
    }
  }

  StoreException failure(String what, SQLException e, boolean committing) {
    String outcome = committing
        ? " The connection failed while committing, so the change may or may not have been made: read it back before retrying."
        : " Nothing was changed.";
    return new StoreException(description, "Could not " + what + " in " + description + ": " + e.getMessage()
        + " (SQL state " + e.getSQLState() + ")." + outcome + " Check that the database is reachable.", e);
  }
}
