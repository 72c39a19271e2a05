package dev.gantry.engine.workflows;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** An event that may start workflow runs, with what trigger filters look at. */
public sealed interface Trigger {
    /** GitHub's event name: {@code push}, {@code workflow_dispatch}, {@code repository_dispatch}. */
    String eventName();

    /** The full ref the run is for, {@code refs/heads/main}. */
    String ref();

    /** @param changedPaths the files the pushed commits added, removed or modified (paths filters) */
    record Push(String ref, List<String> changedPaths) implements Trigger {
        public Push {
            Objects.requireNonNull(ref, "ref");
            changedPaths = List.copyOf(changedPaths);
        }

        @Override
        public String eventName() {
            return "push";
        }
    }

    /** @param inputs the inputs as given, before they are checked against the workflow's declarations */
    record WorkflowDispatch(String ref, Map<String, String> inputs) implements Trigger {
        public WorkflowDispatch {
            Objects.requireNonNull(ref, "ref");
            inputs = Map.copyOf(inputs);
        }

        @Override
        public String eventName() {
            return "workflow_dispatch";
        }
    }

    /**
     * A run of another workflow reached {@code type} ({@code completed}).
     *
     * @param workflowName the name of the workflow whose run it is, matched by {@code on.workflow_run.workflows}
     * @param headBranch that run's branch, matched by {@code on.workflow_run.branches}
     */
    record WorkflowRun(String ref, String workflowName, String type, String headBranch) implements Trigger {
        public WorkflowRun {
            Objects.requireNonNull(ref, "ref");
            Objects.requireNonNull(workflowName, "workflowName");
            Objects.requireNonNull(type, "type");
        }

        @Override
        public String eventName() {
            return "workflow_run";
        }
    }

    /** @param cron the {@code on.schedule} cron that is due, as written */
    record Schedule(String ref, String cron) implements Trigger {
        public Schedule {
            Objects.requireNonNull(ref, "ref");
            Objects.requireNonNull(cron, "cron");
        }

        @Override
        public String eventName() {
            return "schedule";
        }
    }

    /** @param eventType the {@code event_type} of the dispatch, matched by {@code on.repository_dispatch.types} */
    record RepositoryDispatch(String ref, String eventType, JsonNode clientPayload) implements Trigger {
        public RepositoryDispatch {
            Objects.requireNonNull(ref, "ref");
            Objects.requireNonNull(eventType, "eventType");
            Objects.requireNonNull(clientPayload, "clientPayload");
        }

        @Override
        public String eventName() {
            return "repository_dispatch";
        }
    }
}
