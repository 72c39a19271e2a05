/** JMH benchmarks; run with bench/run. */
package dev.gantry.bench;
