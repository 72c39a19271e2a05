package dev.gantry.runner;

/**
 * The server refused a protocol request, or could not be reached after the retries. Carries the
 * HTTP status (0 when no answer came) and the protocol's error code; never a credential.
 */
public final class RunnerProtocolException extends RuntimeException {
    private final int status;
    private final String code;

    public RunnerProtocolException(int status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    public RunnerProtocolException(String message, Throwable cause) {
        super(message, cause);
        this.status = 0;
        this.code = "unreachable";
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    /** The job is no longer this runner's (cancelled for good, taken over, or the lease ran out): stop it. */
    public boolean leaseLost() {
        return "lease_lost".equals(code) || status == 410;
    }

    /** The runner's credential is not accepted: the runner was removed, or the credential is wrong. */
    public boolean unauthorized() {
        return status == 401 || status == 403;
    }
}
