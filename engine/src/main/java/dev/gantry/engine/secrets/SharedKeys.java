package dev.gantry.engine.secrets;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * Keys that sign what another node must verify — signed log and artifact links, job tokens, runtime
 * tokens — kept in the database, sealed under the secrets master key, so that every node sharing
 * the database signs and verifies alike. The first node to start makes the key; the others read it.
 * A node configured with another master key cannot open it and refuses to start, which is also
 * how a cluster whose nodes were given different {@code GANTRY_SECRET_KEY}s is caught at once,
 * rather than later as secrets that open on one node only.
 */
public final class SharedKeys {
    /** The HMAC key of signed links, job tokens and runtime tokens. */
    public static final String SIGNING = "signing";
    private static final int BYTES = 32;

    private final SharedKeyStore store;
    private final MasterKeys masterKeys;
    private final SecureRandom random;
    private final Clock clock;

    public SharedKeys(SharedKeyStore store, MasterKeys masterKeys, SecureRandom random, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.masterKeys = Objects.requireNonNull(masterKeys, "masterKeys");
        this.random = Objects.requireNonNull(random, "random");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * The 32-byte key {@code name} of the whole installation.
     *
     * @param adopt a key this node held before keys were shared (an upgrade keeps the tokens and links it
     *     signed valid); made at random when empty. Used only if no node has stored one yet.
     */
    public byte[] key(String name, Optional<byte[]> adopt) {
        byte[] candidate = adopt.map(byte[]::clone).orElseGet(() -> {
            byte[] fresh = new byte[BYTES];
            random.nextBytes(fresh);
            return fresh;
        });
        if (candidate.length != BYTES) {
            throw new IllegalArgumentException("a shared key is " + BYTES + " bytes, not " + candidate.length);
        }
        MasterKeys.AtRest stored;
        try {
            stored = store.insertIfAbsent(name, masterKeys.seal(candidate, binding(name)), clock.instant());
        } finally {
            Arrays.fill(candidate, (byte) 0);
        }
        try {
            return masterKeys.open(stored, binding(name));
        } catch (IllegalStateException e) {
            throw new IllegalStateException("the shared " + name + " key in the database was sealed under secrets master key "
                    + stored.keyId() + ", not this node's " + masterKeys.currentId()
                    + ": give every node the same GANTRY_SECRET_KEY (or --secret-key-file)", e);
        }
    }

    private static String binding(String name) {
        return "shared-key:" + name;
    }
}
