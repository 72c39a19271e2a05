/** Gantry store module. */
package dev.gantry.store;
