/**
 * Git smart HTTP for hosted repositories ({@code git clone/fetch/push} at
 * {@code /{owner}/{repo}.git}), served with JGit's {@code UploadPack}/{@code ReceivePack} on
 * Helidon SE. Who may read or push is decided by the wiring through {@link dev.gantry.api.git.GitAccess}.
 */
package dev.gantry.api.git;
