package dev.gantry.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TestDialect {
    @Test
    void theUrlChoosesTheDialect() {
        assertThat(Dialect.of("jdbc:sqlite:/var/lib/gantry/gantry.db")).isEqualTo(Dialect.SQLITE);
        assertThat(Dialect.of("jdbc:postgresql://db:5432/gantry?user=gantry")).isEqualTo(Dialect.POSTGRESQL);
        assertThat(Dialect.of("JDBC:PostgreSQL://db/gantry")).isEqualTo(Dialect.POSTGRESQL);
    }

    @Test
    void otherDatabasesAreRefusedByName() {
        assertThatThrownBy(() -> Dialect.of("jdbc:mysql://db/gantry"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("jdbc:mysql://db/gantry");
    }

    @Test
    void onlySqliteQueuesWritersInJava() {
        assertThat(Dialect.SQLITE.hasSingleWriter()).isTrue();
        assertThat(Dialect.POSTGRESQL.hasSingleWriter()).isFalse();
    }
}
