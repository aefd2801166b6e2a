/**
 * Ed25519 signatures over manifest digests, and the trust policy a registry applies on load.
 */
package dev.mlops.core.signing;
