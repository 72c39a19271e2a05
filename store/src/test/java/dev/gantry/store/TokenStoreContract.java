package dev.gantry.store;

import static dev.gantry.store.StoreFixtures.CREATED;
import static dev.gantry.store.StoreFixtures.token;
import static dev.gantry.store.StoreFixtures.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gantry.engine.ErrorCategory;
import dev.gantry.engine.GantryException;
import dev.gantry.engine.identity.Account;
import dev.gantry.engine.token.NewToken;
import dev.gantry.engine.token.Token;
import dev.gantry.engine.token.TokenKind;
import dev.gantry.engine.token.UserToken;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

abstract class TokenStoreContract extends DatabaseContract {
    private SqlAccountStore accounts;
    private SqlTokenStore tokens;

    @BeforeAll
    final void createStores() {
        accounts = new SqlAccountStore(database);
        tokens = new SqlTokenStore(database);
    }

    @Test
    void createdTokenIsFoundByItsHashWithEveryField() {
        Account user = accounts.create(user("mona"));
        NewToken expiring = new NewToken(user.id(), TokenKind.IMPERSONATION, "abc123", Set.of("admin:org", "repo", "workflow"),
                "for the deploy bot", CREATED, CREATED.plusSeconds(3600));

        Token created = tokens.create(expiring);

        Token expected = new Token(created.id(), user.id(), TokenKind.IMPERSONATION, "abc123",
                Set.of("admin:org", "repo", "workflow"), "for the deploy bot", CREATED, CREATED.plusSeconds(3600));
        assertThat(created).isEqualTo(expected);
        assertThat(tokens.findByHash("abc123")).contains(expected);
        assertThat(tokens.findByHash("ABC123")).isEmpty();
    }

    @Test
    void aTokenIsFoundWithItsUserInOneRead() {
        Account other = accounts.create(user("hubot"));
        Account user = accounts.create(user("mona"));
        Token created = tokens.create(new NewToken(user.id(), TokenKind.PERSONAL, "with-user", Set.of("repo"), "note", CREATED,
                CREATED.plusSeconds(60)));
        tokens.create(token(other.id(), "other"));

        UserToken found = tokens.findWithUserByHash("with-user").orElseThrow();
        assertThat(found.token()).isEqualTo(created);
        assertThat(found.user()).isEqualTo(accounts.findById(user.id()).orElseThrow());
        assertThat(tokens.findWithUserByHash("missing")).isEmpty();
        tokens.delete(created.id());
        assertThat(tokens.findWithUserByHash("with-user")).isEmpty();
    }

    @Test
    void tokenWithoutScopesNoteOrExpiryRoundTrips() {
        Account user = accounts.create(user("mona"));

        Token created = tokens.create(new NewToken(user.id(), TokenKind.PERSONAL, "bare", Set.of(), null, CREATED, null));

        assertThat(tokens.findByHash("bare")).contains(created);
        assertThat(created.scopes()).isEmpty();
        assertThat(created.expiresAt()).isNull();
    }

    @Test
    void aHashIsStoredOnce() {
        Account user = accounts.create(user("mona"));
        tokens.create(token(user.id(), "same"));

        assertThatThrownBy(() -> tokens.create(token(user.id(), "same")))
                .isInstanceOfSatisfying(GantryException.class, error -> assertThat(error.category()).isEqualTo(ErrorCategory.VALIDATION_FAILED));
    }

    @Test
    void listForUserIsOldestFirstAndOnlyTheirs() {
        Account user = accounts.create(user("mona"));
        Account other = accounts.create(user("hubot"));
        Token first = tokens.create(token(user.id(), "one"));
        tokens.create(token(other.id(), "two"));
        Token third = tokens.create(token(user.id(), "three"));

        assertThat(tokens.listForUser(user.id())).containsExactly(first, third);
        assertThat(tokens.listForUser(424242)).isEmpty();
    }

    @Test
    void deleteOneOrEveryTokenOfAKind() {
        Account user = accounts.create(user("mona"));
        Token personal = tokens.create(token(user.id(), "personal-1"));
        tokens.create(token(user.id(), "personal-2"));
        tokens.create(new NewToken(user.id(), TokenKind.IMPERSONATION, "impersonation-1", Set.of(), null, CREATED, null));
        tokens.create(new NewToken(user.id(), TokenKind.IMPERSONATION, "impersonation-2", Set.of(), null, CREATED, null));

        assertThat(tokens.delete(personal.id())).isTrue();
        assertThat(tokens.delete(personal.id())).isFalse();
        assertThat(tokens.deleteForUser(user.id(), TokenKind.IMPERSONATION)).isEqualTo(2);
        assertThat(tokens.deleteForUser(user.id(), TokenKind.IMPERSONATION)).isZero();
        assertThat(tokens.listForUser(user.id())).extracting(Token::hash).containsExactly("personal-2");
    }
}
