package dev.gantry.engine.identity;

/** Users and organizations share one namespace of logins, as on GitHub. */
public enum AccountType {
    USER("User"),
    ORGANIZATION("Organization");

    private final String gitHubName;

    AccountType(String gitHubName) {
        this.gitHubName = gitHubName;
    }

    /** The value of GitHub's {@code type} field. */
    public String gitHubName() {
        return gitHubName;
    }
}
