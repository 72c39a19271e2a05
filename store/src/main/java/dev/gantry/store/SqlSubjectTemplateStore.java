package dev.gantry.store;

import dev.gantry.engine.oidc.SubjectTemplate;
import dev.gantry.engine.oidc.SubjectTemplateStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** {@code sub} customizations in {@code oidc_organization_subjects} and {@code oidc_repository_subjects}. */
public final class SqlSubjectTemplateStore implements SubjectTemplateStore {
    private final Database database;

    public SqlSubjectTemplateStore(Database database) {
        this.database = Objects.requireNonNull(database, "database");
    }

    @Override
    public Optional<SubjectTemplate> findForOrganization(long organizationId) {
        return database.read(handle -> handle.createQuery("SELECT include_claim_keys, use_immutable_subject "
                        + "FROM oidc_organization_subjects WHERE organization_id = :id")
                .bind("id", organizationId)
                .map((rs, context) -> new SubjectTemplate(false, keys(rs), immutable(rs)))
                .findOne());
    }

    @Override
    public void putForOrganization(long organizationId, SubjectTemplate template) {
        database.write(handle -> handle.createUpdate("""
                        INSERT INTO oidc_organization_subjects (organization_id, include_claim_keys, use_immutable_subject)
                        VALUES (:id, :keys, :immutable)
                        ON CONFLICT (organization_id) DO UPDATE SET include_claim_keys = excluded.include_claim_keys,
                            use_immutable_subject = excluded.use_immutable_subject""")
                .bind("id", organizationId)
                .bind("keys", JsonColumns.write(template.includeClaimKeys().orElse(null)))
                .bind("immutable", template.useImmutableSubject().orElse(null))
                .execute());
    }

    @Override
    public Optional<SubjectTemplate> findForRepository(long repositoryId) {
        return database.read(handle -> handle.createQuery("SELECT use_default, include_claim_keys, use_immutable_subject "
                        + "FROM oidc_repository_subjects WHERE repository_id = :id")
                .bind("id", repositoryId)
                .map((rs, context) -> new SubjectTemplate(rs.getBoolean("use_default"), keys(rs), immutable(rs)))
                .findOne());
    }

    @Override
    public void putForRepository(long repositoryId, SubjectTemplate template) {
        database.write(handle -> handle.createUpdate("""
                        INSERT INTO oidc_repository_subjects (repository_id, use_default, include_claim_keys, use_immutable_subject)
                        VALUES (:id, :useDefault, :keys, :immutable)
                        ON CONFLICT (repository_id) DO UPDATE SET use_default = excluded.use_default,
                            include_claim_keys = excluded.include_claim_keys, use_immutable_subject = excluded.use_immutable_subject""")
                .bind("id", repositoryId)
                .bind("useDefault", template.useDefault())
                .bind("keys", JsonColumns.write(template.includeClaimKeys().orElse(null)))
                .bind("immutable", template.useImmutableSubject().orElse(null))
                .execute());
    }

    private static Optional<List<String>> keys(ResultSet rs) throws SQLException {
        String keys = rs.getString("include_claim_keys");
        return keys == null ? Optional.empty() : Optional.of(JsonColumns.strings(keys));
    }

    private static Optional<Boolean> immutable(ResultSet rs) throws SQLException {
        boolean value = rs.getBoolean("use_immutable_subject");
        return rs.wasNull() ? Optional.empty() : Optional.of(value);
    }
}
