/**
 * GitHub Actions workflow files, read, checked and planned as GitHub does. Pure: no I/O, no
 * clock, no shared mutable state; results are immutable records.
 *
 * <ul>
 *   <li>{@link dev.gantry.workflow.WorkflowParser#parse(String, String)} →
 *       {@link dev.gantry.workflow.ParsedWorkflow}: the {@link dev.gantry.workflow.Workflow}
 *       ({@link dev.gantry.workflow.WorkflowJob}, {@link dev.gantry.workflow.WorkflowStep},
 *       {@link dev.gantry.workflow.Permissions}, {@link dev.gantry.workflow.trigger.Triggers}) or
 *       the {@link dev.gantry.workflow.WorkflowError}s with GitHub's messages and positions.</li>
 *   <li>{@link dev.gantry.workflow.plan.Planner}: a job's matrix legs and names once its
 *       strategy can be evaluated; the {@code needs} stages.</li>
 *   <li>{@link dev.gantry.workflow.trigger}: event filters ({@code branches}, {@code paths} …,
 *       GitHub's glob patterns) and {@code schedule} crons.</li>
 *   <li>{@link dev.gantry.workflow.template.TokenEvaluator}: evaluate a value that may hold
 *       expressions ({@code runs-on}, {@code env} …) when the engine needs it.</li>
 *   <li>{@link dev.gantry.workflow.GitHubTemplate}: the normalized JSON of GitHub's parser tests
 *       ({@code gantry workflow parse}).</li>
 * </ul>
 *
 * The reading follows GitHub's own parsers (actions/languageservices' workflow-parser and the
 * runner's C# templating), driven by GitHub's workflow schema; see the module's README.
 */
package dev.gantry.workflow;
