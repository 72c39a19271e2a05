package dev.gantry.api.wire;

import dev.gantry.api.http.RepeatedInAnswers;

/** GitHub's {@code simple-user}: how an account appears inside other objects ({@code owner}, {@code actor}). */
@RepeatedInAnswers
public record SimpleUser(
        String name,
        String email,
        String login,
        long id,
        String nodeId,
        String avatarUrl,
        String gravatarId,
        String url,
        String htmlUrl,
        String followersUrl,
        String followingUrl,
        String gistsUrl,
        String starredUrl,
        String subscriptionsUrl,
        String organizationsUrl,
        String reposUrl,
        String eventsUrl,
        String receivedEventsUrl,
        String type,
        boolean siteAdmin,
        String userViewType) {}
