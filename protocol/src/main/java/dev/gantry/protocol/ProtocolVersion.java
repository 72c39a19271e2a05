package dev.gantry.protocol;

/** The protocol's version and where its endpoints live. */
public final class ProtocolVersion {
    private ProtocolVersion() {
    }

    /** The version this code speaks; a breaking change gets a new number and a new path. */
    public static final int VERSION = 1;

    /** Every endpoint of this version lives under this path on the server. */
    public static final String PATH_PREFIX = "/_gantry/runner/v1";

    /** The media type of every JSON body. */
    public static final String JSON_MEDIA_TYPE = "application/json";

    /** The media type of a log chunk body: the bytes of complete, already masked lines. */
    public static final String LOG_MEDIA_TYPE = "text/plain; charset=utf-8";

    /** How long the server holds an {@code acquire} before answering 204, at most. */
    public static final int MAXIMUM_ACQUIRE_WAIT_SECONDS = 50;
}
