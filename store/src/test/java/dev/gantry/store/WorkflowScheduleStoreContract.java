package dev.gantry.store;

import static dev.gantry.store.StoreFixtures.CREATED;
import static dev.gantry.store.StoreFixtures.repository;
import static dev.gantry.store.StoreFixtures.user;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.engine.repository.Repository;
import dev.gantry.engine.workflows.Workflow;
import dev.gantry.engine.workflows.WorkflowSchedule;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

abstract class WorkflowScheduleStoreContract extends DatabaseContract {
    private SqlWorkflowScheduleStore schedules;

    @BeforeAll
    final void createStores() {
        schedules = new SqlWorkflowScheduleStore(database);
    }

    @Test
    void replacingKeepsOnlyTheNewSchedulesOfThatRepository() {
        long owner = new SqlAccountStore(database).create(user("octo")).id();
        SqlRepositoryStore repositories = new SqlRepositoryStore(database);
        SqlWorkflowStore workflows = new SqlWorkflowStore(database);
        Repository hello = repositories.create(repository(owner, "hello"));
        Repository other = repositories.create(repository(owner, "other"));
        Workflow nightly = workflows.upsert(hello.id(), ".github/workflows/nightly.yml", "Nightly", CREATED);
        Workflow weekly = workflows.upsert(other.id(), ".github/workflows/weekly.yml", "Weekly", CREATED);
        Instant soon = CREATED.plusSeconds(60);
        schedules.replaceForRepository(other.id(), List.of(new WorkflowSchedule(weekly.id(), "0 0 * * 0", soon)));
        schedules.replaceForRepository(hello.id(), List.of(new WorkflowSchedule(nightly.id(), "0 0 * * *", soon),
                new WorkflowSchedule(nightly.id(), "0 12 * * *", soon.plusSeconds(60))));

        schedules.replaceForRepository(hello.id(), List.of(new WorkflowSchedule(nightly.id(), "0 3 * * *", soon)));

        assertThat(schedules.listForWorkflow(nightly.id())).containsExactly(new WorkflowSchedule(nightly.id(), "0 3 * * *", soon));
        assertThat(schedules.listForWorkflow(weekly.id())).hasSize(1);
        assertThat(schedules.listDue(soon.minusMillis(1), 10)).isEmpty();
        assertThat(schedules.listDue(soon, 10)).extracting(WorkflowSchedule::workflowId)
                .containsExactlyInAnyOrder(nightly.id(), weekly.id());
        assertThat(schedules.listDue(soon, 1)).hasSize(1);
    }

    @Test
    void onlyOneNodeMovesADueScheduleOn() {
        long owner = new SqlAccountStore(database).create(user("octo")).id();
        Repository hello = new SqlRepositoryStore(database).create(repository(owner, "hello"));
        Workflow nightly = new SqlWorkflowStore(database).upsert(hello.id(), ".github/workflows/nightly.yml", "Nightly", CREATED);
        Instant due = CREATED.plusSeconds(60);
        schedules.replaceForRepository(hello.id(), List.of(new WorkflowSchedule(nightly.id(), "* * * * *", due)));

        assertThat(schedules.moveOn(nightly.id(), "* * * * *", due, due.plusSeconds(60))).isTrue();
        assertThat(schedules.moveOn(nightly.id(), "* * * * *", due, due.plusSeconds(60))).isFalse();
        assertThat(schedules.listDue(due, 10)).isEmpty();
    }
}
