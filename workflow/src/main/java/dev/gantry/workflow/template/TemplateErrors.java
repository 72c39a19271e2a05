package dev.gantry.workflow.template;

import dev.gantry.workflow.WorkflowError;
import java.util.ArrayList;
import java.util.List;

/**
 * The errors of one parse, in the order found, each naming its file from the parse's file table
 * (file 1 is the workflow, later ones are called reusable workflows). Not thread-safe: one per parse.
 */
public final class TemplateErrors {
    private final List<String> files = new ArrayList<>();
    private final List<WorkflowError> errors = new ArrayList<>();

    /** Adds a file to the table and returns its id (from 1). */
    public int addFile(String name) {
        files.add(name);
        return files.size();
    }

    /** The file names, by id minus one. */
    public List<String> files() {
        return List.copyOf(files);
    }

    /** Records an error at {@code position} (null: no position, in the first file). */
    public void add(SourcePosition position, String message) {
        if (position == null) {
            errors.add(new WorkflowError(files.isEmpty() ? "" : files.getFirst(), 0, 0, message));
        } else {
            errors.add(new WorkflowError(files.get(position.fileId() - 1), position.line(), position.column(), message));
        }
    }

    /** Records an error at {@code token}'s position. */
    public void add(TemplateToken token, String message) {
        add(token == null ? null : token.position(), message);
    }

    /** Records an error without a position in file {@code fileId}. */
    public void addToFile(int fileId, String message) {
        errors.add(new WorkflowError(files.get(fileId - 1), 0, 0, message));
    }

    /** Records an error about the parse as a whole, named by no file (as GitHub words a few). */
    public void addWithoutFile(String message) {
        errors.add(new WorkflowError("", 0, 0, message));
    }

    /** Records an error already formatted. */
    public void add(WorkflowError error) {
        errors.add(error);
    }

    public boolean isEmpty() {
        return errors.isEmpty();
    }

    public int size() {
        return errors.size();
    }

    public List<WorkflowError> errors() {
        return List.copyOf(errors);
    }
}
