package dev.gantry.engine.oidc;

import java.util.List;
import java.util.Optional;

/**
 * A stored customization of the {@code sub} claim, of an organization or of a repository.
 *
 * @param useDefault repositories only (always false for an organization): the default format,
 *     whatever the organization says
 * @param includeClaimKeys the claims the {@code sub} is made of, in order; empty for a repository
 *     that follows its organization's template
 * @param useImmutableSubject whether the {@code repo} part carries owner and repository ids; empty
 *     when not set here (a repository then follows its organization)
 */
public record SubjectTemplate(boolean useDefault, Optional<List<String>> includeClaimKeys, Optional<Boolean> useImmutableSubject) {
    /** GitHub's default: {@code repo:OWNER/REPO:} and the context (environment, pull request or ref). */
    public static final List<String> DEFAULT_CLAIM_KEYS = List.of("repo", "context");

    public SubjectTemplate {
        includeClaimKeys = includeClaimKeys.map(List::copyOf);
    }
}
