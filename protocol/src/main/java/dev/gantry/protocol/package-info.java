/** Gantry protocol module. */
package dev.gantry.protocol;
