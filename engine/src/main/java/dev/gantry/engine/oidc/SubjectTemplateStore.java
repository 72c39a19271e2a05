package dev.gantry.engine.oidc;

import java.util.Optional;

/** The {@code sub} customizations; nothing stored means GitHub's default. */
public interface SubjectTemplateStore {
    Optional<SubjectTemplate> findForOrganization(long organizationId);

    void putForOrganization(long organizationId, SubjectTemplate template);

    Optional<SubjectTemplate> findForRepository(long repositoryId);

    void putForRepository(long repositoryId, SubjectTemplate template);
}
