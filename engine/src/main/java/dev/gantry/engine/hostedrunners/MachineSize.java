package dev.gantry.engine.hostedrunners;

import java.util.Objects;

/** A machine size a pool may ask for ({@code size} on create), e.g. {@code 4-core}. */
public record MachineSize(String id, int cpuCores, int memoryGb, int storageGb) {
    public MachineSize {
        Objects.requireNonNull(id, "id");
    }
}
