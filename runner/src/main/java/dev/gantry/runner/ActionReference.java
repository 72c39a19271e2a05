package dev.gantry.runner;

import java.util.Objects;

/**
 * A {@code uses: owner/repo[/path]@ref} reference to an action in another repository of the server.
 *
 * @param path the action's directory inside the repository, or empty
 */
public record ActionReference(String owner, String name, String path, String ref) {
    public ActionReference {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(ref, "ref");
    }

    /** The reference is not {@code owner/repo[/path]@ref}. */
    public static final class InvalidReferenceException extends Exception {
        public InvalidReferenceException(String message) {
            super(message);
        }
    }

    /** Whether {@code uses} names another repository's action (not {@code ./local}, not {@code docker://}). */
    public static boolean isRemote(String uses) {
        String trimmed = uses.strip();
        return !trimmed.startsWith("./") && !trimmed.startsWith("../") && !trimmed.startsWith("/") && !trimmed.startsWith("docker://");
    }

    public static ActionReference parse(String uses) throws InvalidReferenceException {
        String trimmed = uses.strip();
        int at = trimmed.lastIndexOf('@');
        String[] parts = at < 0 ? new String[0] : trimmed.substring(0, at).split("/", 3);
        if (at <= 0 || at == trimmed.length() - 1 || parts.length < 2 || parts[0].isEmpty() || parts[1].isEmpty()) {
            throw new InvalidReferenceException("Expected format {org}/{repo}[/path]@ref. Actual '" + trimmed + "'");
        }
        return new ActionReference(parts[0], parts[1], parts.length == 3 ? parts[2] : "", trimmed.substring(at + 1));
    }

    /** {@code owner/name}. */
    public String repository() {
        return owner + "/" + name;
    }

    @Override
    public String toString() {
        return repository() + (path.isEmpty() ? "" : "/" + path) + "@" + ref;
    }
}
