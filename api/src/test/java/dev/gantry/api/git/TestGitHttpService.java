package dev.gantry.api.git;

import dev.gantry.testing.TestingGit;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.engine.event.EventBus;
import dev.gantry.engine.event.PushEvent;
import dev.gantry.engine.event.PushedCommit;
import dev.gantry.engine.git.GitRepositories;
import io.helidon.webserver.WebServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPOutputStream;
import org.eclipse.jgit.lib.PersonIdent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Drives the real git CLI against the service on a real Helidon server. */
class TestGitHttpService {
    private static final long PRIVATE_REPOSITORY = 1;
    private static final long PUBLIC_REPOSITORY = 2;
    private static final long WRITER = 42;
    private static final long READER = 43;
    private static final String WRITER_TOKEN = "writer-token";
    private static final String READER_TOKEN = "reader-token";
    private static final String STRANGER_TOKEN = "stranger-token";

    @TempDir
    Path temporary;

    private GitRepositories repositories;
    private final List<PushEvent> published = new CopyOnWriteArrayList<>();
    private final List<Push> pushes = new CopyOnWriteArrayList<>();
    private WebServer server;
    private TestingGit git;

    private record Push(long repositoryId, List<PushEvent> events) {
    }

    @BeforeEach
    void startServer() throws IOException {
        repositories = new GitRepositories(temporary.resolve("data/git"));
        repositories.create(PRIVATE_REPOSITORY, "main");
        repositories.create(PUBLIC_REPOSITORY, "main");
        TestingGitAccess access = new TestingGitAccess()
                .repository("octo", "secret", PRIVATE_REPOSITORY, false)
                .repository("octo", "open", PUBLIC_REPOSITORY, true)
                .user(WRITER_TOKEN, WRITER, Set.of(), Set.of(PRIVATE_REPOSITORY, PUBLIC_REPOSITORY))
                .user(READER_TOKEN, READER, Set.of(PRIVATE_REPOSITORY), Set.of())
                .user(STRANGER_TOKEN, 44, Set.of(), Set.of());
        EventBus events = new EventBus();
        events.subscribe(PushEvent.class, published::add);
        GitHttpService service = new GitHttpService(repositories, access, events,
                (repositoryId, pushed) -> pushes.add(new Push(repositoryId, pushed)));
        server = WebServer.builder().port(0).host("127.0.0.1")
                .contentEncoding(GzipRequestDecoding.context())
                .routing(routing -> routing.register(service))
                .build().start();
        Files.createDirectories(temporary.resolve("home"));
        git = new TestingGit(temporary.resolve("home"));
    }

    @AfterEach
    void stopServer() {
        server.stop();
    }

    @Test
    void cloneEmptyPushBranchAndTagThenUpdateForceDeleteCloneAndFetch() throws IOException {
        Path work = temporary.resolve("work");
        git.run(temporary, "clone", url("octo/secret.git", WRITER_TOKEN), work.toString());
        Files.writeString(work.resolve("README.md"), "# secret\n");
        Files.createDirectories(work.resolve("src"));
        Files.writeString(work.resolve("src/app.txt"), "app\n");
        git.run(work, "add", ".");
        git.run(work, "commit", "-q", "-m", "First commit");
        git.run(work, "tag", "v1");
        String first = git.run(work, "rev-parse", "HEAD");

        git.run(work, "push", "origin", "main", "v1");

        assertThat(published).extracting(PushEvent::ref).containsExactly("refs/heads/main", "refs/tags/v1");
        PushEvent created = published.getFirst();
        assertThat(created.repositoryId()).isEqualTo(PRIVATE_REPOSITORY);
        assertThat(created.pusherId()).isEqualTo(WRITER);
        assertThat(created.before()).isEqualTo(PushEvent.ZERO_ID);
        assertThat(created.after()).isEqualTo(first);
        assertThat(created.created()).isTrue();
        assertThat(created.commits()).singleElement().satisfies(commit -> {
            assertThat(commit.id()).isEqualTo(first);
            assertThat(commit.message()).isEqualTo("First commit\n");
            assertThat(commit.authorEmail()).isEqualTo("mona@example.com");
            assertThat(commit.added()).containsExactlyInAnyOrder("README.md", "src/app.txt");
        });
        assertThat(published.get(1).after()).isEqualTo(first);
        assertThat(pushes).singleElement().satisfies(push -> {
            assertThat(push.repositoryId()).isEqualTo(PRIVATE_REPOSITORY);
            assertThat(push.events()).hasSize(2);
        });
        assertThat(repositories.resolve(PRIVATE_REPOSITORY, "refs/tags/v1")).contains(first);

        published.clear();
        Files.writeString(work.resolve("README.md"), "# secret\n\nMore.\n");
        git.run(work, "commit", "-q", "-am", "Second commit");
        String second = git.run(work, "rev-parse", "HEAD");
        git.run(work, "push", "origin", "main");

        assertThat(published).singleElement().satisfies(event -> {
            assertThat(event.before()).isEqualTo(first);
            assertThat(event.after()).isEqualTo(second);
            assertThat(event.created()).isFalse();
            assertThat(event.forced()).isFalse();
            assertThat(event.commits()).extracting(PushedCommit::id).containsExactly(second);
            assertThat(event.commits().getFirst().modified()).containsExactly("README.md");
        });

        published.clear();
        Files.writeString(work.resolve("README.md"), "# secret, rewritten\n");
        git.run(work, "commit", "-q", "--amend", "-am", "Second commit, amended");
        String amended = git.run(work, "rev-parse", "HEAD");
        assertThat(git.attempt(work, "push", "origin", "main").exitCode()).as("a non-fast-forward needs --force").isNotZero();
        git.run(work, "push", "--force", "origin", "main");

        assertThat(published).singleElement().satisfies(event -> {
            assertThat(event.before()).isEqualTo(second);
            assertThat(event.after()).isEqualTo(amended);
            assertThat(event.forced()).isTrue();
            assertThat(event.commits()).extracting(PushedCommit::id).containsExactly(amended);
        });

        published.clear();
        git.run(work, "push", "origin", "main:refs/heads/feature");
        assertThat(published).singleElement().satisfies(event -> {
            assertThat(event.ref()).isEqualTo("refs/heads/feature");
            assertThat(event.created()).isTrue();
            assertThat(event.commits()).as("nothing new to the repository").isEmpty();
        });
        published.clear();
        git.run(work, "push", "origin", "--delete", "feature");
        assertThat(published).singleElement().satisfies(event -> {
            assertThat(event.ref()).isEqualTo("refs/heads/feature");
            assertThat(event.deleted()).isTrue();
            assertThat(event.before()).isEqualTo(amended);
            assertThat(event.after()).isEqualTo(PushEvent.ZERO_ID);
        });

        published.clear();
        TestingGit.Result deleteDefault = git.attempt(work, "push", "origin", "--delete", "main");
        assertThat(deleteDefault.exitCode()).isNotZero();
        assertThat(deleteDefault.output()).contains("refusing to delete the current branch: refs/heads/main");
        assertThat(published).isEmpty();

        Path second_clone = temporary.resolve("second-clone");
        git.run(temporary, "clone", url("octo/secret", READER_TOKEN), second_clone.toString());
        assertThat(second_clone.resolve("README.md")).hasContent("# secret, rewritten");
        assertThat(git.run(second_clone, "rev-parse", "HEAD")).isEqualTo(amended);
        assertThat(git.run(second_clone, "tag", "--list")).isEqualTo("v1");

        Files.writeString(work.resolve("later.txt"), "later\n");
        git.run(work, "add", "later.txt");
        git.run(work, "commit", "-q", "-m", "Later");
        git.run(work, "push", "origin", "main");
        String later = git.run(work, "rev-parse", "HEAD");
        git.run(second_clone, "fetch", "origin");
        assertThat(git.run(second_clone, "rev-parse", "origin/main")).isEqualTo(later);
        git.run(second_clone, "fetch", "--depth=1", "origin", later);
        assertThat(git.run(second_clone, "rev-parse", "FETCH_HEAD")).isEqualTo(later);
    }

    @Test
    void publicRepositoryClonesAnonymouslyWithAndWithoutTheGitSuffix() throws IOException {
        repositories.commitInitialFiles(PUBLIC_REPOSITORY, "main", Map.of("README.md", "# open\n".getBytes(UTF_8)),
                new PersonIdent("octo", "octo@example.com", Instant.parse("2026-11-23T00:00:00Z"), ZoneOffset.UTC),
                "Initial commit");

        git.run(temporary, "clone", url("octo/open.git", null), "with-suffix");
        git.run(temporary, "clone", url("octo/open", null), "without-suffix");

        assertThat(temporary.resolve("with-suffix/README.md")).hasContent("# open");
        assertThat(temporary.resolve("without-suffix/README.md")).hasContent("# open");
        assertThat(git.run(temporary.resolve("with-suffix"), "log", "--format=%s %an")).isEqualTo("Initial commit octo");
    }

    @Test
    void privateRepositoryAsksAnonymousCallersToAuthenticateAndHidesFromStrangers() {
        TestingGit.Result anonymous = git.attempt(temporary, "clone", url("octo/secret.git", null), "anonymous");
        TestingGit.Result stranger = git.attempt(temporary, "clone", url("octo/secret.git", STRANGER_TOKEN), "stranger");
        TestingGit.Result absent = git.attempt(temporary, "clone", url("octo/absent.git", WRITER_TOKEN), "absent");

        assertThat(anonymous.exitCode()).isNotZero();
        assertThat(anonymous.output()).contains("could not read Username").contains("terminal prompts disabled");
        assertThat(stranger.exitCode()).isNotZero();
        assertThat(stranger.output()).contains("not found");
        assertThat(absent.exitCode()).isNotZero();
        assertThat(absent.output()).contains("not found");
    }

    @Test
    void pushingNeedsATokenWithWriteAccess() throws IOException {
        Path work = temporary.resolve("work");
        git.run(temporary, "clone", url("octo/secret.git", READER_TOKEN), work.toString());
        Files.writeString(work.resolve("a.txt"), "a\n");
        git.run(work, "add", "a.txt");
        git.run(work, "commit", "-q", "-m", "A");

        TestingGit.Result readOnly = git.attempt(work, "push", "origin", "main");
        TestingGit.Result anonymous = git.attempt(work, "push", url("octo/open.git", null), "main");
        TestingGit.Result badToken = git.attempt(work, "push", url("octo/open.git", "not-a-token"), "main");
        TestingGit.Result writer = git.attempt(work, "push", url("octo/secret.git", WRITER_TOKEN), "main");

        assertThat(readOnly.exitCode()).isNotZero();
        assertThat(readOnly.output()).contains("403");
        assertThat(anonymous.exitCode()).isNotZero();
        assertThat(anonymous.output()).contains("could not read Username").contains("terminal prompts disabled");
        assertThat(badToken.exitCode()).isNotZero();
        assertThat(badToken.output()).contains("Authentication failed");
        assertThat(writer.exitCode()).as(writer.output()).isZero();
        assertThat(published).extracting(PushEvent::pusherId).containsExactly(WRITER);
    }

    @Test
    void largeBinaryFilePushesAndClonesIntact() throws IOException {
        byte[] binary = new byte[5 * 1024 * 1024];
        new Random(7).nextBytes(binary);
        Path work = temporary.resolve("work");
        git.run(temporary, "clone", url("octo/secret.git", WRITER_TOKEN), work.toString());
        Files.write(work.resolve("blob.bin"), binary);
        git.run(work, "add", "blob.bin");
        git.run(work, "commit", "-q", "-m", "Binary");
        git.run(work, "push", "origin", "main");
        String head = git.run(work, "rev-parse", "HEAD");

        git.run(temporary, "clone", url("octo/secret.git", WRITER_TOKEN), "copy");

        assertThat(Files.readAllBytes(temporary.resolve("copy/blob.bin"))).isEqualTo(binary);
        assertThat(repositories.readFile(PRIVATE_REPOSITORY, head, "blob.bin")).hasValueSatisfying(
                content -> assertThat(content).isEqualTo(binary));
    }

    @Test
    void infoRefsAnswersWithTheServicePreambleAndNoCaching() throws Exception {
        String sha = repositories.commitInitialFiles(PUBLIC_REPOSITORY, "main", Map.of("a", "a".getBytes(UTF_8)),
                new PersonIdent("octo", "octo@example.com"), "init");
        HttpClient client = HttpClient.newHttpClient();

        HttpResponse<String> refs = client.send(HttpRequest.newBuilder(
                URI.create(base() + "/octo/open.git/info/refs?service=git-upload-pack")).build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> version2 = client.send(HttpRequest.newBuilder(
                URI.create(base() + "/octo/open/info/refs?service=git-upload-pack")).header("Git-Protocol", "version=2").build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> dumb = client.send(HttpRequest.newBuilder(
                URI.create(base() + "/octo/open.git/info/refs")).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> unauthenticatedPush = client.send(HttpRequest.newBuilder(
                URI.create(base() + "/octo/open.git/info/refs?service=git-receive-pack")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(refs.statusCode()).isEqualTo(200);
        assertThat(refs.headers().firstValue("Content-Type")).contains("application/x-git-upload-pack-advertisement");
        assertThat(refs.headers().firstValue("Cache-Control")).hasValueSatisfying(value -> assertThat(value).contains("no-cache"));
        assertThat(refs.body()).startsWith("001e# service=git-upload-pack\n0000").contains(sha + " refs/heads/main");
        assertThat(version2.body()).as("protocol v2 has no service preamble").startsWith("000dversion 2").contains("fetch");
        assertThat(dumb.statusCode()).isEqualTo(403);
        assertThat(unauthenticatedPush.statusCode()).isEqualTo(401);
        assertThat(unauthenticatedPush.headers().firstValue("WWW-Authenticate")).contains("Basic realm=\"Gantry\"");
    }

    @Test
    void uploadPackAcceptsAGzippedRequest() throws Exception {
        String sha = repositories.commitInitialFiles(PUBLIC_REPOSITORY, "main", Map.of("a", "a".getBytes(UTF_8)),
                new PersonIdent("octo", "octo@example.com"), "init");
        String negotiation = packetLine("want " + sha + " ofs-delta\n") + "0000" + packetLine("done\n");
        ByteArrayOutputStream gzipped = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(gzipped)) {
            gzip.write(negotiation.getBytes(UTF_8));
        }

        HttpResponse<byte[]> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(base() + "/octo/open.git/git-upload-pack"))
                .header("Content-Type", "application/x-git-upload-pack-request")
                .header("Content-Encoding", "gzip")
                .POST(HttpRequest.BodyPublishers.ofByteArray(gzipped.toByteArray())).build(),
                HttpResponse.BodyHandlers.ofByteArray());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).contains("application/x-git-upload-pack-result");
        String body = new String(response.body(), java.nio.charset.StandardCharsets.ISO_8859_1);
        assertThat(body).startsWith("0008NAK\n").contains("PACK");
    }

    @Test
    void fetchWhoseNegotiationGitGzipsSucceeds() throws IOException {
        Path work = temporary.resolve("work");
        git.run(temporary, "clone", url("octo/secret.git", WRITER_TOKEN), work.toString());
        Files.writeString(work.resolve("a.txt"), "a\n");
        git.run(work, "add", "a.txt");
        git.run(work, "commit", "-q", "-m", "A");
        git.run(work, "push", "origin", "main");
        Path other = temporary.resolve("other");
        git.run(temporary, "clone", url("octo/secret.git", WRITER_TOKEN), other.toString());
        // Local commits the server lacks make the client send "have" lines in rounds of 16, 32, 64 …;
        // a round past 1 KiB is gzipped. 40 commits stayed under it with protocol v2; 120 reach a 64-line round.
        for (int index = 0; index < 120; index++) {
            git.run(other, "commit", "-q", "--allow-empty", "-m", "local " + index);
        }
        Files.writeString(work.resolve("b.txt"), "b\n");
        git.run(work, "add", "b.txt");
        git.run(work, "commit", "-q", "-m", "B");
        git.run(work, "push", "origin", "main");
        String head = git.run(work, "rev-parse", "HEAD");

        TestingGit.Result fetch = git.attempt(Map.of("GIT_TRACE_CURL", "1", "GIT_TRACE_CURL_NO_DATA", "1"),
                other, "fetch", "origin");

        assertThat(fetch.exitCode()).as(fetch.output()).isZero();
        assertThat(fetch.output()).containsIgnoringCase("Content-Encoding: gzip");
        assertThat(git.run(other, "rev-parse", "origin/main")).isEqualTo(head);
    }

    private static String packetLine(String payload) {
        return String.format("%04x", payload.length() + 4) + payload;
    }

    private String base() {
        return "http://127.0.0.1:" + server.port();
    }

    private String url(String path, String token) {
        return token == null
                ? base() + "/" + path
                : "http://x:" + token + "@127.0.0.1:" + server.port() + "/" + path;
    }
}
