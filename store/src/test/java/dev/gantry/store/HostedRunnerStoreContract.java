package dev.gantry.store;

import static dev.gantry.store.StoreFixtures.CREATED;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.engine.hostedrunners.HostedRunner;
import dev.gantry.engine.hostedrunners.HostedRunnerStore;
import dev.gantry.engine.hostedrunners.ImageSelection;
import dev.gantry.engine.hostedrunners.ImageSource;
import dev.gantry.engine.hostedrunners.NewHostedRunner;
import dev.gantry.engine.identity.Account;
import dev.gantry.engine.store.PageRequest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

abstract class HostedRunnerStoreContract extends DatabaseContract {
    private SqlHostedRunnerStore pools;
    private SqlAccountStore accounts;
    private Account octo;
    private Account other;

    @BeforeAll
    final void createStore() {
        pools = new SqlHostedRunnerStore(database);
        accounts = new SqlAccountStore(database);
    }

    @BeforeEach
    final void createOrganizations() {
        octo = accounts.create(StoreFixtures.organization("octo"));
        other = accounts.create(StoreFixtures.organization("other"));
    }

    @Test
    void createStoresEverySettingAndRefusesATakenNameIgnoringCase() {
        HostedRunner created = pools.create(pool(octo.id(), "Linux-Big", true)).orElseThrow();
        assertThat(created.id()).isPositive();
        assertThat(created.name()).isEqualTo("Linux-Big");
        assertThat(created.image()).isEqualTo(new ImageSelection(ImageSource.CUSTOM, "7", "1.2.0"));
        assertThat(created.size()).isEqualTo("4-core");
        assertThat(created.runnerGroupId()).isEqualTo(1);
        assertThat(created.maximumRunners()).isEqualTo(3);
        assertThat(created.publicIpEnabled()).isTrue();
        assertThat(created.createdAt()).isEqualTo(CREATED);
        assertThat(created.lastActiveOn()).isNull();

        assertThat(pools.create(pool(octo.id(), "linux-big", false))).as("names ignore case").isEmpty();
        assertThat(pools.create(pool(other.id(), "linux-big", false))).as("organizations are apart").isPresent();
        assertThat(pools.list(octo.id(), new PageRequest(1, 30)).items()).containsExactly(created);
        assertThat(pools.find(other.id(), created.id())).isEmpty();
    }

    @Test
    void updateRenamesUnlessTakenAndDeleteRemoves() {
        HostedRunner first = pools.create(pool(octo.id(), "first", false)).orElseThrow();
        pools.create(pool(octo.id(), "second", false)).orElseThrow();

        HostedRunner renamed = first.withSettings("First", 2, new ImageSelection(ImageSource.GITHUB, "ubuntu-latest", null), "8-core", 5,
                true, true);
        assertThat(pools.update(renamed)).as("its own name in another case").isEqualTo(HostedRunnerStore.Update.DONE);
        assertThat(pools.find(octo.id(), first.id())).contains(renamed);
        assertThat(pools.update(first.withSettings("SECOND", 1, first.image(), "4-core", 3, false, false)))
                .isEqualTo(HostedRunnerStore.Update.NAME_TAKEN);
        assertThat(pools.find(octo.id(), first.id())).contains(renamed);
        assertThat(pools.update(new HostedRunner(999_999, octo.id(), "ghost", 1, first.image(), "4-core", 1, false, false, CREATED,
                null))).isEqualTo(HostedRunnerStore.Update.MISSING);

        assertThat(pools.countPublicIps(octo.id())).isEqualTo(1);
        assertThat(pools.delete(octo.id(), first.id())).isTrue();
        assertThat(pools.delete(octo.id(), first.id())).isFalse();
        assertThat(pools.countPublicIps(octo.id())).isZero();
        assertThat(pools.all()).extracting(HostedRunner::name).containsExactly("second");
        assertThat(pools.listInGroup(octo.id(), 1, new PageRequest(1, 30)).items()).extracting(HostedRunner::name).containsExactly("second");
        assertThat(pools.listInGroup(octo.id(), 2, new PageRequest(1, 30)).totalCount()).isZero();
    }

    @Test
    void listPagesByIdAndLastActiveIsRecorded() {
        for (String name : new String[] {"c", "a", "b"}) {
            pools.create(pool(octo.id(), name, false));
        }
        var page = pools.list(octo.id(), new PageRequest(2, 2));
        assertThat(page.totalCount()).isEqualTo(3);
        assertThat(page.items()).extracting(HostedRunner::name).containsExactly("b");

        HostedRunner a = pools.list(octo.id(), new PageRequest(1, 30)).items().get(1);
        pools.recordActive(a.id(), CREATED.plusSeconds(90));
        assertThat(pools.find(octo.id(), a.id()).orElseThrow().lastActiveOn()).isEqualTo(CREATED.plusSeconds(90));
    }

    @Test
    void deletedCustomImagesArePerOrganizationAndOnceOnly() {
        assertThat(pools.deleteCustomImage(octo.id(), 7, "1.0.0")).isTrue();
        assertThat(pools.deleteCustomImage(octo.id(), 7, "1.0.0")).isFalse();
        assertThat(pools.deleteCustomImage(octo.id(), 8, null)).isTrue();
        assertThat(pools.deletedCustomImages(octo.id())).containsExactly(
                new HostedRunnerStore.DeletedCustomImage(7, "1.0.0"), new HostedRunnerStore.DeletedCustomImage(8, null));
        assertThat(pools.deletedCustomImages(other.id())).isEmpty();
    }

    @Test
    void anOrganizationTakesItsPoolsAlong() {
        pools.create(pool(octo.id(), "gone", true));
        pools.deleteCustomImage(octo.id(), 7, null);
        accounts.delete(octo.id());
        assertThat(count("hosted_runners")).isZero();
        assertThat(count("hosted_runner_deleted_images")).isZero();
    }

    private static NewHostedRunner pool(long organizationId, String name, boolean staticIp) {
        return new NewHostedRunner(organizationId, name, 1, new ImageSelection(ImageSource.CUSTOM, "7", "1.2.0"), "4-core", 3, staticIp,
                false, CREATED);
    }
}
