package dev.gantry.api.git;

import dev.gantry.engine.ErrorCategory;
import dev.gantry.engine.GantryException;
import java.util.Optional;

/**
 * Decides who may read or push a repository over git. Supplied by the wiring, so the git
 * protocol code knows nothing about tokens, visibility or permissions.
 *
 * <p>Failures are {@link GantryException}s, the domain's one error type, so an implementation can
 * reuse the engine's own lookups; the git service answers them as:
 * <ul>
 *   <li>{@link ErrorCategory#UNAUTHENTICATED}: 401 with {@code WWW-Authenticate: Basic}, which makes
 *       the git CLI send (or ask for) credentials. Use it for an anonymous caller who needs a token,
 *       including one asking for a private or absent repository, so anonymous probing learns
 *       nothing, and for credentials that are not valid.</li>
 *   <li>{@link ErrorCategory#NOT_FOUND}: 404, for a repository that does not exist or that the
 *       authenticated caller may not see.</li>
 *   <li>{@link ErrorCategory#FORBIDDEN}: 403, for a caller who may read but not push (or an
 *       archived repository); the message reaches the user.</li>
 * </ul>
 */
@FunctionalInterface
public interface GitAccess {

    /**
     * @param owner the owner's login as it appears in the URL
     * @param repository the repository name, without a {@code .git} suffix
     * @param token the token sent as the password of HTTP Basic, or as {@code Bearer}/{@code token};
     *     empty when the request carried no credentials
     * @return the repository to serve; for {@link GitOperation#WRITE} it must name the user
     */
    GitTarget authorize(String owner, String repository, Optional<String> token, GitOperation operation);
}
