package dev.gantry.workflow.template;

/**
 * Where a token starts in its file: GitHub's {@code (Line: L, Col: C)}, both counted from 1.
 * {@code fileId} is the 1-based index into the parse's file table (1 for the workflow itself).
 */
public record SourcePosition(int fileId, int line, int column) {
}
