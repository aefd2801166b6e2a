/**
 * Not API: bridges between the packages of mlops-core, for hand-overs their public factories would
 * make slower with defensive copies. Anything here may change or disappear in any release; code outside
 * mlops-core must not use it.
 */
package dev.mlops.core.internal;
