package dev.gantry.engine.identity;

/**
 * The free-text fields an account shows about itself; every field may be null. Organizations
 * use {@code description} and {@code billingEmail}; users use {@code bio}.
 */
public record Profile(
        String name,
        String email,
        String company,
        String blog,
        String location,
        String bio,
        String twitterUsername,
        String description,
        String billingEmail) {

    public static Profile empty() {
        return new Profile(null, null, null, null, null, null, null, null, null);
    }

    public Profile withName(String newName) {
        return new Profile(newName, email, company, blog, location, bio, twitterUsername, description, billingEmail);
    }

    public Profile withEmail(String newEmail) {
        return new Profile(name, newEmail, company, blog, location, bio, twitterUsername, description, billingEmail);
    }
}
