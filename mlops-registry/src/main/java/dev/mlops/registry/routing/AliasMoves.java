package dev.mlops.registry.routing;

import dev.mlops.core.ConflictException;
import dev.mlops.core.InvalidInputException;
import dev.mlops.core.NotFoundException;
import dev.mlops.registry.AuditAction;
import dev.mlops.registry.AuditEvent;
import dev.mlops.registry.ModelRegistry;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Promotion and rollback as alias moves, each one compare-and-set through
 * {@link ModelRegistry#setAlias(String, String, int, OptionalInt)} and audited, with the reason
 * recorded beside it: the version concerned gets a tag ({@value #PROMOTED_TAG} or
 * {@value #ROLLED_BACK_TAG}) whose value is the reason, so the model's audit log holds both the
 * alias move ({@code ALIAS_SET}, with who and when) and why ({@code TAG_SET}).
 *
 * <pre>{@code
 * AliasMoves.promote(registry, "fraud", "challenger", "champion", "mSPRT p=0.003, +1.2% conversion");
 * AliasMoves.rollback(registry, "fraud", "challenger", "champion", "guardrail error_rate breached");
 * }</pre>
 *
 * <p>A compare-and-set that finds the alias moved by someone else raises {@link ConflictException} and
 * changes nothing: decide again on the new state.
 *
 * <p>Stateless and thread-safe.
 */
public final class AliasMoves {
  /** The tag a promoted version gets; its value is the reason. */
  public static final String PROMOTED_TAG = "routing.promoted";
  /** The tag a rolled-back version gets; its value is the reason. */
  public static final String ROLLED_BACK_TAG = "routing.rolled-back";

  private static final Logger LOG = LoggerFactory.getLogger(AliasMoves.class);
  private static final int MAX_REASON = 4000;

  private AliasMoves() {}

  /**
   * Promotes: points {@code toAlias} (say {@code champion}) at the version {@code fromAlias} (say
   * {@code challenger}) points at, if {@code toAlias} still points where it did when read.
   *
   * @param registry the registry
   * @param model the model name
   * @param fromAlias the alias of the version being promoted
   * @param toAlias the alias to move
   * @param reason why (recorded in the audit log)
   * @return the move
   * @throws NotFoundException if {@code fromAlias} is unset
   * @throws ConflictException if {@code toAlias} moved concurrently, or the target is archived
   */
  public static AliasMove promote(ModelRegistry registry, String model, String fromAlias, String toAlias, String reason) {
    int target = require(registry, model, fromAlias);
    OptionalInt current = alias(registry, model, toAlias);
    return move(registry, model, toAlias, current, target, PROMOTED_TAG, target,
        "promoted from @" + fromAlias + " to @" + toAlias + ": " + reason);
  }

  /**
   * Rolls a canary back: points {@code canaryAlias} at the version {@code stableAlias} points at, so
   * traffic that follows the canary alias is served by the stable version, and tags the rolled-back
   * version with the reason.
   *
   * @param registry the registry
   * @param model the model name
   * @param canaryAlias the canary's alias (say {@code challenger})
   * @param stableAlias the stable alias (say {@code champion})
   * @param reason why (recorded in the audit log)
   * @return the move
   * @throws NotFoundException if either alias is unset
   * @throws ConflictException if the canary alias moved concurrently
   */
  public static AliasMove rollback(ModelRegistry registry, String model, String canaryAlias, String stableAlias,
      String reason) {
    int canary = require(registry, model, canaryAlias);
    int stable = require(registry, model, stableAlias);
    return move(registry, model, canaryAlias, OptionalInt.of(canary), stable, ROLLED_BACK_TAG, canary,
        "@" + canaryAlias + " rolled back from version " + canary + " to @" + stableAlias + " (version " + stable + "): "
            + reason);
  }

  /**
   * Reverts an alias to the version it pointed at before its last move (undoing a promotion), read
   * from the audit log.
   *
   * @param registry the registry
   * @param model the model name
   * @param alias the alias
   * @param reason why (recorded in the audit log)
   * @return the move
   * @throws NotFoundException if the alias is unset or has no earlier version
   * @throws ConflictException if the alias moved concurrently
   */
  public static AliasMove revert(ModelRegistry registry, String model, String alias, String reason) {
    int current = require(registry, model, alias);
    List<AuditEvent> log = registry.auditLog(model);
    for (int i = log.size() - 1; i >= 0; i--) {
      AuditEvent e = log.get(i);
      if (e.action() == AuditAction.ALIAS_SET && e.key().equals(alias) && e.version() == current) {
        if (e.previous().isEmpty()) {
          break;
        }
        int previous = Integer.parseInt(e.previous().get());
        return move(registry, model, alias, OptionalInt.of(current), previous, ROLLED_BACK_TAG, current,
            "@" + alias + " reverted from version " + current + " to version " + previous + ": " + reason);
      }
    }
    throw new NotFoundException("alias", model + "@" + alias, "@" + alias + " of " + model
        + " has no earlier version in the audit log to revert to.");
  }

  private static AliasMove move(ModelRegistry registry, String model, String alias, OptionalInt expected, int to,
      String tag, int taggedVersion, String why) {
    Objects.requireNonNull(why, "reason");
    String text = why.length() > MAX_REASON ? why.substring(0, MAX_REASON) + "..." : why;
    registry.setAlias(model, alias, to, expected);
    registry.setTag(model, taggedVersion, tag, text);
    LOG.info("{}@{}: {} -> {} ({})", model, alias, expected.isPresent() ? expected.getAsInt() : "unset", to, text);
    return new AliasMove(model, alias, expected, to, text);
  }

  private static OptionalInt alias(ModelRegistry registry, String model, String alias) {
    Integer v = registry.aliases(model).get(alias);
    return v == null ? OptionalInt.empty() : OptionalInt.of(v);
  }

  private static int require(ModelRegistry registry, String model, String alias) {
    if (alias == null || alias.isEmpty()) {
      throw new InvalidInputException("alias", "Name the alias to move.");
    }
    OptionalInt v = alias(registry, model, alias);
    if (v.isEmpty()) {
      throw new NotFoundException("alias", model + "@" + alias, model + "@" + alias + " is not set; set it before moving traffic by it.");
    }
    return v.getAsInt();
  }
}
