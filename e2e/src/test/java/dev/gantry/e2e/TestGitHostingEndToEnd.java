package dev.gantry.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.engine.event.PushEvent;
import dev.gantry.testing.TestingGit;
import dev.gantry.testing.TestingGitHubClient;
import dev.gantry.testing.TestingResponse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The real git CLI against a whole server: repositories made through the API, pushed and cloned over HTTP. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TestGitHostingEndToEnd {
    private TestingGantry gantry;
    private ApiFixtures fixtures;
    private TestingGitHubClient mona;
    private String monaToken;
    private String hubotToken;
    private final List<PushEvent> pushes = new CopyOnWriteArrayList<>();

    @TempDir
    Path work;

    private TestingGit git;

    @BeforeAll
    void start() {
        gantry = TestingGantry.onSqlite();
        fixtures = new ApiFixtures(gantry);
        mona = fixtures.user("mona", "repo");
        monaToken = mona.token();
        hubotToken = fixtures.user("hubot", "repo").token();
        gantry.server().core().events().subscribe(PushEvent.class, pushes::add);
    }

    @AfterAll
    void stop() {
        gantry.close();
    }

    private TestingGit git() throws IOException {
        if (git == null) {
            git = new TestingGit(Files.createDirectories(work.resolve("home")));
        }
        return git;
    }

    private String url(String token, String fullName) {
        String base = gantry.baseUrl().replace("http://", "http://" + (token == null ? "" : "user:" + token + "@"));
        return base + "/" + fullName + ".git";
    }

    @Test
    void pushToAPrivateRepositoryAndCloneItBack() throws IOException {
        assertThat(mona.post("/user/repos", "{\"name\":\"app\",\"private\":true}").status()).isEqualTo(201);
        TestingResponse before = mona.get("/repos/mona/app");
        assertThat(before.json().get("pushed_at").asText()).as("GitHub stamps a new repository's pushed_at with its creation")
                .isEqualTo(before.json().get("created_at").asText());

        Path checkout = work.resolve("app");
        git().run(work, "clone", url(monaToken, "mona/app"), checkout.toString());
        Files.writeString(checkout.resolve("README.md"), "# app\n");
        Files.createDirectories(checkout.resolve(".github/workflows"));
        Files.writeString(checkout.resolve(".github/workflows/ci.yml"), "on: push\njobs: {}\n");
        git().run(checkout, "add", ".");
        git().run(checkout, "commit", "-m", "First commit");
        git().run(checkout, "push", "origin", "HEAD:main");

        assertThat(Instant.parse(mona.get("/repos/mona/app").json().get("pushed_at").asText()))
                .isAfterOrEqualTo(Instant.parse(before.json().get("pushed_at").asText()));
        PushEvent push = pushes.stream().filter(event -> event.ref().equals("refs/heads/main")).findFirst().orElseThrow();
        assertThat(push.created()).isTrue();
        assertThat(push.before()).isEqualTo(PushEvent.ZERO_ID);
        assertThat(push.after()).isEqualTo(git().run(checkout, "rev-parse", "HEAD"));
        assertThat(push.commits()).singleElement().satisfies(commit -> {
            assertThat(commit.message()).isEqualTo("First commit\n");
            assertThat(commit.added()).containsExactlyInAnyOrder("README.md", ".github/workflows/ci.yml");
        });
        long monaId = fixtures.admin().get("/repos/mona/app").json().at("/owner/id").asLong();
        assertThat(push.pusherId()).isEqualTo(monaId);

        Path copy = work.resolve("app-copy");
        git().run(work, "clone", url(monaToken, "mona/app"), copy.toString());
        assertThat(Files.readString(copy.resolve("README.md"))).isEqualTo("# app\n");
    }

    @Test
    void othersCannotCloneOrPushAPrivateRepository() throws IOException {
        assertThat(mona.post("/user/repos", "{\"name\":\"private-lib\",\"private\":true,\"auto_init\":true}").status()).isEqualTo(201);
        TestingGit.Result anonymous = git().attempt(work, "clone", url(null, "mona/private-lib"), work.resolve("anonymous").toString());
        assertThat(anonymous.exitCode()).isNotZero();
        TestingGit.Result stranger = git().attempt(work, "clone", url(hubotToken, "mona/private-lib"), work.resolve("stranger").toString());
        assertThat(stranger.exitCode()).isNotZero();
        assertThat(stranger.output()).contains("not found");
        TestingGit.Result badToken = git().attempt(work, "clone", url("ghp_wrong", "mona/private-lib"), work.resolve("bad").toString());
        assertThat(badToken.exitCode()).isNotZero();
        assertThat(badToken.output()).containsIgnoringCase("authentication failed");
    }

    @Test
    void publicRepositoriesCloneAnonymouslyButOnlyWritersPush() throws IOException {
        assertThat(mona.post("/user/repos", "{\"name\":\"open\",\"auto_init\":true}").status()).isEqualTo(201);
        Path checkout = work.resolve("open");
        git().run(work, "clone", url(null, "mona/open"), checkout.toString());
        assertThat(Files.readString(checkout.resolve("README.md"))).startsWith("# open");

        Files.writeString(checkout.resolve("change.txt"), "anonymous change\n");
        git().run(checkout, "add", ".");
        git().run(checkout, "commit", "-m", "Try");
        TestingGit.Result anonymousPush = git().attempt(checkout, "push", "origin", "HEAD:main");
        assertThat(anonymousPush.exitCode()).isNotZero();

        git().run(checkout, "remote", "set-url", "origin", url(hubotToken, "mona/open"));
        TestingGit.Result readerPush = git().attempt(checkout, "push", "origin", "HEAD:main");
        assertThat(readerPush.exitCode()).isNotZero();
        assertThat(readerPush.output()).contains("403");

        git().run(checkout, "remote", "set-url", "origin", url(monaToken, "mona/open"));
        git().run(checkout, "push", "origin", "HEAD:main");
    }
}
