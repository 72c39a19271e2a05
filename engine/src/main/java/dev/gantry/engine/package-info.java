/** Gantry engine module. */
package dev.gantry.engine;
