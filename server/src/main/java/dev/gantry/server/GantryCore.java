package dev.gantry.server;

import dev.gantry.engine.ErrorCategory;
import dev.gantry.engine.GantryException;
import dev.gantry.engine.access.AccessPolicy;
import dev.gantry.engine.artifacts.Artifacts;
import dev.gantry.engine.caches.CacheSettings;
import dev.gantry.engine.caches.Caches;
import dev.gantry.engine.event.EventBus;
import dev.gantry.engine.git.GitRepositories;
import dev.gantry.engine.hostedrunners.HostedRunnerPools;
import dev.gantry.engine.hostedrunners.HostedRunners;
import dev.gantry.engine.hostedrunners.JitConfigEncoder;
import dev.gantry.engine.hostedrunners.RunnerProvisioner;
import dev.gantry.engine.hooks.HookDeliveryStore;
import dev.gantry.engine.hooks.HookStore;
import dev.gantry.engine.hooks.Hooks;
import dev.gantry.engine.hooks.OutboxSignal;
import dev.gantry.engine.metrics.QueueMetrics;
import dev.gantry.engine.queue.DispatchStatistics;
import dev.gantry.engine.identity.AccountStore;
import dev.gantry.engine.identity.Accounts;
import dev.gantry.engine.identity.MembershipStore;
import dev.gantry.engine.logs.ExpiredLogs;
import dev.gantry.engine.logs.JobLogs;
import dev.gantry.engine.permissions.ActionsPermissions;
import dev.gantry.engine.permissions.SettingsScope;
import dev.gantry.engine.queue.JobQueue;
import dev.gantry.engine.queue.QueueSignals;
import dev.gantry.engine.queue.SignalRelay;
import dev.gantry.engine.repository.Repositories;
import dev.gantry.engine.repository.RepositoryStore;
import dev.gantry.engine.runners.RunnerGroups;
import dev.gantry.engine.scope.ActionsScope;
import dev.gantry.engine.runners.Runners;
import dev.gantry.engine.runs.ConcurrencyGroups;
import dev.gantry.engine.runs.JobStatus;
import dev.gantry.engine.runs.JobTimeouts;
import dev.gantry.engine.runs.Reruns;
import dev.gantry.engine.runs.RunContexts;
import dev.gantry.engine.runs.RunProgress;
import dev.gantry.engine.runs.RunTriggers;
import dev.gantry.engine.runs.Runs;
import dev.gantry.engine.oidc.IdTokens;
import dev.gantry.engine.oidc.KeyRotation;
import dev.gantry.engine.oidc.SigningKeys;
import dev.gantry.engine.oidc.SubjectTemplates;
import dev.gantry.engine.runtime.RuntimeTokens;
import dev.gantry.engine.secrets.MasterKeys;
import dev.gantry.engine.secrets.Secrets;
import dev.gantry.engine.secrets.SharedKeys;
import dev.gantry.engine.variables.Variables;
import dev.gantry.engine.deployments.DeploymentProtection;
import dev.gantry.engine.deployments.PendingDeployments;
import dev.gantry.engine.environments.Environments;
import dev.gantry.engine.store.Transactions;
import dev.gantry.engine.token.JobTokens;
import dev.gantry.engine.token.TokenStore;
import dev.gantry.engine.token.Tokens;
import dev.gantry.engine.workflows.ParsedWorkflowCompiler;
import dev.gantry.engine.workflows.WorkflowFiles;
import dev.gantry.engine.workflows.Workflows;
import dev.gantry.server.config.ServerConfig;
import dev.gantry.store.AdvisoryLocks;
import dev.gantry.store.Database;
import dev.gantry.store.Dialect;
import dev.gantry.engine.blob.BlobStore;
import dev.gantry.store.FileSystemBlobStore;
import dev.gantry.store.S3BlobStore;
import dev.gantry.store.PostgresSignalRelay;
import dev.gantry.store.SqlAccountStore;
import dev.gantry.store.SqlActionsSettingsStore;
import dev.gantry.store.SqlLogExpiryStore;
import dev.gantry.store.SqlArtifactStore;
import dev.gantry.store.SqlHostedRunnerStore;
import dev.gantry.store.SqlCacheLimitStore;
import dev.gantry.store.SqlCacheStore;
import dev.gantry.store.SqlJobQueueStore;
import dev.gantry.store.SqlJobStore;
import dev.gantry.store.SqlMembershipStore;
import dev.gantry.store.SqlRepositoryStore;
import dev.gantry.store.SqlRunStore;
import dev.gantry.store.SqlRunnerGroupStore;
import dev.gantry.store.SqlRunnerStore;
import dev.gantry.store.SqlSecretStore;
import dev.gantry.store.SqlDeploymentGateStore;
import dev.gantry.store.SqlEnvironmentStore;
import dev.gantry.store.SqlHookDeliveryStore;
import dev.gantry.store.SqlHookStore;
import dev.gantry.store.SqlQueueStatisticsStore;
import dev.gantry.store.SqlVariableStore;
import dev.gantry.store.SqlSharedKeyStore;
import dev.gantry.store.SqlSigningKeyStore;
import dev.gantry.store.SqlSubjectTemplateStore;
import dev.gantry.store.SqlTokenStore;
import dev.gantry.store.SqlTransactions;
import dev.gantry.store.SqlWorkflowScheduleStore;
import dev.gantry.store.SqlWorkflowStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.OptionalInt;

/**
 * The engine and its storage, wired — everything but HTTP. The one place where stores and use
 * cases are constructed; {@link GantryServer} adds the HTTP edge on top, and {@code gantry admin}
 * uses this alone.
 */
public final class GantryCore implements AutoCloseable {
    private final ServerConfig config;
    private final Database database;
    private final AccountStore accountStore;
    private final MembershipStore membershipStore;
    private final RepositoryStore repositoryStore;
    private final TokenStore tokenStore;
    private final Transactions transactions;
    private final GitRepositories git;
    private final EventBus events;
    private final AccessPolicy accessPolicy;
    private final Accounts accounts;
    private final Repositories repositories;
    private final Tokens tokens;
    private final byte[] signingKey;
    private final Clock clock;
    private final Workflows workflows;
    private final Runs runs;
    private final Reruns reruns;
    private final RunTriggers runTriggers;
    private final Runners runners;
    private final RunnerGroups runnerGroups;
    private final JobQueue jobQueue;
    private final JobTimeouts jobTimeouts;
    private final ConcurrencyGroups concurrencyGroups;
    private final BlobStore blobs;
    private final JobLogs jobLogs;
    private final JobTokens jobTokens;
    private final SignalRelay signalRelay;
    private final Secrets secrets;
    private final ActionsPermissions actionsPermissions;
    private final ExpiredLogs expiredLogs;
    private final Variables variables;
    private final Environments environments;
    private final PendingDeployments pendingDeployments;
    private final SigningKeys oidcKeys;
    private final SubjectTemplates subjectTemplates;
    private final IdTokens idTokens;
    private final RuntimeTokens runtimeTokens;
    private final Artifacts artifacts;
    private final SqlHostedRunnerStore hostedRunnerStore;
    private final HostedRunners hostedRunners;
    private final Caches caches;
    private final CacheSettings cacheSettings;
    private final SqlRunStore runStore;
    private final SqlJobStore jobStore;
    private final SqlWorkflowStore workflowStore;
    private final HookStore hookStore;
    private final HookDeliveryStore hookDeliveryStore;
    private final Hooks hooks;
    private final OutboxSignal outboxSignal;
    private final DispatchStatistics dispatchStatistics;
    private final QueueMetrics queueMetrics;
    private final QueueMaintenance.ChoreLock choreLock;

    private GantryCore(ServerConfig config, Database database, Clock clock) {
        this.clock = clock;
        this.config = config;
        this.database = database;
        this.accountStore = new SqlAccountStore(database);
        this.membershipStore = new SqlMembershipStore(database);
        this.repositoryStore = new SqlRepositoryStore(database);
        this.tokenStore = new SqlTokenStore(database);
        this.transactions = new SqlTransactions(database);
        this.git = new GitRepositories(config.gitDirectory());
        this.events = new EventBus();
        this.accessPolicy = new AccessPolicy(membershipStore);
        this.accounts = new Accounts(accountStore, membershipStore, transactions, clock);
        this.repositories = new Repositories(repositoryStore, git, clock);
        SecureRandom random = new SecureRandom();
        MasterKeys masterKeys = new MasterKeys(random, SecretMasterKey.load(config));
        // From the database, so a link or token signed on one node verifies on every other.
        this.signingKey = new SharedKeys(new SqlSharedKeyStore(database), masterKeys, random, clock)
                .key(SharedKeys.SIGNING, ServerKey.existing(config.dataDirectory()));

        SqlWorkflowStore workflowStore = new SqlWorkflowStore(database);
        SqlRunStore runStore = new SqlRunStore(database);
        SqlJobStore jobStore = new SqlJobStore(database);
        this.workflowStore = workflowStore;
        this.runStore = runStore;
        this.jobStore = jobStore;
        SqlRunnerStore runnerStore = new SqlRunnerStore(database);
        // Scale-out nodes share one PostgreSQL: runners long-polling one node must wake when another queues.
        this.signalRelay = database.dialect() == Dialect.POSTGRESQL ? new PostgresSignalRelay(database) : SignalRelay.LOCAL;
        QueueSignals signals = new QueueSignals(signalRelay);
        SqlLogExpiryStore logExpiries = new SqlLogExpiryStore(database);
        this.actionsPermissions = new ActionsPermissions(new SqlActionsSettingsStore(database), logExpiries, repositoryStore,
                accountStore, clock);
        this.variables = new Variables(new SqlVariableStore(database), repositoryStore, accountStore, clock);
        this.environments = new Environments(new SqlEnvironmentStore(database), accountStore, clock);
        RunContexts contexts = new RunContexts(repositoryStore, accountStore, variables);
        WorkflowFiles workflowFiles = new WorkflowFiles(git, workflowStore, new ParsedWorkflowCompiler(),
                new dev.gantry.engine.workflows.CalledWorkflowFiles(git, repositoryStore, accountStore), clock);
        SqlDeploymentGateStore deploymentGates = new SqlDeploymentGateStore(database);
        RunProgress progress = new RunProgress(runStore, jobStore, workflowStore, workflowFiles, contexts, signals, events, transactions,
                new DeploymentProtection(deploymentGates, environments, workflowStore, contexts), clock);
        this.pendingDeployments = new PendingDeployments(deploymentGates, environments, runStore, jobStore, progress, transactions, clock);
        this.workflows = new Workflows(workflowStore, clock);
        this.runs = new Runs(runStore, jobStore, progress);
        this.reruns = new Reruns(runStore, jobStore, progress, transactions, clock);
        this.runTriggers = new RunTriggers(workflowFiles, workflowStore,
                new SqlWorkflowScheduleStore(database), runStore, jobStore, repositoryStore, git, contexts, progress, transactions, clock,
                actionsPermissions);
        this.runnerGroups = new RunnerGroups(new SqlRunnerGroupStore(database), SqlRunnerGroupStore.enterprise(database), runnerStore,
                repositoryStore, accountStore, clock);
        this.runners = new Runners(runnerStore, runnerGroups, actionsPermissions, clock);
        this.jobQueue = new JobQueue(new SqlJobQueueStore(database), jobStore, runStore, workflowStore, runnerStore, contexts,
                environments, progress, signals, clock, config.jobLease());
        this.jobTimeouts = new JobTimeouts(jobStore, runStore, workflowStore, runnerStore, contexts, progress, signals, clock);
        this.concurrencyGroups = new ConcurrencyGroups(runStore, jobStore);
        this.blobs = config.s3()
                .<BlobStore>map(s3 -> new S3BlobStore(S3BlobStore.client(s3), s3.bucket(), S3BlobStore.DEFAULT_PART_SIZE))
                .orElseGet(() -> new FileSystemBlobStore(config.dataDirectory().resolve("blobs")));
        this.jobLogs = new JobLogs(blobs);
        this.expiredLogs = new ExpiredLogs(logExpiries, runStore, jobStore, jobLogs, clock);
        this.jobTokens = new JobTokens(signingKey, jobStore, runStore, actionsPermissions::tokenWritesByDefault);
        this.tokens = new Tokens(tokenStore, accountStore, transactions, clock, jobTokens);
        this.secrets = new Secrets(new SqlSecretStore(database), repositoryStore, accountStore, masterKeys, random, clock);
        this.oidcKeys = new SigningKeys(new SqlSigningKeyStore(database), masterKeys, random, clock, KeyRotation.DEFAULT);
        this.subjectTemplates = new SubjectTemplates(new SqlSubjectTemplateStore(database));
        this.idTokens = new IdTokens(jobStore, runStore, workflowStore, repositoryStore, accountStore, contexts, subjectTemplates,
                oidcKeys, clock);
        this.runtimeTokens = new RuntimeTokens(signingKey, jobStore, runStore, repositoryStore, clock);
        this.artifacts = new Artifacts(new SqlArtifactStore(database), blobs,
                repositoryId -> Duration.ofDays(actionsPermissions.retention(SettingsScope.repository(repositoryId)).days()), clock);
        this.hostedRunnerStore = new SqlHostedRunnerStore(database);
        this.hostedRunners = new HostedRunners(hostedRunnerStore, config.hostedRunnerCatalog(),
                this::runnerGroupExists, clock);
        this.cacheSettings = new CacheSettings(new SqlCacheLimitStore(database), repositoryStore);
        this.caches = new Caches(new SqlCacheStore(database), blobs, cacheSettings,
                jobId -> jobStore.findById(jobId).filter(job -> job.status() == JobStatus.IN_PROGRESS).isPresent(), clock);
        this.hookStore = new SqlHookStore(database);
        this.hookDeliveryStore = new SqlHookDeliveryStore(database);
        this.outboxSignal = new OutboxSignal();
        this.hooks = new Hooks(hookStore, hookDeliveryStore, outboxSignal, masterKeys, clock);
        this.dispatchStatistics = new DispatchStatistics();
        this.queueMetrics = new QueueMetrics(new SqlQueueStatisticsStore(database), dispatchStatistics, hookDeliveryStore, clock);
        runTriggers.subscribeTo(events);
        // Nodes sharing one PostgreSQL take turns at each chore; SQLite has one node.
        if (database.dialect() == Dialect.POSTGRESQL) {
            AdvisoryLocks locks = new AdvisoryLocks(database);
            this.choreLock = (chore, work) -> locks.tryRunAlone("chore:" + chore, work::getAsInt)
                    .map(OptionalInt::of).orElseGet(OptionalInt::empty);
        } else {
            this.choreLock = QueueMaintenance.ChoreLock.NONE;
        }
    }

    /** Opens (and migrates) the database and the data directory the configuration names. */
    public static GantryCore open(ServerConfig config) {
        return open(config, Clock.systemUTC());
    }

    /**
     * As {@link #open(ServerConfig)}, with the clock every use case reads (tests pass one they
     * can move forward, so a cron comes due or a timeout passes without waiting).
     */
    public static GantryCore open(ServerConfig config, Clock clock) {
        try {
            Files.createDirectories(config.dataDirectory());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data directory " + config.dataDirectory(), e);
        }
        Database database = Database.open(config.databaseUrl());
        try {
            GantryCore core = new GantryCore(config, database, clock);
            config.adminToken().ifPresent(token -> core.tokens.ensureSiteAdmin("admin", token));
            return core;
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
    }

    public PendingDeployments pendingDeployments() {
        return pendingDeployments;
    }

    public ServerConfig config() {
        return config;
    }

    public AccountStore accountStore() {
        return accountStore;
    }

    public MembershipStore membershipStore() {
        return membershipStore;
    }

    public RepositoryStore repositoryStore() {
        return repositoryStore;
    }

    public GitRepositories git() {
        return git;
    }

    public EventBus events() {
        return events;
    }

    public AccessPolicy accessPolicy() {
        return accessPolicy;
    }

    public Accounts accounts() {
        return accounts;
    }

    public Repositories repositories() {
        return repositories;
    }

    public Tokens tokens() {
        return tokens;
    }

    /** The installation's signing key, shared by every node; only the HTTP edge's signed links use it besides job and runtime tokens. */
    public byte[] signingKey() {
        return signingKey.clone();
    }

    public Clock clock() {
        return clock;
    }

    public Workflows workflows() {
        return workflows;
    }

    public Runs runs() {
        return runs;
    }

    public Reruns reruns() {
        return reruns;
    }

    public RunTriggers runTriggers() {
        return runTriggers;
    }

    public RunnerGroups runnerGroups() {
        return runnerGroups;
    }

    public Runners runners() {
        return runners;
    }

    public JobQueue jobQueue() {
        return jobQueue;
    }

    public JobTimeouts jobTimeouts() {
        return jobTimeouts;
    }

    public ConcurrencyGroups concurrencyGroups() {
        return concurrencyGroups;
    }

    public JobLogs jobLogs() {
        return jobLogs;
    }

    public JobTokens jobTokens() {
        return jobTokens;
    }

    public Secrets secrets() {
        return secrets;
    }

    public ActionsPermissions actionsPermissions() {
        return actionsPermissions;
    }

    public ExpiredLogs expiredLogs() {
        return expiredLogs;
    }

    public Variables variables() {
        return variables;
    }

    public Environments environments() {
        return environments;
    }

    public SigningKeys oidcKeys() {
        return oidcKeys;
    }

    public SubjectTemplates subjectTemplates() {
        return subjectTemplates;
    }

    public IdTokens idTokens() {
        return idTokens;
    }

    /** Each job's {@code ACTIONS_RUNTIME_TOKEN}, which the artifact and cache services verify. */
    public RuntimeTokens runtimeTokens() {
        return runtimeTokens;
    }

    public Artifacts artifacts() {
        return artifacts;
    }

    /** Asks {@link RunnerGroups#get}, which also makes an organization's Default group on first use. */
    private boolean runnerGroupExists(long organizationId, long runnerGroupId) {
        try {
            runnerGroups.get(ActionsScope.organization(organizationId), runnerGroupId);
            return true;
        } catch (GantryException e) {
            if (e.category() == ErrorCategory.NOT_FOUND) {
                return false;
            }
            throw e;
        }
    }

    /** Hosted runner pools and the catalog they are made from. */
    public HostedRunners hostedRunners() {
        return hostedRunners;
    }

    /**
     * The pool controller over this core's pools, starting runners with {@code provisioner}; the
     * server makes it once it knows the URL its JIT configs name.
     */
    public HostedRunnerPools hostedRunnerPools(RunnerProvisioner provisioner, JitConfigEncoder jitConfigs) {
        return new HostedRunnerPools(hostedRunnerStore, runners, jobQueue, provisioner, jitConfigs, clock, config.hostedRunnerIdle());
    }

    public Caches caches() {
        return caches;
    }

    /** The cache retention and storage limits, which the cache sweep enforces. */
    public CacheSettings cacheSettings() {
        return cacheSettings;
    }

    public Transactions transactions() {
        return transactions;
    }

    public SqlRunStore runStore() {
        return runStore;
    }

    public SqlJobStore jobStore() {
        return jobStore;
    }

    public SqlWorkflowStore workflowStore() {
        return workflowStore;
    }

    public HookStore hookStore() {
        return hookStore;
    }

    /** The webhook outbox; {@code GantryServer} runs the worker that empties it. */
    public HookDeliveryStore hookDeliveryStore() {
        return hookDeliveryStore;
    }

    public Hooks hooks() {
        return hooks;
    }

    /** Wakes the webhook worker when this node queues a delivery. */
    public OutboxSignal outboxSignal() {
        return outboxSignal;
    }

    public DispatchStatistics dispatchStatistics() {
        return dispatchStatistics;
    }

    public QueueMetrics queueMetrics() {
        return queueMetrics;
    }

    /** How the housekeeping's chores take turns between nodes. */
    QueueMaintenance.ChoreLock choreLock() {
        return choreLock;
    }

    @Override
    public void close() {
        signalRelay.close();
        if (blobs instanceof S3BlobStore s3) {
            s3.close();
        }
        database.close();
    }
}
