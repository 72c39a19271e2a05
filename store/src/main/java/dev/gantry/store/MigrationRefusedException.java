package dev.gantry.store;

/**
 * The database's migration history does not match the scripts this Gantry carries, so starting
 * would run code against a schema it was not written for.
 */
public final class MigrationRefusedException extends RuntimeException {
    public MigrationRefusedException(String message) {
        super(message);
    }
}
