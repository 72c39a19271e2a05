package dev.gantry.api.wire;

import java.time.Instant;
import java.util.List;

/** GitHub's {@code job}: one job of a run attempt, with its steps. */
public record JobView(
        long id,
        long runId,
        String runUrl,
        int runAttempt,
        String nodeId,
        String headSha,
        String url,
        String htmlUrl,
        String status,
        String conclusion,
        Instant createdAt,
        Instant startedAt,
        Instant completedAt,
        String name,
        List<StepView> steps,
        String checkRunUrl,
        List<String> labels,
        Long runnerId,
        String runnerName,
        Long runnerGroupId,
        String runnerGroupName,
        String workflowName,
        String headBranch) {

    public record StepView(String status, String conclusion, String name, int number, Instant startedAt, Instant completedAt) {}
}
