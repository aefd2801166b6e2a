/**
 * Columnar frames: the input of drift reports and profiles. A {@link
 * dev.mlops.monitoring.frame.Frame} holds one primitive array per column and a schema of names and
 * types; adapters in {@link dev.mlops.monitoring.frame.Frames} read a Tribuo {@code Dataset}, a CSV
 * file (streamed through Jackson's CSV module) or rows as maps.
 *
 * <p>The frame lives in its own package because drift reports, profiles and the later monitoring
 * capabilities (streaming windows, delayed-label metrics) all read it; it is data, not drift.
 */
package dev.mlops.monitoring.frame;
