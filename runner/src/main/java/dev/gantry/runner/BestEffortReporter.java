package dev.gantry.runner;

import dev.gantry.protocol.JobCompletion;
import dev.gantry.protocol.StepUpdate;
import java.io.PrintStream;

/**
 * Keeps a job running when reporting fails: the reporter has retried already, and a step whose
 * progress could not be shown must still run (or be stopped by a lost lease, which the reporter
 * signals through the job's cancellation). Failures are noted on the runner's own stderr.
 */
final class BestEffortReporter implements JobReporter {
    private final JobReporter delegate;
    private final PrintStream diagnostics;

    BestEffortReporter(JobReporter delegate, PrintStream diagnostics) {
        this.delegate = delegate;
        this.diagnostics = diagnostics;
    }

    @Override
    public void stepUpdated(int stepNumber, StepUpdate update) {
        try {
            delegate.stepUpdated(stepNumber, update);
        } catch (RuntimeException e) {
            diagnostics.println("gantry runner: could not report step " + stepNumber + ": " + e.getMessage());
        }
    }

    @Override
    public void logAppended(int stepNumber, long offset, byte[] chunk) {
        try {
            delegate.logAppended(stepNumber, offset, chunk);
        } catch (RuntimeException e) {
            diagnostics.println("gantry runner: could not send log of step " + stepNumber + ": " + e.getMessage());
        }
    }

    @Override
    public void jobCompleted(JobCompletion completion) {
        try {
            delegate.jobCompleted(completion);
        } catch (RuntimeException e) {
            diagnostics.println("gantry runner: could not report the job's completion: " + e.getMessage());
        }
    }
}
