/**
 * Git storage of hosted repositories (one bare JGit repository per repository id), reading files
 * at a commit, and turning the ref updates of a push into {@link dev.gantry.engine.event.PushEvent}s.
 * No HTTP: the smart-HTTP protocol is served by {@code dev.gantry.api.git}.
 */
package dev.gantry.engine.git;
