package dev.gantry.engine.workflows;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * Plans a workflow's jobs for one run: a job's {@code strategy}, matrix, name and {@code runs-on}
 * may use the run's contexts, so they are only known when the run is created.
 */
@FunctionalInterface
public interface JobPlanner {
    /**
     * @param contexts the run's {@code github}, {@code inputs} and {@code vars} contexts (a JSON object keyed by name)
     * @return the jobs in file order; a job whose strategy cannot be evaluated carries a {@link JobDefinition#planError()}
     */
    List<JobDefinition> plan(ObjectNode contexts);
}
