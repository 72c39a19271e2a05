package dev.gantry.engine.workflows;

/** Whether an event starts a workflow: its {@code on:} with branch, tag, path and type filters applied. */
@FunctionalInterface
public interface TriggerFilter {
    boolean matches(Trigger trigger);
}
