package dev.gantry.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gantry.engine.identity.AccountType;
import dev.gantry.engine.identity.NewAccount;
import dev.gantry.engine.identity.Profile;
import dev.gantry.engine.repository.NewRepository;
import dev.gantry.engine.repository.RepositorySettings;
import dev.gantry.engine.repository.Visibility;
import dev.gantry.engine.runs.JobStrategy;
import dev.gantry.engine.runs.NewJob;
import dev.gantry.engine.runs.NewRun;
import dev.gantry.engine.runs.RunStatus;
import dev.gantry.engine.token.NewToken;
import dev.gantry.engine.token.TokenKind;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/** Values the contracts create; each test picks its own names. */
final class StoreFixtures {
    /** Has milliseconds, so a store that truncated them would be caught. */
    static final Instant CREATED = Instant.parse("2026-11-23T10:15:30.123Z");

    private StoreFixtures() {
    }

    static NewAccount user(String login) {
        return new NewAccount(login, AccountType.USER, Profile.empty().withEmail(login + "@example.com"), false, null, CREATED);
    }

    static NewAccount organization(String login) {
        return new NewAccount(login, AccountType.ORGANIZATION, Profile.empty().withName(login + " Inc."), false, "read", CREATED);
    }

    static NewRepository repository(long ownerId, String name) {
        return repository(ownerId, name, Visibility.PUBLIC);
    }

    static NewRepository repository(long ownerId, String name, Visibility visibility) {
        return new NewRepository(ownerId, name, "about " + name, null, visibility, "main", RepositorySettings.defaults(), CREATED);
    }

    static NewToken token(long userId, String hash) {
        return new NewToken(userId, TokenKind.PERSONAL, hash, Set.of("repo", "workflow"), "note " + hash, CREATED, null);
    }

    static NewRun run(long repositoryId, long workflowId, long runNumber, long actorId) {
        ObjectNode inputs = JsonNodeFactory.instance.objectNode().put("debug", true);
        ObjectNode payload = JsonNodeFactory.instance.objectNode().put("ref", "refs/heads/main");
        return new NewRun(repositoryId, workflowId, runNumber, "CI", "Fix the build", "push", "a".repeat(40), "main",
                "refs/heads/main", actorId, inputs, payload, RunStatus.QUEUED, null, null, null, CREATED);
    }

    static NewJob job(long runId, long repositoryId, String key, String... labels) {
        JsonNode definition = JsonNodeFactory.instance.objectNode().set("steps",
                JsonNodeFactory.instance.arrayNode().add(JsonNodeFactory.instance.objectNode().put("run", "make")));
        return new NewJob(runId, 1, repositoryId, key, key, null, JobStrategy.SINGLE, List.of(), null, false, List.of(labels),
                definition, CREATED);
    }

    /** A {@code self-hosted} job queued in {@code jobs}, for the runner group {@code runnerGroup} names (null: any). */
    static dev.gantry.engine.runs.Job queuedJob(SqlJobStore jobs, long runId, long repositoryId, String runnerGroup) {
        NewJob plain = job(runId, repositoryId, "build", "self-hosted");
        dev.gantry.engine.runs.Job job = jobs.create(new NewJob(plain.runId(), plain.runAttempt(), plain.repositoryId(), plain.key(),
                plain.name(), null, plain.strategy(), List.of(), null, false, plain.labels(), plain.definition(), CREATED, null,
                runnerGroup));
        jobs.queue(job.id(), CREATED);
        return job;
    }
}
