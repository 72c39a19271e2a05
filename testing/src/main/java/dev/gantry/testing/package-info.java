/** Gantry testing module. */
package dev.gantry.testing;
