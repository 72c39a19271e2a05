package dev.gantry.engine.blob;

/** A block list names a block that was never staged (or was discarded). */
public final class UnknownBlockException extends IllegalArgumentException {
    public UnknownBlockException(String key, String blockId) {
        super("no staged block " + blockId + " for " + key);
    }
}
