/**
 * Reference profiles: a compact, mergeable summary of reference (training) data that drift
 * reports compare current data with, instead of the data itself.
 *
 * <p>{@link dev.mlops.monitoring.profile.ReferenceProfile} holds per numeric column an Apache
 * DataSketches KLL sketch, moments, min/max, missing count and the exact sorted sample while it is
 * small; per categorical column exact counts, or a frequent-items sketch past a cardinality limit.
 * Profiles of parts merge into the profile of the whole and round-trip through JSON.
 */
package dev.mlops.monitoring.profile;
