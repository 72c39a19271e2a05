package dev.gantry.runner;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gantry.protocol.JobMessage;
import dev.gantry.protocol.JobStep;
import dev.gantry.protocol.Lease;
import dev.gantry.protocol.RepositoryInfo;
import dev.gantry.protocol.RunDefaults;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds jobs and steps for tests, and runs them on a real executor in a temporary work directory. */
final class TestingJobs {
    static final String TOKEN = "ghs_jobtoken0123456789abcdef";
    static final StepLog.LogPolicy FAST_LOGS = new StepLog.LogPolicy(64 * 1024, Duration.ofMillis(100));

    private TestingJobs() {
    }

    /** A step under construction. */
    static final class Step {
        private final int number;
        private String id;
        private String name;
        private String condition;
        private String uses;
        private final Map<String, String> with = new LinkedHashMap<>();
        private String run;
        private String shell;
        private String workingDirectory;
        private final Map<String, String> env = new LinkedHashMap<>();
        private String continueOnError;
        private String timeoutMinutes;

        private Step(int number) {
            this.number = number;
        }

        Step id(String value) {
            id = value;
            return this;
        }

        Step name(String value) {
            name = value;
            return this;
        }

        Step condition(String value) {
            condition = value;
            return this;
        }

        Step shell(String value) {
            shell = value;
            return this;
        }

        Step workingDirectory(String value) {
            workingDirectory = value;
            return this;
        }

        Step env(String key, String value) {
            env.put(key, value);
            return this;
        }

        Step with(String key, String value) {
            with.put(key, value);
            return this;
        }

        Step continueOnError(String value) {
            continueOnError = value;
            return this;
        }

        Step timeoutMinutes(String value) {
            timeoutMinutes = value;
            return this;
        }

        JobStep build() {
            return new JobStep(number, id, name, condition, uses, with, run, shell, workingDirectory, env, continueOnError, timeoutMinutes);
        }
    }

    /** A job under construction; steps are numbered from 1 in the order added. */
    static final class Job {
        private final List<Step> steps = new ArrayList<>();
        private final Map<String, Object> contexts = new LinkedHashMap<>();
        private final Map<String, String> env = new LinkedHashMap<>();
        private final Map<String, String> outputs = new LinkedHashMap<>();
        private final List<String> masks = new ArrayList<>();
        private RunDefaults defaults = RunDefaults.NONE;
        private double timeoutMinutes;
        private String serverUrl = "http://gantry.test:8080";
        private String cloneUrl = "http://gantry.test:8080/octo/hello.git";
        private String sha = "0123456789abcdef0123456789abcdef01234567";
        private String ref = "refs/heads/main";
        private Object container;

        Job() {
            contexts.put("github", new LinkedHashMap<>(Map.of("event_name", "push", "actor", "mona", "event", Map.of("ref", "refs/heads/main"))));
            contexts.put("secrets", new LinkedHashMap<>(Map.of("GITHUB_TOKEN", TOKEN)));
        }

        Step run(String script) {
            Step step = new Step(steps.size() + 1);
            step.run = script;
            steps.add(step);
            return step;
        }

        Step uses(String action) {
            Step step = new Step(steps.size() + 1);
            step.uses = action;
            steps.add(step);
            return step;
        }

        @SuppressWarnings("unchecked")
        Job secret(String name, String value) {
            ((Map<String, Object>) contexts.get("secrets")).put(name, value);
            return this;
        }

        Job context(String name, Object value) {
            contexts.put(name, value);
            return this;
        }

        Job env(String key, String value) {
            env.put(key, value);
            return this;
        }

        Job output(String key, String template) {
            outputs.put(key, template);
            return this;
        }

        Job mask(String value) {
            masks.add(value);
            return this;
        }

        Job defaults(String shell, String workingDirectory) {
            defaults = new RunDefaults(shell, workingDirectory);
            return this;
        }

        Job timeoutMinutes(double minutes) {
            timeoutMinutes = minutes;
            return this;
        }

        Job repository(String server, String clone, String commit, String reference) {
            serverUrl = server;
            cloneUrl = clone;
            sha = commit;
            ref = reference;
            return this;
        }

        Job container(Object value) {
            container = value;
            return this;
        }

        JobMessage build() {
            return new JobMessage(42, 7, 3, 1, new Lease("2030-01-01T00:00:00Z", 5), serverUrl, serverUrl + "/api/v3", TOKEN,
                    new RepositoryInfo("octo/hello", cloneUrl), sha, ref, "CI", "octo/hello/.github/workflows/ci.yml@refs/heads/main",
                    "build", "Build", contexts, env, defaults, timeoutMinutes, outputs, container, Map.of(),
                    steps.stream().map(Step::build).toList(), masks, null);
        }
    }

    static Job job() {
        return new Job();
    }

    static JobExecutor executor(Path workDirectory) {
        return new JobExecutor(new RunnerIdentity("runner-1", "Linux", "X64", "0.1.0-test"), new WorkDirectory(workDirectory),
                System.getenv(), Clock.systemUTC(), FAST_LOGS, new ObjectMapper(), System.err);
    }

    /** Starts {@code job} in the background; the future completes with its conclusion. */
    static java.util.concurrent.CompletableFuture<dev.gantry.protocol.Conclusion> start(Path workDirectory, Job job,
            TestingJobReporter reporter, CancellationSignal cancellation) {
        return java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return executor(workDirectory).execute(job.build(), reporter, cancellation);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** Runs {@code job} to the end and returns what it reported. */
    static TestingJobReporter run(Path workDirectory, Job job) throws InterruptedException {
        TestingJobReporter reporter = new TestingJobReporter();
        executor(workDirectory).execute(job.build(), reporter, new CancellationSignal());
        return reporter;
    }
}
