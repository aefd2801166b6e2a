/**
 * Canonical JSON: a byte-exact, deterministic serialization of Jackson trees following RFC 8785,
 * the JSON Canonicalization Scheme (JCS).
 *
 * <p>Canonical bytes are what gets hashed and signed, so two programs that agree on a JSON value
 * agree on its digest no matter how either of them formatted, ordered or escaped it. The entry
 * point is {@link dev.mlops.core.json.CanonicalJson}.
 */
package dev.mlops.core.json;
