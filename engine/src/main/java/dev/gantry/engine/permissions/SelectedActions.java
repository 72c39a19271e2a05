package dev.gantry.engine.permissions;

import java.util.List;

/**
 * The actions a {@code selected} policy allows besides the level's own: GitHub's
 * ({@code actions/*}, {@code github/*}), Marketplace-verified creators' (Gantry has no Marketplace,
 * so none), and those matching a pattern ({@code owner/repo@ref} with {@code *} wildcards;
 * a pattern starting with {@code !} blocks what it matches).
 */
public record SelectedActions(boolean githubOwnedAllowed, boolean verifiedAllowed, List<String> patternsAllowed) {
    public static final SelectedActions DEFAULT = new SelectedActions(true, false, List.of());

    public SelectedActions {
        patternsAllowed = List.copyOf(patternsAllowed);
    }
}
