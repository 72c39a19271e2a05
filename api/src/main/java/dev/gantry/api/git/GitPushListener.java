package dev.gantry.api.git;

import dev.gantry.engine.event.PushEvent;
import java.util.List;

/**
 * Told about every push that updated at least one ref, before its events are published, so the
 * repository's {@code pushed_at} is current by the time subscribers (workflow triggers) run. The
 * wiring implements it with the repository use cases; the refs have already moved, so a failure
 * here is logged and does not fail the push.
 */
@FunctionalInterface
public interface GitPushListener {

    /** @param events one per updated ref, in the order the client sent them; never empty */
    void pushed(long repositoryId, List<PushEvent> events);
}
