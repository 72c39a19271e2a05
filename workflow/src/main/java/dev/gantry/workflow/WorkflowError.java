package dev.gantry.workflow;

import java.util.Objects;

/**
 * One problem in a workflow file, worded as GitHub words it. {@code line} and {@code column}
 * are 0 when GitHub reports the problem without a position (for example a file too large).
 */
public record WorkflowError(String file, int line, int column, String message) {
    public WorkflowError {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(message, "message");
    }

    /** Whether the error has a position in the file. */
    public boolean hasPosition() {
        return line > 0;
    }

    /** GitHub cuts longer messages there and marks the cut with {@code [...]}. */
    public static final int MAXIMUM_LENGTH = 500;

    /**
     * GitHub's text: {@code FILE (Line: L, Col: C): MESSAGE}, or {@code FILE: MESSAGE} without a
     * position, or the message alone for an error of no file; cut at {@value #MAXIMUM_LENGTH} characters.
     */
    public String formatted() {
        String text = hasPosition() ? file + " (Line: " + line + ", Col: " + column + "): " + message
                : file.isEmpty() ? message
                : file + ": " + message;
        return text.length() > MAXIMUM_LENGTH ? text.substring(0, MAXIMUM_LENGTH) + "[...]" : text;
    }
}
