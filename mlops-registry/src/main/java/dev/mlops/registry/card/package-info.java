/**
 * Model cards: a governance document per version, generated from the registry (the version, its
 * training run, its evidence, approvals and lineage), optional global feature importance, and a few
 * fields only people can write (intended use, limitations, owners); as JSON and as an HTML page.
 */
package dev.mlops.registry.card;
