package dev.gantry.server.config;

/** A configuration the server cannot start with; its message tells the operator what to change. */
public final class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }
}
