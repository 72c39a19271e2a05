package dev.gantry.runner;

import dev.gantry.protocol.JobCompletion;
import dev.gantry.protocol.StepUpdate;

/**
 * Reports one job's progress to the server through a {@link RunnerClient}. A lost lease cancels
 * the job here, so the executor stops at once instead of running steps nobody will see.
 */
public final class HttpJobReporter implements JobReporter {
    private final RunnerClient client;
    private final long jobId;
    private final CancellationSignal cancellation;

    public HttpJobReporter(RunnerClient client, long jobId, CancellationSignal cancellation) {
        this.client = client;
        this.jobId = jobId;
        this.cancellation = cancellation;
    }

    @Override
    public void stepUpdated(int stepNumber, StepUpdate update) {
        call(() -> client.updateStep(jobId, stepNumber, update));
    }

    @Override
    public void logAppended(int stepNumber, long offset, byte[] chunk) {
        call(() -> client.appendLog(jobId, stepNumber, offset, chunk));
    }

    @Override
    public void jobCompleted(JobCompletion completion) {
        call(() -> client.complete(jobId, completion));
    }

    private interface Call {
        void run() throws InterruptedException;
    }

    private void call(Call call) {
        try {
            call.run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RunnerProtocolException("interrupted while reporting job " + jobId, e);
        } catch (RunnerProtocolException e) {
            if (e.leaseLost()) {
                cancellation.cancel(CancellationSignal.Reason.LEASE_LOST);
            }
            throw e;
        }
    }
}
