package dev.gantry.engine.hostedrunners;

import dev.gantry.engine.FieldError;
import dev.gantry.engine.GantryException;
import dev.gantry.engine.store.Page;
import dev.gantry.engine.store.PageRequest;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Hosted runner pools of organizations: the catalog they are made from (less what an organization
 * deleted), and creating, changing and deleting pools within the catalog's limits. Starting and
 * stopping the pools' runners is {@code HostedRunnerPools}'.
 */
public final class HostedRunners {
    private static final String RESOURCE = "HostedRunner";
    /** GitHub's rule for a hosted runner's name. */
    private static final Pattern NAME = Pattern.compile("^[A-Za-z0-9._-]{1,64}$");

    private final HostedRunnerStore store;
    private final HostedRunnerCatalog catalog;
    private final RunnerGroupDirectory groups;
    private final Clock clock;

    public HostedRunners(HostedRunnerStore store, HostedRunnerCatalog catalog, RunnerGroupDirectory groups, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.groups = Objects.requireNonNull(groups, "groups");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * A pool's settings as a request gives them; null is "not given" (defaults on create, unchanged on update).
     */
    public record Settings(String name, ImageSource imageSource, String imageId, String imageVersion, String size, Long runnerGroupId,
            Integer maximumRunners, Boolean enableStaticIp, Boolean imageGen) {
    }

    public HostedRunnerCatalog catalog() {
        return catalog;
    }

    /** The custom images the organization sees: the catalog's, less those it deleted (wholly or version by version). */
    public List<CustomImage> customImages(long organizationId) {
        List<HostedRunnerStore.DeletedCustomImage> deleted = store.deletedCustomImages(organizationId);
        return catalog.customImages().stream()
                .filter(image -> deleted.stream().noneMatch(gone -> gone.imageId() == image.id() && gone.version() == null))
                .map(image -> image.withVersions(image.versions().stream()
                        .filter(version -> deleted.stream().noneMatch(gone -> gone.imageId() == image.id()
                                && version.version().equals(gone.version())))
                        .toList()))
                .toList();
    }

    /** @throws GantryException NOT_FOUND when the organization does not see that image */
    public CustomImage customImage(long organizationId, long imageId) {
        return customImages(organizationId).stream().filter(image -> image.id() == imageId).findFirst()
                .orElseThrow(GantryException::notFound);
    }

    /** @throws GantryException NOT_FOUND when the organization does not see that image or version */
    public CustomImageVersion customImageVersion(long organizationId, long imageId, String version) {
        return customImage(organizationId, imageId).version(version).orElseThrow(GantryException::notFound);
    }

    /** @throws GantryException NOT_FOUND when the organization does not see that image */
    public void deleteCustomImage(long organizationId, long imageId) {
        customImage(organizationId, imageId);
        store.deleteCustomImage(organizationId, imageId, null);
    }

    /** @throws GantryException NOT_FOUND when the organization does not see that image or version */
    public void deleteCustomImageVersion(long organizationId, long imageId, String version) {
        customImageVersion(organizationId, imageId, version);
        store.deleteCustomImage(organizationId, imageId, version);
    }

    /** How many static public IPs the organization's pools hold, against {@link HostedRunnerCatalog#publicIpsMaximum()}. */
    public int publicIpsInUse(long organizationId) {
        return store.countPublicIps(organizationId);
    }

    public Page<HostedRunner> list(long organizationId, PageRequest page) {
        return store.list(organizationId, page);
    }

    /** @throws GantryException NOT_FOUND when the organization has no such runner group */
    public Page<HostedRunner> listInGroup(long organizationId, long runnerGroupId, PageRequest page) {
        if (!groups.exists(organizationId, runnerGroupId)) {
            throw GantryException.notFound();
        }
        return store.listInGroup(organizationId, runnerGroupId, page);
    }

    public Optional<HostedRunner> find(long organizationId, long id) {
        return store.find(organizationId, id);
    }

    /**
     * @throws GantryException VALIDATION_FAILED for a missing or malformed name, an image or size
     *     the catalog does not offer, an unknown runner group, {@code maximum_runners} outside 1 and
     *     the limit, a static IP over the limit, or a name the organization already uses
     */
    public HostedRunner create(long organizationId, Settings settings) {
        if (settings.name() == null) {
            throw GantryException.invalid("Invalid request.\n\n\"name\" wasn't supplied.", FieldError.missingField(RESOURCE, "name"));
        }
        if (settings.imageId() == null) {
            throw GantryException.invalid("Invalid request.\n\n\"image\" wasn't supplied.", FieldError.missingField(RESOURCE, "image"));
        }
        if (settings.size() == null) {
            throw GantryException.invalid("Invalid request.\n\n\"size\" wasn't supplied.", FieldError.missingField(RESOURCE, "size"));
        }
        if (settings.runnerGroupId() == null) {
            throw GantryException.invalid("Invalid request.\n\n\"runner_group_id\" wasn't supplied.",
                    FieldError.missingField(RESOURCE, "runner_group_id"));
        }
        String name = checkName(settings.name());
        ImageSelection image = checkImage(organizationId,
                Objects.requireNonNullElse(settings.imageSource(), ImageSource.GITHUB), settings.imageId(), settings.imageVersion());
        String size = checkSize(settings.size());
        long group = checkGroup(organizationId, settings.runnerGroupId());
        int maximum = settings.maximumRunners() == null
                ? Math.min(HostedRunnerCatalog.DEFAULT_MAXIMUM_RUNNERS, catalog.maximumRunnersLimit())
                : checkMaximum(settings.maximumRunners());
        boolean staticIp = Boolean.TRUE.equals(settings.enableStaticIp());
        if (staticIp) {
            checkPublicIpAvailable(organizationId);
        }
        return store.create(new NewHostedRunner(organizationId, name, group, image, size, maximum, staticIp,
                        Boolean.TRUE.equals(settings.imageGen()), clock.instant().truncatedTo(ChronoUnit.SECONDS)))
                .orElseThrow(HostedRunners::nameTaken);
    }

    /**
     * Changes what the settings give; the image changes only when {@code imageId} is given.
     *
     * @throws GantryException NOT_FOUND for an unknown pool; VALIDATION_FAILED as {@link #create}
     */
    public HostedRunner update(long organizationId, long id, Settings settings) {
        HostedRunner current = store.find(organizationId, id).orElseThrow(GantryException::notFound);
        String name = settings.name() == null ? current.name() : checkName(settings.name());
        ImageSelection image = current.image();
        if (settings.imageId() != null) {
            image = checkImage(organizationId, Objects.requireNonNullElse(settings.imageSource(), current.image().source()),
                    settings.imageId(), settings.imageVersion());
        } else if (settings.imageSource() != null && settings.imageSource() != current.image().source()) {
            throw GantryException.invalid("Validation Failed", FieldError.custom(RESOURCE, "image_source",
                    "image_source must match the source of the image given by image_id"));
        }
        String size = settings.size() == null ? current.size() : checkSize(settings.size());
        long group = settings.runnerGroupId() == null ? current.runnerGroupId() : checkGroup(organizationId, settings.runnerGroupId());
        int maximum = settings.maximumRunners() == null ? current.maximumRunners() : checkMaximum(settings.maximumRunners());
        boolean staticIp = settings.enableStaticIp() == null ? current.publicIpEnabled() : settings.enableStaticIp();
        if (staticIp && !current.publicIpEnabled()) {
            checkPublicIpAvailable(organizationId);
        }
        boolean imageGen = settings.imageGen() == null ? current.imageGen() : settings.imageGen();
        HostedRunner changed = current.withSettings(name, group, image, size, maximum, staticIp, imageGen);
        return switch (store.update(changed)) {
            case DONE -> changed;
            case MISSING -> throw GantryException.notFound();
            case NAME_TAKEN -> throw nameTaken();
        };
    }

    /**
     * Deletes the pool; its running runners are stopped by the pool controller's next pass.
     *
     * @return the pool as it was
     * @throws GantryException NOT_FOUND for an unknown pool
     */
    public HostedRunner delete(long organizationId, long id) {
        HostedRunner pool = store.find(organizationId, id).orElseThrow(GantryException::notFound);
        if (!store.delete(organizationId, id)) {
            throw GantryException.notFound();
        }
        return pool;
    }

    /** The platform of the pool's image ({@code linux-x64} when the catalog no longer has it). */
    public String platform(HostedRunner pool) {
        ImageSelection image = pool.image();
        Optional<String> platform = switch (image.source()) {
            case GITHUB -> catalog.githubOwnedImage(image.id()).map(CuratedImage::platform);
            case PARTNER -> catalog.partnerImage(image.id()).map(CuratedImage::platform);
            case CUSTOM -> customId(image.id()).flatMap(catalog::customImage).map(CustomImage::platform);
        };
        return platform.orElse("linux-x64");
    }

    private static String checkName(String name) {
        if (!NAME.matcher(name).matches()) {
            throw GantryException.invalid("Validation Failed", FieldError.custom(RESOURCE, "name",
                    "Name must be between 1 and 64 characters and may only contain upper and lowercase letters a-z, numbers 0-9, "
                            + "'.', '-', and '_'"));
        }
        return name;
    }

    private ImageSelection checkImage(long organizationId, ImageSource source, String id, String version) {
        boolean known = switch (source) {
            case GITHUB -> catalog.githubOwnedImage(id).isPresent();
            case PARTNER -> catalog.partnerImage(id).isPresent();
            case CUSTOM -> customId(id).flatMap(imageId -> customImages(organizationId).stream()
                    .filter(image -> image.id() == imageId).findFirst()).isPresent();
        };
        if (!known) {
            throw GantryException.invalid("Validation Failed", FieldError.custom(RESOURCE, "image",
                    "Image '" + id + "' is not an available " + source.wireName() + " image"));
        }
        if (source != ImageSource.CUSTOM) {
            return new ImageSelection(source, id, null);
        }
        CustomImage image = customImage(organizationId, customId(id).orElseThrow());
        if (version != null && image.version(version).isEmpty()) {
            throw GantryException.invalid("Validation Failed", FieldError.custom(RESOURCE, "image",
                    "Image '" + id + "' has no version " + version));
        }
        if (version == null && image.latestVersion().isEmpty()) {
            throw GantryException.invalid("Validation Failed", FieldError.custom(RESOURCE, "image",
                    "Image '" + id + "' has no versions"));
        }
        return new ImageSelection(source, id, version);
    }

    private String checkSize(String size) {
        if (catalog.machineSize(size).isEmpty()) {
            throw GantryException.invalid("Validation Failed", FieldError.custom(RESOURCE, "size",
                    "Size '" + size + "' is not an available machine size"));
        }
        return size;
    }

    private long checkGroup(long organizationId, long runnerGroupId) {
        if (!groups.exists(organizationId, runnerGroupId)) {
            throw GantryException.invalid("Validation Failed", FieldError.custom(RESOURCE, "runner_group_id",
                    "Runner group " + runnerGroupId + " does not exist"));
        }
        return runnerGroupId;
    }

    private int checkMaximum(int maximum) {
        if (maximum < 1 || maximum > catalog.maximumRunnersLimit()) {
            throw GantryException.invalid("Validation Failed", FieldError.custom(RESOURCE, "maximum_runners",
                    "maximum_runners must be between 1 and " + catalog.maximumRunnersLimit()));
        }
        return maximum;
    }

    private void checkPublicIpAvailable(long organizationId) {
        if (store.countPublicIps(organizationId) >= catalog.publicIpsMaximum()) {
            throw GantryException.invalid("Validation Failed", FieldError.custom(RESOURCE, "enable_static_ip",
                    "The organization has reached its limit of " + catalog.publicIpsMaximum() + " static public IPs"));
        }
    }

    private static Optional<Long> customId(String id) {
        try {
            return Optional.of(Long.parseLong(id));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static GantryException nameTaken() {
        return GantryException.invalid("Validation Failed", FieldError.alreadyExists(RESOURCE, "name"));
    }
}
