package dev.gantry.engine.runs;

/**
 * The {@code strategy} context of a job leg and the limits its matrix sets.
 *
 * @param jobIndex this leg's zero-based index among the job's legs
 * @param jobTotal how many legs the job has
 * @param maxParallel at most this many legs in flight at once; 0 for no limit
 * @param awaitsNeeds this job stands for a job whose strategy uses {@code needs}: it is replaced by
 *     the planned legs when the jobs it needs are done
 */
public record JobStrategy(boolean failFast, int jobIndex, int jobTotal, int maxParallel, boolean awaitsNeeds) {
    public static final JobStrategy SINGLE = new JobStrategy(true, 0, 1, 0, false);
    public static final JobStrategy AWAITING_NEEDS = new JobStrategy(true, 0, 1, 0, true);

    public JobStrategy(boolean failFast, int jobIndex, int jobTotal, int maxParallel) {
        this(failFast, jobIndex, jobTotal, maxParallel, false);
    }
}
