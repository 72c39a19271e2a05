package dev.gantry.store;

import dev.gantry.engine.identity.AccountType;
import dev.gantry.engine.identity.NewAccount;
import dev.gantry.engine.identity.Profile;
import dev.gantry.engine.repository.NewRepository;
import dev.gantry.engine.repository.RepositorySettings;
import dev.gantry.engine.repository.Visibility;
import dev.gantry.engine.token.NewToken;
import dev.gantry.engine.token.TokenKind;
import java.time.Instant;
import java.util.Set;

/** Values the contracts create; each test picks its own names. */
final class StoreFixtures {
    /** Has milliseconds, so a store that truncated them would be caught. */
    static final Instant CREATED = Instant.parse("2026-11-23T10:15:30.123Z");

    private StoreFixtures() {
    }

    static NewAccount user(String login) {
        return new NewAccount(login, AccountType.USER, Profile.empty().withEmail(login + "@example.com"), false, null, CREATED);
    }

    static NewAccount organization(String login) {
        return new NewAccount(login, AccountType.ORGANIZATION, Profile.empty().withName(login + " Inc."), false, "read", CREATED);
    }

    static NewRepository repository(long ownerId, String name) {
        return repository(ownerId, name, Visibility.PUBLIC);
    }

    static NewRepository repository(long ownerId, String name, Visibility visibility) {
        return new NewRepository(ownerId, name, "about " + name, null, visibility, "main", RepositorySettings.defaults(), CREATED);
    }

    static NewToken token(long userId, String hash) {
        return new NewToken(userId, TokenKind.PERSONAL, hash, Set.of("repo", "workflow"), "note " + hash, CREATED, null);
    }
}
