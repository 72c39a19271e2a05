package dev.gantry.store;

import dev.gantry.engine.identity.MembershipStore;
import dev.gantry.engine.identity.OrganizationRole;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Organization memberships in the {@code memberships} table; they go when either account goes. */
public final class SqlMembershipStore implements MembershipStore {
    private final Database database;

    public SqlMembershipStore(Database database) {
        this.database = Objects.requireNonNull(database, "database");
    }

    @Override
    public void put(long organizationId, long userId, OrganizationRole role) {
        Objects.requireNonNull(role, "role");
        database.write(handle -> handle.createUpdate("""
                        INSERT INTO memberships (organization_id, user_id, role) VALUES (:organizationId, :userId, :role)
                        ON CONFLICT (organization_id, user_id) DO UPDATE SET role = excluded.role""")
                .bind("organizationId", organizationId)
                .bind("userId", userId)
                .bind("role", role.name())
                .execute());
    }

    @Override
    public boolean remove(long organizationId, long userId) {
        return database.write(handle -> handle.createUpdate(
                        "DELETE FROM memberships WHERE organization_id = :organizationId AND user_id = :userId")
                .bind("organizationId", organizationId)
                .bind("userId", userId)
                .execute() > 0);
    }

    @Override
    public Optional<OrganizationRole> roleOf(long organizationId, long userId) {
        return database.read(handle -> handle.createQuery(
                        "SELECT role FROM memberships WHERE organization_id = :organizationId AND user_id = :userId")
                .bind("organizationId", organizationId)
                .bind("userId", userId)
                .mapTo(String.class)
                .findOne()
                .map(OrganizationRole::valueOf));
    }

    @Override
    public List<Long> organizationsOf(long userId) {
        return database.read(handle -> handle.createQuery(
                        "SELECT organization_id FROM memberships WHERE user_id = :userId ORDER BY organization_id")
                .bind("userId", userId)
                .mapTo(Long.class)
                .list());
    }
}
