package dev.gantry.api.wire;

import java.time.Instant;

/** GitHub's {@code workflow}. */
public record WorkflowView(
        long id,
        String nodeId,
        String name,
        String path,
        String state,
        Instant createdAt,
        Instant updatedAt,
        String url,
        String htmlUrl,
        String badgeUrl) {}
