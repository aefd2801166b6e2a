/**
 * Promotion gates: a {@link dev.mlops.registry.promotion.PromotionPolicy} the registry consults before
 * an alias moves (for example {@code @champion} needs passing model-test evidence on that exact
 * manifest digest and two approvals), and the approvals it counts.
 */
package dev.mlops.registry.promotion;
