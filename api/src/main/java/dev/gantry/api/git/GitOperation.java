package dev.gantry.api.git;

/** What a git client asks to do; each smart-HTTP service needs one of these. */
public enum GitOperation {
    /** Clone and fetch ({@code git-upload-pack}); public repositories allow it anonymously. */
    READ("git-upload-pack"),
    /** Push ({@code git-receive-pack}); always needs a token with write access. */
    WRITE("git-receive-pack");

    private final String serviceName;

    GitOperation(String serviceName) {
        this.serviceName = serviceName;
    }

    /** The smart-HTTP service name, as in {@code info/refs?service=git-upload-pack}. */
    public String serviceName() {
        return serviceName;
    }
}
