/** Gantry runner module. */
package dev.gantry.runner;
