package dev.gantry.api.wire;

import java.time.Instant;
import java.util.List;

/** GitHub's {@code workflow-run}, for the run's latest attempt or one named attempt. */
public record WorkflowRunView(
        long id,
        String name,
        String nodeId,
        long checkSuiteId,
        String checkSuiteNodeId,
        String headBranch,
        String headSha,
        String path,
        long runNumber,
        int runAttempt,
        List<Object> referencedWorkflows,
        String event,
        String status,
        String conclusion,
        long workflowId,
        String url,
        String htmlUrl,
        List<Object> pullRequests,
        Instant createdAt,
        Instant updatedAt,
        SimpleUser actor,
        SimpleUser triggeringActor,
        Instant runStartedAt,
        String jobsUrl,
        String logsUrl,
        String checkSuiteUrl,
        String artifactsUrl,
        String cancelUrl,
        String rerunUrl,
        String previousAttemptUrl,
        String workflowUrl,
        CommitView headCommit,
        RepositoryView repository,
        RepositoryView headRepository,
        long headRepositoryId,
        String displayTitle) {}
