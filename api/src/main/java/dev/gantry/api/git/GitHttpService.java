package dev.gantry.api.git;

import dev.gantry.api.http.Credentials;
import dev.gantry.engine.ErrorCategory;
import dev.gantry.engine.GantryException;
import dev.gantry.engine.event.EventBus;
import dev.gantry.engine.event.PushEvent;
import dev.gantry.engine.git.GitRepositories;
import dev.gantry.engine.git.PushEvents;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.PacketLineOut;
import org.eclipse.jgit.transport.ReceiveCommand;
import org.eclipse.jgit.transport.ReceivePack;
import org.eclipse.jgit.transport.RefAdvertiser.PacketLineOutRefAdvertiser;
import org.eclipse.jgit.transport.UploadPack;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Git's smart-HTTP protocol for hosted repositories, at {@code /{owner}/{repo}.git} (and without
 * {@code .git}, as GitHub accepts both): {@code GET info/refs?service=…}, {@code POST git-upload-pack}
 * (clone, fetch) and {@code POST git-receive-pack} (push).
 *
 * <p>JGit's {@code GitServlet} needs a servlet container, which Helidon SE is not, so this drives
 * JGit's {@link UploadPack} and {@link ReceivePack} directly. HTTP is git's <em>stateless</em> RPC:
 * each request is one self-contained exchange, so both run with {@code setBiDirectionalPipe(false)},
 * which tells JGit that the client re-sends its state with every request and that no reply can be
 * read back within one. Request and response bodies are streamed, never held whole in memory.
 *
 * <p>After a push updates refs, the {@link GitPushListener} is told and one {@link PushEvent} per
 * ref is published on the {@link EventBus}, before the client's push completes.
 */
public final class GitHttpService implements HttpService {
    private static final Logger LOG = LoggerFactory.getLogger(GitHttpService.class);
    private static final HeaderName GIT_PROTOCOL = HeaderNames.create("Git-Protocol");
    private static final int BUFFER_BYTES = 64 * 1024;

    private final GitRepositories repositories;
    private final GitAccess access;
    private final EventBus events;
    private final GitPushListener pushListener;

    public GitHttpService(GitRepositories repositories, GitAccess access, EventBus events,
            GitPushListener pushListener) {
        this.repositories = Objects.requireNonNull(repositories, "repositories");
        this.access = Objects.requireNonNull(access, "access");
        this.events = Objects.requireNonNull(events, "events");
        this.pushListener = Objects.requireNonNull(pushListener, "pushListener");
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/{owner}/{repository}/info/refs", this::serveInfoRefs)
                .post("/{owner}/{repository}/git-upload-pack", this::serveUploadPack)
                .post("/{owner}/{repository}/git-receive-pack", this::serveReceivePack);
    }

    private void serveInfoRefs(ServerRequest request, ServerResponse response) throws IOException {
        Optional<GitOperation> operation = request.query().first("service").asOptional()
                .flatMap(GitHttpService::operationOf);
        if (operation.isEmpty()) {
            // Without ?service= this is git's "dumb" protocol, which needs loose files served as-is.
            plainText(response, Status.FORBIDDEN_403, "Please upgrade your git client: Gantry serves only smart HTTP.");
            return;
        }
        Optional<GitTarget> target = authorize(request, response, operation.get());
        if (target.isEmpty()) {
            return;
        }
        try (Repository repository = repositories.open(target.get().repositoryId())) {
            noCache(response);
            response.header(HeaderNames.CONTENT_TYPE,
                    "application/x-" + operation.get().serviceName() + "-advertisement");
            try (OutputStream out = new BufferedOutputStream(response.outputStream(), BUFFER_BYTES)) {
                PacketLineOut packets = new PacketLineOut(out);
                PacketLineOutRefAdvertiser advertiser = new PacketLineOutRefAdvertiser(packets);
                if (operation.get() == GitOperation.READ) {
                    // Writes the "# service=" preamble itself, and leaves it out for protocol v2.
                    newUploadPack(repository, request).sendAdvertisedRefs(advertiser, GitOperation.READ.serviceName());
                } else {
                    packets.writeString("# service=" + GitOperation.WRITE.serviceName() + "\n");
                    packets.end();
                    newReceivePack(repository).sendAdvertisedRefs(advertiser);
                }
            }
        }
    }

    private void serveUploadPack(ServerRequest request, ServerResponse response) throws IOException {
        if (!hasContentType(request, "application/x-git-upload-pack-request")) {
            plainText(response, Status.UNSUPPORTED_MEDIA_TYPE_415, "Expected application/x-git-upload-pack-request.");
            return;
        }
        Optional<GitTarget> target = authorize(request, response, GitOperation.READ);
        if (target.isEmpty()) {
            return;
        }
        try (Repository repository = repositories.open(target.get().repositoryId())) {
            noCache(response);
            response.header(HeaderNames.CONTENT_TYPE, "application/x-git-upload-pack-result");
            try (InputStream in = requestBody(request);
                    OutputStream out = new BufferedOutputStream(response.outputStream(), BUFFER_BYTES)) {
                newUploadPack(repository, request).upload(in, out, null);
            }
        }
    }

    private void serveReceivePack(ServerRequest request, ServerResponse response) throws IOException {
        if (!hasContentType(request, "application/x-git-receive-pack-request")) {
            plainText(response, Status.UNSUPPORTED_MEDIA_TYPE_415, "Expected application/x-git-receive-pack-request.");
            return;
        }
        Optional<GitTarget> target = authorize(request, response, GitOperation.WRITE);
        if (target.isEmpty()) {
            return;
        }
        long pusherId = target.get().userId().orElseThrow();
        try (Repository repository = repositories.open(target.get().repositoryId())) {
            noCache(response);
            response.header(HeaderNames.CONTENT_TYPE, "application/x-git-receive-pack-result");
            try (InputStream in = requestBody(request);
                    OutputStream out = new BufferedOutputStream(response.outputStream(), BUFFER_BYTES)) {
                ReceivePack pack = newReceivePack(repository);
                pack.setPreReceiveHook((receive, commands) -> refuseDeletingTheDefaultBranch(repository, commands));
                pack.setPostReceiveHook((receive, commands) ->
                        afterPush(repository, target.get().repositoryId(), pusherId, commands));
                pack.receive(in, out, null);
            }
        }
    }

    private static UploadPack newUploadPack(Repository repository, ServerRequest request) {
        UploadPack pack = new UploadPack(repository);
        pack.setBiDirectionalPipe(false);
        // actions/checkout fetches the exact commit of a run by id; GitHub allows any reachable commit.
        pack.setRequestPolicy(UploadPack.RequestPolicy.REACHABLE_COMMIT);
        // "version=2" here is how a client asks for protocol v2 over HTTP.
        request.headers().first(GIT_PROTOCOL)
                .ifPresent(protocol -> pack.setExtraParameters(Arrays.asList(protocol.split(":"))));
        return pack;
    }

    private static ReceivePack newReceivePack(Repository repository) {
        ReceivePack pack = new ReceivePack(repository);
        pack.setBiDirectionalPipe(false);
        return pack;
    }

    /** GitHub refuses this too: a repository without its default branch has nothing to clone. */
    private static void refuseDeletingTheDefaultBranch(Repository repository, Collection<ReceiveCommand> commands) {
        String defaultBranch;
        try {
            Ref head = repository.exactRef(Constants.HEAD);
            if (head == null || !head.isSymbolic()) {
                return;
            }
            defaultBranch = head.getTarget().getName();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (ReceiveCommand command : commands) {
            if (command.getType() == ReceiveCommand.Type.DELETE && command.getRefName().equals(defaultBranch)
                    && command.getResult() == ReceiveCommand.Result.NOT_ATTEMPTED) {
                command.setResult(ReceiveCommand.Result.REJECTED_OTHER_REASON,
                        "refusing to delete the current branch: " + defaultBranch);
            }
        }
    }

    private void afterPush(Repository repository, long repositoryId, long pusherId,
            Collection<ReceiveCommand> commands) {
        // The refs have moved and the client already has its status report: nothing here may fail the push.
        try {
            List<PushEvent> pushed = PushEvents.fromCommands(repository, repositoryId, pusherId, commands);
            if (pushed.isEmpty()) {
                return;
            }
            try {
                pushListener.pushed(repositoryId, pushed);
            } catch (RuntimeException e) {
                LOG.error("Recording the push to repository {} failed", repositoryId, e);
            }
            pushed.forEach(events::publish);
        } catch (IOException | RuntimeException e) {
            LOG.error("Describing the push to repository {} failed", repositoryId, e);
        }
    }

    /** Answers the request itself when access is refused, and returns empty then. */
    private Optional<GitTarget> authorize(ServerRequest request, ServerResponse response, GitOperation operation) {
        String owner = request.path().pathParameters().get("owner");
        String repository = repositoryName(request.path().pathParameters().get("repository"));
        Optional<String> token = Credentials.token(request.headers().first(HeaderNames.AUTHORIZATION));
        try {
            GitTarget target = access.authorize(owner, repository, token, operation);
            if (operation == GitOperation.WRITE && target.userId().isEmpty()) {
                throw new GantryException(ErrorCategory.UNAUTHENTICATED, "Authentication required to push.");
            }
            if (!repositories.exists(target.repositoryId())) {
                throw GantryException.notFound();
            }
            return Optional.of(target);
        } catch (GantryException e) {
            refuse(response, e);
            return Optional.empty();
        }
    }

    private static void refuse(ServerResponse response, GantryException failure) {
        switch (failure.category()) {
            case UNAUTHENTICATED -> {
                // The challenge is what makes the git CLI send the credentials from the URL or ask for them.
                response.header(HeaderNames.WWW_AUTHENTICATE, "Basic realm=\"Gantry\"");
                plainText(response, Status.UNAUTHORIZED_401, failure.getMessage());
            }
            case NOT_FOUND -> plainText(response, Status.NOT_FOUND_404, "Repository not found.");
            case FORBIDDEN -> plainText(response, Status.FORBIDDEN_403, failure.getMessage());
            case BAD_REQUEST, VALIDATION_FAILED -> plainText(response, Status.BAD_REQUEST_400, failure.getMessage());
            case CONFLICT -> plainText(response, Status.CONFLICT_409, failure.getMessage());
            case GONE -> plainText(response, Status.GONE_410, failure.getMessage());
            case PAYLOAD_TOO_LARGE -> plainText(response, Status.REQUEST_ENTITY_TOO_LARGE_413, failure.getMessage());
        }
    }

    /**
     * The request body, un-gzipped when git compressed it (it does for large fetch negotiations).
     * The gzip magic is checked too, so a body the web server already decoded is not decoded twice.
     */
    private static InputStream requestBody(ServerRequest request) throws IOException {
        InputStream body = new BufferedInputStream(request.content().inputStream(), BUFFER_BYTES);
        Optional<String> encoding = request.headers().first(HeaderNames.CONTENT_ENCODING)
                .map(value -> value.strip().toLowerCase(Locale.ROOT));
        if (encoding.isEmpty() || !(encoding.get().equals("gzip") || encoding.get().equals("x-gzip"))) {
            return body;
        }
        body.mark(2);
        int first = body.read();
        int second = body.read();
        body.reset();
        boolean gzipped = first == 0x1f && second == 0x8b;
        return gzipped ? new GZIPInputStream(body, BUFFER_BYTES) : body;
    }

    private static Optional<GitOperation> operationOf(String serviceName) {
        return Arrays.stream(GitOperation.values())
                .filter(operation -> operation.serviceName().equals(serviceName))
                .findFirst();
    }

    private static String repositoryName(String segment) {
        return segment.endsWith(".git") ? segment.substring(0, segment.length() - ".git".length()) : segment;
    }

    private static boolean hasContentType(ServerRequest request, String expected) {
        return request.headers().first(HeaderNames.CONTENT_TYPE)
                .map(value -> value.split(";", 2)[0].strip().equalsIgnoreCase(expected))
                .orElse(false);
    }

    private static void noCache(ServerResponse response) {
        response.header(HeaderNames.CACHE_CONTROL, "no-cache, max-age=0, must-revalidate");
        response.header(HeaderNames.PRAGMA, "no-cache");
        response.header(HeaderNames.EXPIRES, "Fri, 01 Jan 1980 00:00:00 GMT");
    }

    private static void plainText(ServerResponse response, Status status, String message) {
        response.status(status);
        response.header(HeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
        response.send(message + "\n");
    }
}
