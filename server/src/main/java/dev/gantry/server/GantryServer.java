package dev.gantry.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gantry.api.admin.AdminResource;
import dev.gantry.api.artifacts.ArtifactBlobService;
import dev.gantry.api.artifacts.ArtifactLinks;
import dev.gantry.api.artifacts.ArtifactResource;
import dev.gantry.api.artifacts.ArtifactTwirpService;
import dev.gantry.api.caches.CacheBlobService;
import dev.gantry.api.caches.CacheLinks;
import dev.gantry.api.caches.CacheResource;
import dev.gantry.api.caches.CacheRestService;
import dev.gantry.api.caches.CacheTwirpService;
import dev.gantry.api.hooks.HookResource;
import dev.gantry.api.hooks.HttpHookTransport;
import dev.gantry.api.hooks.WebhookPayloads;
import dev.gantry.api.http.ApiSpecification;
import dev.gantry.api.http.ApiUrls;
import dev.gantry.api.http.Authorizer;
import dev.gantry.api.git.GitHttpService;
import dev.gantry.api.git.GzipRequestDecoding;
import dev.gantry.api.http.GitAuthorizer;
import dev.gantry.api.http.GitHubConventions;
import dev.gantry.api.http.Json;
import dev.gantry.api.http.OperationCatalog;
import dev.gantry.api.http.RateLimiter;
import dev.gantry.api.http.Route;
import dev.gantry.api.http.RouteTable;
import dev.gantry.api.logs.LogArchive;
import dev.gantry.api.logs.LogDownloadService;
import dev.gantry.api.hostedrunners.HostedRunnerResource;
import dev.gantry.api.runners.JitConfigs;
import dev.gantry.engine.hostedrunners.RunnerProvisioner;
import dev.gantry.api.logs.LogResource;
import dev.gantry.api.logs.SignedUrls;
import dev.gantry.api.meta.MetaResource;
import dev.gantry.api.meta.MetricsService;
import dev.gantry.api.oidc.OidcResource;
import dev.gantry.api.oidc.TokenService;
import dev.gantry.api.orgs.OrganizationResource;
import dev.gantry.api.repos.RepositoryResource;
import dev.gantry.api.permissions.ActionsPermissionResource;
import dev.gantry.api.secrets.SecretResource;
import dev.gantry.api.variables.VariableResource;
import dev.gantry.api.environments.EnvironmentResource;
import dev.gantry.api.results.AzureBlobs;
import dev.gantry.api.results.Twirp;
import dev.gantry.api.runs.PendingDeploymentResource;
import dev.gantry.api.runner.RunnerProtocolService;
import dev.gantry.api.runner.RunnerDistribution;
import dev.gantry.api.runners.RunnerGroupResource;
import dev.gantry.api.runners.RunnerResource;
import dev.gantry.api.runs.ConcurrencyGroupResource;
import dev.gantry.api.runs.RunResource;
import dev.gantry.api.users.UserResource;
import dev.gantry.api.wire.ActionsRepresentations;
import dev.gantry.api.wire.Representations;
import dev.gantry.api.workflows.WorkflowResource;
import dev.gantry.engine.hooks.HookDeliveries;
import dev.gantry.engine.hooks.WorkflowHooks;
import dev.gantry.server.config.ServerConfig;
import io.helidon.common.tls.Tls;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.http.HttpRouting;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The running server: {@link GantryCore} plus the HTTP edge, started and stopped as one. */
public final class GantryServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GantryServer.class);
    /** Helidon 4.2 asks the kernel for a 4 KiB receive buffer, which caps uploads at ~130 MiB/s. */
    private static final int RECEIVE_BUFFER_BYTES = 1 << 20;
    private static final int WRITE_BUFFER_BYTES = 256 << 10;

    private final GantryCore core;
    private final WebServer webServer;
    private final String publicUrl;
    private final QueueMaintenance maintenance;
    private final HostedRunnerScaling scaling;
    private final HookDeliveryWorker hookDeliveries;

    private GantryServer(GantryCore core, WebServer webServer, String publicUrl, QueueMaintenance maintenance,
            HostedRunnerScaling scaling, HookDeliveryWorker hookDeliveries) {
        this.core = core;
        this.webServer = webServer;
        this.publicUrl = publicUrl;
        this.maintenance = maintenance;
        this.scaling = scaling;
        this.hookDeliveries = hookDeliveries;
    }

    /** The housekeeping every node does every few seconds, in this order. */
    private static List<QueueMaintenance.Chore> chores(GantryCore core, WorkflowHooks workflowHooks) {
        return List.of(
                new QueueMaintenance.Chore("failed {} job(s) whose runner lost communication", core.jobQueue()::expireLeases),
                new QueueMaintenance.Chore("cancelled or ended {} job(s) past their timeout-minutes", core.jobTimeouts()::enforce),
                new QueueMaintenance.Chore("started {} scheduled run(s)", () -> core.runTriggers().runDueSchedules().size()),
                new QueueMaintenance.Chore("released {} deployment(s) whose wait timer ran out", core.pendingDeployments()::releaseDue),
                new QueueMaintenance.Chore("deleted the logs of {} run(s) past their retention days", core.expiredLogs()::sweep),
                new QueueMaintenance.Chore("deleted the bytes of {} expired or abandoned artifact(s)", core.artifacts()::sweep),
                // Eviction works in days and gigabytes and looks at every repository holding caches: once a minute is plenty.
                QueueMaintenance.Chore.atMostEvery(Duration.ofMinutes(1),
                        "evicted {} cache entr(ies) unused past retention, over a storage limit or abandoned", core.caches()::sweep),
                QueueMaintenance.Chore.atMostEvery(Duration.ofSeconds(30),
                        "announced {} workflow_run/workflow_job event(s) missed when they happened", workflowHooks::catchUp));
    }

    public static GantryServer start(ServerConfig config) {
        return start(config, Clock.systemUTC());
    }

    /** As {@link #start(ServerConfig)}, with the clock the server's use cases read (see {@link GantryCore#open(ServerConfig, Clock)}). */
    public static GantryServer start(ServerConfig config, Clock clock) {
        GantryCore core = GantryCore.open(config, clock);
        try {
            // The public URL may depend on the port the OS picks (port 0), so the routing reads it
            // once the listener is bound.
            AtomicReference<String> publicUrlHolder = new AtomicReference<>();
            ApiUrls urls = ApiUrls.deferred(publicUrlHolder::get);
            WebhookPayloads payloads = new WebhookPayloads(core.repositoryStore(), core.accountStore(), core.workflowStore(),
                    core.jobStore(), core.git(), new Representations(urls), Json.newMapper());
            // Subscribed before recovery, so what happened while the server was down is announced too.
            WorkflowHooks workflowHooks = new WorkflowHooks(core.runStore(), core.jobStore(), core.repositoryStore(), core.hookStore(),
                    core.hookDeliveryStore(), payloads, core.dispatchStatistics(), core.outboxSignal(), core.transactions(), Json.newMapper(),
                    core.clock());
            workflowHooks.subscribeTo(core.events());
            WebServerConfig.Builder builder = WebServer.builder()
                    .host(config.bind())
                    .port(config.port())
                    .connectionOptions(options -> options.socketReceiveBufferSize(RECEIVE_BUFFER_BYTES))
                    // Helidon writes a response in 4 KiB pieces by default, a system call each: downloads of
                    // logs, artifacts and caches ran at a third of nginx's speed (bench/run-artifacts).
                    .writeBufferSize(WRITE_BUFFER_BYTES)
                    // git gzips fetch negotiations over 1 KiB; Helidon refuses encodings it has no decoder for.
                    .contentEncoding(GzipRequestDecoding.context())
                    .routing(routing -> route(routing, core, config, urls, payloads));
            if (config.tls()) {
                builder.tls(Tls.builder()
                        .privateKey(PemFiles.privateKey(config.tlsKey().orElseThrow()))
                        .privateKeyCertChain(PemFiles.certificates(config.tlsCertificate().orElseThrow()))
                        .build());
            }
            WebServer webServer = builder.build();
            // Bind first to learn the port. A request that races in before the URL is set fails
            // loudly rather than advertising a wrong URL; nothing knows the port before this anyway.
            webServer.start();
            String publicUrl = config.publicUrlOr(webServer.port());
            publicUrlHolder.set(publicUrl);
            LOG.info("Gantry serving {} on {}:{}", publicUrl, config.bind(), webServer.port());
            QueueMaintenance maintenance = QueueMaintenance.start(core.jobQueue(), chores(core, workflowHooks), core.choreLock());
            JitConfigs jitConfigs = new JitConfigs(Json.newMapper());
            RunnerProvisioner provisioner = config.hostedRunnerProvider() == ServerConfig.HostedRunnerProvider.LOCAL
                    ? LocalProcessProvisioner.ofThisProcess(config.dataDirectory().resolve("hosted-runners"))
                    : RunnerProvisioner.NONE;
            HostedRunnerScaling scaling = HostedRunnerScaling.start(core.hostedRunnerPools(provisioner,
                    registered -> jitConfigs.encode(publicUrl, registered, JitConfigs.DEFAULT_WORK_FOLDER)), core.choreLock());
            HookDeliveryWorker hookDeliveries = HookDeliveryWorker.start(new HookDeliveries(core.hookStore(), core.hookDeliveryStore(),
                    core.hooks(), new HttpHookTransport(), "GitHub-Hookshot/gantry-" + versionOf(), HookDeliveries.DEFAULT_FIRST_RETRY,
                    HookDeliveries.DEFAULT_MAX_ATTEMPTS, core.clock()), core.outboxSignal());
            return new GantryServer(core, webServer, publicUrl, maintenance, scaling, hookDeliveries);
        } catch (RuntimeException e) {
            core.close();
            throw e;
        }
    }

    private static void route(HttpRouting.Builder routing, GantryCore core, ServerConfig config, ApiUrls urls,
                              WebhookPayloads payloads) {
        ObjectMapper json = Json.newMapper();
        Representations representations = new Representations(urls);
        List<Route> routes = new ArrayList<>();
        routes.addAll(new MetaResource(urls, versionOf()).routes());
        routes.addAll(new UserResource(core.repositoryStore(), representations).routes());
        routes.addAll(new RepositoryResource(core.repositories(), core.repositoryStore(), core.accountStore(),
                core.membershipStore(), core.accessPolicy(), representations).routes());
        routes.addAll(new OrganizationResource(core.accounts(), representations).routes());
        routes.addAll(new AdminResource(core.accounts(), core.tokens(), representations).routes());
        ActionsRepresentations actions = new ActionsRepresentations(representations);
        SignedUrls signedUrls = new SignedUrls(core.signingKey(), core.clock());
        routes.addAll(new WorkflowResource(core.workflows(), core.runTriggers(), actions).routes());
        routes.addAll(new RunResource(core.runs(), core.workflows(), core.runTriggers(), core.accountStore(), core.git(),
                actions, core.runners(), core.reruns(), core.jobLogs(), core.clock()).routes());
        routes.addAll(new ConcurrencyGroupResource(core.concurrencyGroups()).routes());
        routes.addAll(new LogResource(core.runs(), core.jobLogs(), signedUrls).routes());
        RunnerDistribution distribution = new RunnerDistribution(java.util.Arrays.stream(
                System.getProperty("java.class.path").split(java.io.File.pathSeparator)).map(java.nio.file.Path::of).toList(),
                config.dataDirectory().resolve("runner-distribution"));
        RunnerResource runnerResource = new RunnerResource(core.runners(), core.jobQueue(), distribution, json, core.clock());
        routes.addAll(runnerResource.routes());
        routes.addAll(new RunnerGroupResource(core.runnerGroups(), runnerResource, representations, core.accountStore(),
                config.enterprise()).routes());
        routes.addAll(new HostedRunnerResource(core.hostedRunners()).routes());
        routes.addAll(new ActionsPermissionResource(core.actionsPermissions(), core.repositoryStore(), core.accountStore(),
                representations).routes());
        routes.addAll(new SecretResource(core.secrets(), core.environments(), core.repositoryStore(), representations).routes());
        routes.addAll(new VariableResource(core.variables(), core.environments(), core.repositoryStore(), representations).routes());
        routes.addAll(new EnvironmentResource(core.environments(), representations).routes());
        routes.addAll(new PendingDeploymentResource(core.pendingDeployments(), core.runs(), core.accountStore(), representations).routes());
        routes.addAll(new OidcResource(core.subjectTemplates()).routes());
        ArtifactLinks artifactLinks = new ArtifactLinks(signedUrls, urls);
        routes.addAll(new ArtifactResource(core.artifacts(), core.runs(), artifactLinks).routes());
        routes.addAll(new CacheResource(core.caches(), core.cacheSettings(), core.repositoryStore()).routes());
        routes.addAll(new HookResource(core.hooks(), payloads, json).routes());
        Authorizer authorizer = new Authorizer(core.accountStore(), core.repositoryStore(), core.accessPolicy(), config.enterprise());
        GitHubConventions rest = new GitHubConventions(new RouteTable(routes), OperationCatalog.load(),
                ApiSpecification.load(json), authorizer, core.tokens(),
                new RateLimiter(Clock.systemUTC(), config.rateLimit(), config.anonymousRateLimit()),
                urls, json, config.maxBodyBytes());
        GitHttpService git = new GitHttpService(core.git(),
                new GitAuthorizer(core.tokens(), core.accountStore(), core.repositoryStore(), authorizer), core.events(),
                (repositoryId, events) -> core.repositoryStore().findById(repositoryId)
                        .ifPresent(repository -> core.repositories().markPushed(repository, core.clock().instant())));
        // Git's smart-HTTP paths, the runner protocol, signed log and artifact links and the results service first; every other path
        // is a REST operation (or GitHub's 404).
        routing.register(git);
        routing.register(distribution);
        routing.register(new RunnerProtocolService(core.runners(), core.jobQueue(), core.runs(), core.jobLogs(),
                core.jobTokens(), core.runtimeTokens(), core.secrets(), urls, config.jobServerUrl(), json));
        routing.register(new LogDownloadService(core.runs(), new LogArchive(core.jobLogs()), signedUrls));
        routing.register(new TokenService(core.oidcKeys(), core.idTokens(), core.jobTokens(), urls, json));
        Twirp twirp = new Twirp(core.runtimeTokens(), json);
        AzureBlobs azureBlobs = new AzureBlobs(core.clock());
        CacheLinks cacheLinks = new CacheLinks(signedUrls, urls);
        routing.register(new ArtifactTwirpService(core.artifacts(), artifactLinks, twirp));
        routing.register(new ArtifactBlobService(core.artifacts(), artifactLinks, azureBlobs));
        routing.register(new CacheTwirpService(core.caches(), cacheLinks, twirp));
        routing.register(new CacheBlobService(core.caches(), cacheLinks, azureBlobs));
        routing.register(new CacheRestService(core.caches(), cacheLinks, core.runtimeTokens(), json));
        routing.register(new MetricsService(core.queueMetrics()));
        routing.any(rest);
    }

    private static String versionOf() {
        String version = GantryServer.class.getPackage().getImplementationVersion();
        return version == null ? "development" : version;
    }

    public int port() {
        return webServer.port();
    }

    public String publicUrl() {
        return publicUrl;
    }

    public GantryCore core() {
        return core;
    }

    @Override
    public void close() {
        // Runners first, while the server still answers: a stopped runner reports its cancelled job.
        scaling.close();
        hookDeliveries.close();
        maintenance.close();
        webServer.stop();
        core.close();
    }
}
