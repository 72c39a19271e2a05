/** Gantry api module. */
package dev.gantry.api;
