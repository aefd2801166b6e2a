/**
 * Immutable artifact manifests: files, format, model signature, metadata and lineage, identified by the digest of their RFC 8785 canonical JSON.
 */
package dev.mlops.core.artifact;
