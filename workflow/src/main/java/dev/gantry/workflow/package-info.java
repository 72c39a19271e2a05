/** Gantry workflow module. */
package dev.gantry.workflow;
