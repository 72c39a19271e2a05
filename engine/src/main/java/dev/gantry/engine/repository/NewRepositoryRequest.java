package dev.gantry.engine.repository;

import java.util.Objects;

/** What a client asks for when it creates a repository ({@code POST /user/repos}, {@code POST /orgs/{org}/repos}). */
public record NewRepositoryRequest(
        String name,
        String description,
        String homepage,
        Visibility visibility,
        boolean autoInit,
        RepositorySettings settings) {

    public NewRepositoryRequest {
        Objects.requireNonNull(visibility, "visibility");
        Objects.requireNonNull(settings, "settings");
    }
}
