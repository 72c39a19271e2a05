package dev.gantry.api.http;

/**
 * One REST operation's logic. By the time it runs, the caller is authenticated, the resource in the
 * path is resolved and access is decided (see {@link ApiRequest#access()}); it only does the work
 * and says what to answer. Domain failures are thrown as {@link dev.gantry.engine.GantryException}.
 */
@FunctionalInterface
public interface Endpoint {
    Reply handle(ApiRequest request);
}
