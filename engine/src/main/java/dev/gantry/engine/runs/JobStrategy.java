package dev.gantry.engine.runs;

/**
 * The {@code strategy} context of a job leg and the limits its matrix sets.
 *
 * @param jobIndex this leg's zero-based index among the job's legs
 * @param jobTotal how many legs the job has
 * @param maxParallel at most this many legs in flight at once; 0 for no limit
 */
public record JobStrategy(boolean failFast, int jobIndex, int jobTotal, int maxParallel) {
    public static final JobStrategy SINGLE = new JobStrategy(true, 0, 1, 0);
}
