package dev.gantry.engine.identity;

import dev.gantry.engine.store.Page;
import dev.gantry.engine.store.PageRequest;
import java.util.Optional;

/**
 * Users and organizations. Logins are unique across both kinds and compared case-insensitively,
 * as on GitHub; the stored login keeps the case it was created with.
 */
public interface AccountStore {
    /** @throws dev.gantry.engine.GantryException VALIDATION_FAILED ({@code already_exists} on login) when the login is taken */
    Account create(NewAccount account);

    Optional<Account> findById(long id);

    Optional<Account> findByLogin(String login);

    /** Replaces the mutable fields (profile, site admin, default permission, updatedAt) of an existing account. */
    Account update(Account account);

    /** Deletes the account; its memberships, repositories and tokens go with it. Returns false if absent. */
    boolean delete(long id);

    Page<Account> list(AccountType type, PageRequest page);
}
