package dev.gantry.workflow.plan;

/**
 * A job that cannot be planned, with GitHub's message (e.g. a matrix over 256 jobs, or a
 * {@code fromJSON} matrix that is not an object). The run engine fails the job with it.
 */
public final class PlanException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public PlanException(String message) {
        super(message);
    }
}
