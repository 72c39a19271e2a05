package dev.gantry.engine.identity;

/** A user's role in an organization, GitHub's {@code admin} (owner) or {@code member}. */
public enum OrganizationRole {
    ADMIN,
    MEMBER
}
