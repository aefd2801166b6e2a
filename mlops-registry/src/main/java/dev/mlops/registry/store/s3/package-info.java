/**
 * The S3 blob store ({@code s3:} URIs): artifacts in an AWS S3 bucket or an S3-compatible server,
 * through the AWS SDK for Java 2.x, an optional dependency that only this package uses.
 */
package dev.mlops.registry.store.s3;
