package dev.gantry.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gantry.engine.hooks.Hook;
import dev.gantry.engine.hooks.HookAttempt;
import dev.gantry.engine.hooks.HookDeliveries;
import dev.gantry.engine.hooks.HookDelivery;
import dev.gantry.engine.hooks.HookOwner;
import dev.gantry.engine.hooks.HookPayloads;
import dev.gantry.engine.hooks.HookRequest;
import dev.gantry.engine.hooks.HookTransport;
import dev.gantry.engine.hooks.Hooks;
import dev.gantry.engine.hooks.WorkflowHooks;
import dev.gantry.engine.queue.ClaimedJob;
import dev.gantry.engine.queue.DispatchStatistics;
import dev.gantry.engine.runs.Conclusion;
import dev.gantry.engine.runs.Job;
import dev.gantry.engine.runs.RunAttempt;
import dev.gantry.engine.runs.WorkflowRun;
import dev.gantry.engine.secrets.MasterKeys;
import dev.gantry.engine.store.PageRequest;
import dev.gantry.engine.workflows.JobDefinition;
import dev.gantry.engine.workflows.JobLeg;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Webhooks over the real stores: hooks with sealed secrets, the durable outbox (claims with a
 * lease, retries at their time, attempts listed newest first), two nodes claiming at once, and the
 * workflow announcements a real run's life produces, each once.
 */
abstract class WebhooksContract extends DatabaseContract {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path gitRoot;

    private RunEngineFixture engine;
    private SqlHookStore hookStore;
    private SqlHookDeliveryStore deliveries;
    private Hooks hooks;
    private ScriptedTransport transport;
    private HookDeliveries sender;

    @BeforeEach
    final void start() {
        engine = new RunEngineFixture(database, gitRoot.resolve(String.valueOf(System.nanoTime())));
        hookStore = new SqlHookStore(database);
        deliveries = new SqlHookDeliveryStore(database);
        hooks = new Hooks(hookStore, deliveries, new dev.gantry.engine.hooks.OutboxSignal(), new MasterKeys(new SecureRandom(), new byte[32]), engine.clock);
        transport = new ScriptedTransport();
        sender = new HookDeliveries(hookStore, deliveries, hooks, transport, "GitHub-Hookshot/test", Duration.ofSeconds(10), 3, engine.clock);
    }

    private Hook repositoryHook(String secret, String... events) {
        return hooks.create(HookOwner.repository(engine.repository.id()), new HookRequest(null, true, "http://127.0.0.1:9/hook/" + String.join("-", events), "json",
                secret, null, List.of(events), null, null, null));
    }

    @Test
    void hooksAreStoredWithTheirSecretSealed() {
        Hook hook = repositoryHook("very-secret", "workflow_job");
        assertThat(hookStore.find(HookOwner.repository(engine.repository.id()), hook.id())).contains(hook);
        assertThat(hookStore.find(HookOwner.organization(engine.owner.id()), hook.id())).as("another owner's").isEmpty();
        String stored = database.jdbi().withHandle(handle -> handle.createQuery("SELECT secret FROM hooks WHERE id = :id")
                .bind("id", hook.id()).mapTo(String.class).one());
        assertThat(stored).isNotBlank().doesNotContain("very-secret");
        assertThat(hook.secret()).isNotNull();
        assertThat(hook.lastResponse()).isEqualTo(Hook.LastResponse.NONE);

        Hook organizationHook = hooks.create(HookOwner.organization(engine.owner.id()), new HookRequest("web", true,
                "https://example.com/o", null, null, "1", null, null, null, false));
        assertThat(organizationHook.contentType()).isEqualTo("form");
        assertThat(organizationHook.events()).containsExactly("push");
        assertThat(organizationHook.insecureSsl()).isEqualTo("1");
        assertThat(hookStore.listActiveFor(engine.repository.id(), engine.owner.id())).extracting(Hook::id).containsExactly(hook.id());
        assertThat(hookStore.list(HookOwner.repository(engine.repository.id()), new PageRequest(1, 30)).totalCount()).isEqualTo(1);
        assertThat(hookStore.delete(HookOwner.organization(engine.owner.id()), hook.id())).as("not the organization's").isFalse();
        assertThat(hookStore.delete(HookOwner.repository(engine.repository.id()), hook.id())).isTrue();
        assertThat(hookStore.findById(hook.id())).isEmpty();
    }

    @Test
    void theOutboxLeasesRetriesAndListsAttempts() {
        Hook hook = repositoryHook(null, "workflow_job");
        Instant now = engine.clock.instant();
        HookDelivery first = deliveries.enqueue(hook.id(), "guid-1", "workflow_job", "queued", engine.repository.id(), "{}", now);
        HookDelivery second = deliveries.enqueue(hook.id(), "guid-2", "workflow_job", "completed", engine.repository.id(), "{}", now);
        assertThat(deliveries.countPending()).isEqualTo(2);

        List<HookDelivery> claimed = deliveries.claimDue(now, Duration.ofMinutes(1), 10);
        assertThat(claimed).extracting(HookDelivery::id).containsExactly(first.id(), second.id());
        assertThat(deliveries.claimDue(now, Duration.ofMinutes(1), 10)).as("leased").isEmpty();
        assertThat(deliveries.claimDue(now.plusSeconds(61), Duration.ofMinutes(1), 1)).as("a lease that ran out")
                .extracting(HookDelivery::id).containsExactly(first.id());
        deliveries.release(first.id());
        assertThat(deliveries.claimDue(now.plusSeconds(61), Duration.ofMinutes(1), 1)).as("given back untried")
                .extracting(HookDelivery::id).containsExactly(first.id());

        deliveries.recordAttempt(first, now, Duration.ofMillis(30), "Invalid HTTP Response: 500", 500, false, now.plusSeconds(120));
        deliveries.recordAttempt(second, now, Duration.ofMillis(20), "OK", 200, true, null);
        assertThat(deliveries.claimDue(now.plusSeconds(119), Duration.ofMinutes(1), 10)).as("not due before its retry").isEmpty();
        List<HookDelivery> retry = deliveries.claimDue(now.plusSeconds(120), Duration.ofMinutes(1), 10);
        assertThat(retry).extracting(HookDelivery::id).containsExactly(first.id());
        assertThat(retry.getFirst().attempts()).isEqualTo(1);
        HookAttempt redelivered = deliveries.recordAttempt(retry.getFirst(), now.plusSeconds(120), Duration.ofMillis(5), "OK", 200, true, null);
        assertThat(redelivered.redelivery()).isTrue();
        assertThat(deliveries.countPending()).isZero();

        List<HookAttempt> attempts = deliveries.listAttempts(hook.id(), OptionalLong.empty(), null, 10);
        assertThat(attempts).extracting(HookAttempt::guid).containsExactly("guid-1", "guid-2", "guid-1");
        assertThat(attempts.getLast().statusCode()).isEqualTo(500);
        assertThat(attempts.getLast().redelivery()).isFalse();
        assertThat(deliveries.listAttempts(hook.id(), OptionalLong.of(attempts.get(0).id()), null, 1)).extracting(HookAttempt::guid)
                .containsExactly("guid-2");
        assertThat(deliveries.listAttempts(hook.id(), OptionalLong.empty(), false, 10)).hasSize(1);
        assertThat(deliveries.countAttemptsByOutcome()).isEqualTo(Map.of(true, 2L, false, 1L));
    }

    @Test
    void twoNodesClaimingAtOnceNeverTakeTheSameDelivery() throws Exception {
        Hook hook = repositoryHook(null, "workflow_job");
        Instant now = engine.clock.instant();
        for (int index = 0; index < 40; index++) {
            deliveries.enqueue(hook.id(), "guid-" + index, "workflow_job", "queued", null, "{}", now);
        }
        SqlHookDeliveryStore otherNode = new SqlHookDeliveryStore(database);
        Set<Long> taken = ConcurrentHashMap.newKeySet();
        List<Long> duplicates = new CopyOnWriteArrayList<>();
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> claims = new ArrayList<>();
            for (int worker = 0; worker < 4; worker++) {
                SqlHookDeliveryStore store = worker % 2 == 0 ? deliveries : otherNode;
                claims.add(pool.submit(() -> {
                    go.await();
                    List<HookDelivery> claimed;
                    do {
                        claimed = store.claimDue(now, Duration.ofMinutes(1), 3);
                        claimed.forEach(delivery -> {
                            if (!taken.add(delivery.id())) {
                                duplicates.add(delivery.id());
                            }
                        });
                    } while (!claimed.isEmpty());
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> claim : claims) {
                claim.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(duplicates).isEmpty();
        assertThat(taken).hasSize(40);
    }

    private WorkflowHooks workflowHooks(DispatchStatistics dispatches) {
        return new WorkflowHooks(engine.runStore, engine.jobStore, new SqlRepositoryStore(database), hookStore, deliveries,
                new MinimalPayloads(), dispatches, new dev.gantry.engine.hooks.OutboxSignal(), new SqlTransactions(database), JSON,
                engine.clock);
    }

    /** Pushes a workflow with one job, {@code build}, on {@code self-hosted}: its run is queued. */
    private void pushOneJobWorkflow() {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.putArray("steps").addObject().put("run", "echo hi");
        engine.compiler.define("ci", TestingWorkflowCompiler.workflow("CI", TestingWorkflowCompiler.PUSH_TO_MAIN,
                new JobDefinition("build", List.of(), null, List.of(new JobLeg("build", null, List.of("self-hosted"), false)), true, 0,
                        body)));
        engine.push("main", Map.of(".github/workflows/ci.yml", "ci"), "Add CI");
    }

    @Test
    void aRunsLifeIsAnnouncedOnceInOrderAndDeliveredSigned() throws Exception {
        Hook hook = repositoryHook("shh", "workflow_job", "workflow_run");
        repositoryHook(null, "push");
        DispatchStatistics dispatches = new DispatchStatistics();
        WorkflowHooks workflowHooks = workflowHooks(dispatches);
        workflowHooks.subscribeTo(engine.events);

        pushOneJobWorkflow();
        engine.clock.advance(Duration.ofSeconds(3));
        dev.gantry.engine.runners.Runner box = engine.runner("box");
        ClaimedJob job = engine.queue.claim(box).orElseThrow();
        engine.queue.complete(box, job.jobId(), Conclusion.SUCCESS, Map.of());
        // Seen again (a second node, a restart's recovery): nothing is announced twice.
        workflowHooks.runChanged(job.runId());

        assertThat(sender.deliverDue()).isEqualTo(6);
        assertThat(transport.sent).extracting(sent -> sent.headers().get("X-GitHub-Event") + ":" + JSON.readTree(sent.body()).get("action").asText())
                .containsExactly("workflow_run:requested", "workflow_job:queued", "workflow_run:in_progress", "workflow_job:in_progress",
                        "workflow_job:completed", "workflow_run:completed");
        for (ScriptedTransport.Sent sent : transport.sent) {
            assertThat(sent.headers().get("X-Hub-Signature-256")).isEqualTo("sha256=" + hmac("shh", sent.body()));
            assertThat(sent.headers().get("X-GitHub-Hook-ID")).isEqualTo(Long.toString(hook.id()));
            assertThat(new String(sent.body(), StandardCharsets.UTF_8)).doesNotContain("shh");
        }
        assertThat(dispatches.snapshot().count()).isEqualTo(1);
        assertThat(dispatches.snapshot().sumSeconds()).isEqualTo(3.0);
    }

    @Test
    void whatADeadNodeNeverAnnouncedIsCaughtUpInOrderOnce() throws Exception {
        repositoryHook("shh", "workflow_job", "workflow_run");
        // No subscriber: the node that made these changes died before it announced them.
        WorkflowHooks workflowHooks = workflowHooks(new DispatchStatistics());

        pushOneJobWorkflow();
        dev.gantry.engine.runners.Runner box = engine.runner("box");
        ClaimedJob job = engine.queue.claim(box).orElseThrow();
        engine.queue.complete(box, job.jobId(), Conclusion.SUCCESS, Map.of());
        engine.clock.advance(Duration.ofMinutes(5));

        assertThat(workflowHooks.catchUp()).isEqualTo(6);
        assertThat(workflowHooks.catchUp()).as("a second look finds nothing new").isZero();
        assertThat(sender.deliverDue()).isEqualTo(6);
        assertThat(transport.sent).extracting(sent -> sent.headers().get("X-GitHub-Event") + ":" + JSON.readTree(sent.body()).get("action").asText())
                .containsExactly("workflow_run:requested", "workflow_job:queued", "workflow_run:in_progress", "workflow_job:in_progress",
                        "workflow_job:completed", "workflow_run:completed");
    }

    @Test
    void aFailingReceiverIsRetriedWithBackoffThenGivenUp() {
        Hook hook = repositoryHook(null, "workflow_job");
        hooks.ping(HookOwner.repository(engine.repository.id()), hook.id(), engine.repository.id(), ignored -> "{\"zen\":\"x\"}");
        transport.failing = true;
        assertThat(sender.deliverDue()).isEqualTo(1);
        engine.clock.advance(Duration.ofSeconds(9));
        assertThat(sender.deliverDue()).as("first retry after 10 s").isZero();
        engine.clock.advance(Duration.ofSeconds(1));
        assertThat(sender.deliverDue()).isEqualTo(1);
        engine.clock.advance(Duration.ofSeconds(19));
        assertThat(sender.deliverDue()).as("then after 20 s").isZero();
        engine.clock.advance(Duration.ofSeconds(1));
        assertThat(sender.deliverDue()).isEqualTo(1);
        engine.clock.advance(Duration.ofDays(1));
        assertThat(sender.deliverDue()).as("given up after 3 attempts").isZero();
        assertThat(deliveries.listAttempts(hook.id(), OptionalLong.empty(), false, 10)).hasSize(3);
        assertThat(hookStore.findById(hook.id()).orElseThrow().lastResponse())
                .isEqualTo(new Hook.LastResponse(502, "failed", "Invalid HTTP Response: 502"));
    }

    private static String hmac(String secret, byte[] body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(body));
    }

    /** Payloads that say only what they are about; the HTTP edge builds GitHub's (tested end to end). */
    private static final class MinimalPayloads implements HookPayloads {
        @Override
        public ObjectNode workflowJob(String action, Job job, WorkflowRun run) {
            return JsonNodeFactory.instance.objectNode().put("action", action).put("job", job.id());
        }

        @Override
        public ObjectNode workflowRun(String action, WorkflowRun run, RunAttempt attempt) {
            return JsonNodeFactory.instance.objectNode().put("action", action).put("run", run.id());
        }
    }

    /** Records what would be sent; answers 200, or 502 while {@code failing}. */
    private static final class ScriptedTransport implements HookTransport {
        record Sent(String url, Map<String, String> headers, byte[] body) {}

        final List<Sent> sent = new CopyOnWriteArrayList<>();
        volatile boolean failing;

        @Override
        public Outcome send(String url, boolean verifyTls, Map<String, String> headers, byte[] body) {
            sent.add(new Sent(url, Map.copyOf(headers), body));
            return failing ? new Outcome(502, "Invalid HTTP Response: 502", Duration.ofMillis(1)) : new Outcome(200, "OK", Duration.ofMillis(1));
        }
    }
}
