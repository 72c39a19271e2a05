package dev.gantry.engine.oidc;

import dev.gantry.engine.GantryException;
import dev.gantry.engine.identity.Account;
import dev.gantry.engine.repository.Repository;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The organization and repository customizations of the {@code sub} claim, with GitHub's rules:
 * a repository uses the default format until it opts out ({@code use_default: false}); then its
 * own claim keys, else its organization's template, make the {@code sub}.
 */
public final class SubjectTemplates {
    private static final Pattern CLAIM_KEY = Pattern.compile("[A-Za-z0-9_]+");

    private final SubjectTemplateStore store;

    public SubjectTemplates(SubjectTemplateStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    /** What {@code GET /orgs/{org}/actions/oidc/customization/sub} shows. */
    public record OrganizationSubject(List<String> includeClaimKeys, boolean useImmutableSubject) {
        public OrganizationSubject {
            includeClaimKeys = List.copyOf(includeClaimKeys);
        }
    }

    /**
     * What {@code GET /repos/{owner}/{repo}/actions/oidc/customization/sub} shows.
     *
     * @param includeClaimKeys the repository's own keys, when it has some
     * @param useImmutableSubject the repository's setting, else its organization's
     * @param subClaimPrefix the {@code repo:} part its tokens' {@code sub} starts with under the default format
     */
    public record RepositorySubject(boolean useDefault, Optional<List<String>> includeClaimKeys, boolean useImmutableSubject,
            String subClaimPrefix) {}

    /** What a job's {@code sub} is made of. */
    public record SubjectFormat(List<String> claimKeys, boolean immutable) {
        public SubjectFormat {
            claimKeys = List.copyOf(claimKeys);
        }
    }

    public OrganizationSubject organization(Account organization) {
        Optional<SubjectTemplate> stored = store.findForOrganization(organization.id());
        return new OrganizationSubject(stored.flatMap(SubjectTemplate::includeClaimKeys).orElse(SubjectTemplate.DEFAULT_CLAIM_KEYS),
                stored.flatMap(SubjectTemplate::useImmutableSubject).orElse(false));
    }

    /** Replaces what the request names; an absent field keeps its value. */
    public void setOrganization(Account organization, Optional<List<String>> includeClaimKeys, Optional<Boolean> useImmutableSubject) {
        includeClaimKeys.ifPresent(SubjectTemplates::check);
        Optional<SubjectTemplate> stored = store.findForOrganization(organization.id());
        store.putForOrganization(organization.id(), new SubjectTemplate(false,
                includeClaimKeys.or(() -> stored.flatMap(SubjectTemplate::includeClaimKeys)),
                useImmutableSubject.or(() -> stored.flatMap(SubjectTemplate::useImmutableSubject))));
    }

    public RepositorySubject repository(Repository repository, Account owner) {
        Optional<SubjectTemplate> stored = store.findForRepository(repository.id());
        boolean immutable = immutable(stored, owner);
        return new RepositorySubject(stored.map(SubjectTemplate::useDefault).orElse(true),
                stored.filter(template -> !template.useDefault()).flatMap(SubjectTemplate::includeClaimKeys), immutable,
                "repo:" + IdTokens.repositoryPart(repository, owner, immutable));
    }

    /**
     * @param includeClaimKeys ignored with {@code useDefault}, as GitHub documents; without it and
     *     without {@code useDefault} the repository follows its organization's template
     */
    public void setRepository(Repository repository, boolean useDefault, Optional<List<String>> includeClaimKeys,
                              Optional<Boolean> useImmutableSubject) {
        Optional<List<String>> keys = useDefault ? Optional.empty() : includeClaimKeys;
        keys.ifPresent(SubjectTemplates::check);
        Optional<SubjectTemplate> stored = store.findForRepository(repository.id());
        store.putForRepository(repository.id(), new SubjectTemplate(useDefault, keys,
                useImmutableSubject.or(() -> stored.flatMap(SubjectTemplate::useImmutableSubject))));
    }

    /** The format of the {@code sub} of tokens minted for jobs of {@code repository}. */
    public SubjectFormat forRepository(Repository repository, Account owner) {
        Optional<SubjectTemplate> stored = store.findForRepository(repository.id());
        List<String> keys = SubjectTemplate.DEFAULT_CLAIM_KEYS;
        if (stored.isPresent() && !stored.get().useDefault()) {
            keys = stored.get().includeClaimKeys()
                    .or(() -> organizationTemplate(owner).flatMap(SubjectTemplate::includeClaimKeys))
                    .orElse(SubjectTemplate.DEFAULT_CLAIM_KEYS);
        }
        return new SubjectFormat(keys, immutable(stored, owner));
    }

    private boolean immutable(Optional<SubjectTemplate> repositoryTemplate, Account owner) {
        return repositoryTemplate.flatMap(SubjectTemplate::useImmutableSubject)
                .or(() -> organizationTemplate(owner).flatMap(SubjectTemplate::useImmutableSubject))
                .orElse(false);
    }

    private Optional<SubjectTemplate> organizationTemplate(Account owner) {
        return owner.isOrganization() ? store.findForOrganization(owner.id()) : Optional.empty();
    }

    /** GitHub's rules for {@code include_claim_keys}: at least one, unique, of word characters, and a claim the token has. */
    private static void check(List<String> keys) {
        if (keys.isEmpty()) {
            throw invalid("include_claim_keys must contain at least one claim key");
        }
        Set<String> seen = new HashSet<>();
        for (String key : keys) {
            if (key == null || !CLAIM_KEY.matcher(key).matches()) {
                throw invalid("Claim keys can only contain alphanumeric characters and underscores: " + key);
            }
            if (!seen.add(key)) {
                throw invalid("include_claim_keys must be unique: " + key + " is repeated");
            }
            if (!IdTokens.SUBJECT_CLAIM_KEYS.contains(key)) {
                throw invalid("Unknown claim key: " + key);
            }
        }
    }

    /**
     * The repository operation documents GitHub's simple validation error (an {@code errors} array
     * of strings, if any), so the reason goes in the message, which both operations' schemas allow.
     */
    private static GantryException invalid(String reason) {
        return GantryException.invalid("Invalid request.\n\n" + reason + ".");
    }
}
