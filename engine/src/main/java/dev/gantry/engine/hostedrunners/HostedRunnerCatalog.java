package dev.gantry.engine.hostedrunners;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What hosted runner pools may be made of on this installation: the images (GitHub-owned, partner,
 * custom with their versions), the machine sizes, the platforms, and the limits. It comes from the
 * server's configuration; {@link #defaults()} is what an installation without a catalog file offers.
 *
 * <p>Custom images are the installation's, offered to every organization; an organization that
 * deletes one (or a version) no longer sees it, the others still do.
 *
 * @param maximumRunnersLimit the highest {@code maximum_runners} a pool may ask for
 * @param publicIpsMaximum how many pools of one organization may have {@code enable_static_ip}
 */
public record HostedRunnerCatalog(List<CuratedImage> githubOwnedImages, List<CuratedImage> partnerImages,
        List<CustomImage> customImages, List<MachineSize> machineSizes, List<String> platforms, int maximumRunnersLimit,
        int publicIpsMaximum) {
    /** GitHub's default for a pool created without {@code maximum_runners}. */
    public static final int DEFAULT_MAXIMUM_RUNNERS = 10;

    public HostedRunnerCatalog {
        githubOwnedImages = List.copyOf(githubOwnedImages);
        partnerImages = List.copyOf(partnerImages);
        customImages = List.copyOf(customImages);
        machineSizes = List.copyOf(machineSizes);
        platforms = List.copyOf(platforms);
        if (githubOwnedImages.stream().anyMatch(image -> image.source() != ImageSource.GITHUB)
                || partnerImages.stream().anyMatch(image -> image.source() != ImageSource.PARTNER)) {
            throw new IllegalArgumentException("GitHub-owned images have source github, partner images source partner");
        }
        unique("image", githubOwnedImages.stream().map(CuratedImage::id).toList());
        unique("image", partnerImages.stream().map(CuratedImage::id).toList());
        unique("custom image", customImages.stream().map(image -> String.valueOf(image.id())).toList());
        unique("machine size", machineSizes.stream().map(MachineSize::id).toList());
        if (maximumRunnersLimit < 1) {
            throw new IllegalArgumentException("the maximum_runners limit must be at least 1, not " + maximumRunnersLimit);
        }
        if (publicIpsMaximum < 0) {
            throw new IllegalArgumentException("the public IP limit must not be negative, not " + publicIpsMaximum);
        }
    }

    /**
     * GitHub's own offer, as its docs list it: Ubuntu, Windows and an arm64 Ubuntu image; one partner
     * image; no custom images (an installation's own come from its catalog file); GitHub's larger
     * runner sizes; and limits that suit one machine running the pools as local processes.
     */
    public static HostedRunnerCatalog defaults() {
        return new HostedRunnerCatalog(
                List.of(new CuratedImage("ubuntu-latest", "linux-x64", 86, "Ubuntu Latest (24.04)", ImageSource.GITHUB),
                        new CuratedImage("ubuntu-24.04", "linux-x64", 86, "Ubuntu 24.04", ImageSource.GITHUB),
                        new CuratedImage("ubuntu-22.04", "linux-x64", 86, "Ubuntu 22.04", ImageSource.GITHUB),
                        new CuratedImage("ubuntu-24.04-arm", "linux-arm64", 86, "Ubuntu 24.04 (arm64)", ImageSource.GITHUB),
                        new CuratedImage("windows-latest", "win-x64", 256, "Windows Latest (Server 2025)", ImageSource.GITHUB),
                        new CuratedImage("windows-2022", "win-x64", 256, "Windows Server 2022", ImageSource.GITHUB)),
                List.of(new CuratedImage("ubuntu-22.04-nvidia-gpu", "linux-x64", 86, "NVIDIA GPU-Optimized Image for AI and HPC",
                        ImageSource.PARTNER)),
                List.of(),
                List.of(new MachineSize("2-core", 2, 8, 75), new MachineSize("4-core", 4, 16, 150), new MachineSize("8-core", 8, 32, 300),
                        new MachineSize("16-core", 16, 64, 600), new MachineSize("32-core", 32, 128, 1200),
                        new MachineSize("64-core", 64, 256, 2040)),
                List.of("linux-x64", "linux-arm64", "win-x64"),
                50,
                50);
    }

    public Optional<CuratedImage> githubOwnedImage(String id) {
        return githubOwnedImages.stream().filter(image -> image.id().equals(id)).findFirst();
    }

    public Optional<CuratedImage> partnerImage(String id) {
        return partnerImages.stream().filter(image -> image.id().equals(id)).findFirst();
    }

    public Optional<CustomImage> customImage(long id) {
        return customImages.stream().filter(image -> image.id() == id).findFirst();
    }

    public Optional<MachineSize> machineSize(String id) {
        return machineSizes.stream().filter(size -> size.id().equals(id)).findFirst();
    }

    private static void unique(String what, List<String> ids) {
        Set<String> seen = new HashSet<>();
        for (String id : ids) {
            if (!seen.add(Objects.requireNonNull(id, what))) {
                throw new IllegalArgumentException("the " + what + " id " + id + " is given twice");
            }
        }
    }
}
