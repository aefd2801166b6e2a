/**
 * Model tests as JUnit 5 tests and store compatibility kits. The capabilities arrive with their own
 * issues; this module currently holds only this package description.
 */
package dev.mlops.testing;
