package dev.gantry.engine.permissions;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * One level's rule for the actions a workflow uses ({@code allowed_actions} with its selected
 * actions, {@code sha_pinning_required}), and GitHub's startup-failure messages:
 * "The action a/b@v1 is not allowed in o/r because all actions must be from a repository owned by o."
 *
 * @param owner how the message names the level's own actions: a login, or "your enterprise"
 * @param local whether an action's owner (login) belongs to the level
 */
record AllowedActions(ActionsPolicy policy, SelectedActions selected, String owner, Predicate<String> local) {
    private static final Pattern FULL_SHA = Pattern.compile("[0-9a-fA-F]{40}");

    /** The message for the first rule {@code actions} break, naming every action that breaks it. */
    Optional<String> refusal(String repositoryFullName, List<String> actions) {
        List<String> forbidden = actions.stream().filter(uses -> !allows(uses)).distinct().toList();
        if (!forbidden.isEmpty()) {
            return Optional.of(message(forbidden, repositoryFullName, "be from " + allowedSources()));
        }
        if (policy.shaPinningRequired()) {
            List<String> unpinned = actions.stream().filter(uses -> !isLocal(uses) && !pinned(uses)).distinct().toList();
            if (!unpinned.isEmpty()) {
                return Optional.of(message(unpinned, repositoryFullName, "be pinned to a full-length commit SHA"));
            }
        }
        return Optional.empty();
    }

    boolean allows(String uses) {
        if (isLocal(uses) || policy.allowedActions().equals("all")) {
            return true;
        }
        String actionOwner = uses.contains("/") ? uses.substring(0, uses.indexOf('/')) : uses;
        if (local.test(actionOwner)) {
            return true;
        }
        if (policy.allowedActions().equals("local_only")) {
            return false;
        }
        String lower = uses.toLowerCase(Locale.ROOT);
        for (String pattern : selected.patternsAllowed()) {
            if (pattern.startsWith("!") && matches(pattern.substring(1), lower)) {
                return false;
            }
        }
        boolean githubOwned = actionOwner.equalsIgnoreCase("actions") || actionOwner.equalsIgnoreCase("github");
        return selected.githubOwnedAllowed() && githubOwned
                || selected.patternsAllowed().stream().filter(pattern -> !pattern.startsWith("!"))
                        .anyMatch(pattern -> matches(pattern, lower));
    }

    /** Paths in this repository and container images are not actions from elsewhere. */
    private static boolean isLocal(String uses) {
        return uses.startsWith("./") || uses.startsWith("docker://");
    }

    private static boolean pinned(String uses) {
        int at = uses.lastIndexOf('@');
        return at >= 0 && FULL_SHA.matcher(uses.substring(at + 1)).matches();
    }

    /** {@code *} matches anything; a pattern without {@code @ref} matches every ref. */
    private static boolean matches(String pattern, String uses) {
        String glob = pattern.trim().toLowerCase(Locale.ROOT);
        String regex = java.util.Arrays.stream(glob.split("\\*", -1)).map(Pattern::quote)
                .collect(java.util.stream.Collectors.joining(".*"));
        return Pattern.compile(glob.contains("@") ? regex : regex + "(@.*)?").matcher(uses).matches();
    }

    private String allowedSources() {
        List<String> sources = new ArrayList<>();
        sources.add("a repository owned by " + owner);
        if (policy.allowedActions().equals("selected")) {
            if (selected.githubOwnedAllowed()) {
                sources.add("created by GitHub");
            }
            if (selected.verifiedAllowed()) {
                sources.add("verified in the GitHub Marketplace");
            }
            List<String> patterns = selected.patternsAllowed().stream().filter(pattern -> !pattern.startsWith("!")).toList();
            if (!patterns.isEmpty()) {
                sources.add("match one of the patterns: " + String.join(", ", patterns));
            }
        }
        return sources.size() == 1 ? sources.getFirst() : sources.size() == 2 ? sources.get(0) + " or " + sources.get(1)
                : String.join(", ", sources.subList(0, sources.size() - 1)) + ", or " + sources.getLast();
    }

    private static String message(List<String> actions, String repositoryFullName, String rule) {
        String names = actions.size() == 1 ? actions.getFirst() : actions.size() == 2 ? actions.get(0) + " and " + actions.get(1)
                : String.join(", ", actions.subList(0, actions.size() - 1)) + ", and " + actions.getLast();
        return (actions.size() == 1 ? "The action " + names + " is" : "The actions " + names + " are")
                + " not allowed in " + repositoryFullName + " because all actions must " + rule + ".";
    }
}
