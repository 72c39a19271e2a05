package dev.gantry.engine.event;

/**
 * Something about a run or one of its jobs may have changed (a job queued, claimed or completed; the
 * run started or completed), published after the change committed. It says only which run:
 * listeners compare with what they already saw, so a change that two threads publish, or that a
 * restart's recovery publishes again, is seen once.
 */
public record RunChanged(long runId) {
}
