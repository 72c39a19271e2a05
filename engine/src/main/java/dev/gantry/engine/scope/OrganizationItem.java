package dev.gantry.engine.scope;

/** What secrets and variables have in common for reaching repositories: a name and, at organization level, a visibility. */
public interface OrganizationItem {
    String name();

    /** {@code all}, {@code private} or {@code selected}; null below organization level. */
    String visibility();
}
