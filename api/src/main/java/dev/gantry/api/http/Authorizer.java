package dev.gantry.api.http;

import dev.gantry.engine.ErrorCategory;
import dev.gantry.engine.GantryException;
import dev.gantry.engine.access.AccessPolicy;
import dev.gantry.engine.access.Caller;
import dev.gantry.engine.access.RepositoryRole;
import dev.gantry.engine.identity.Account;
import dev.gantry.engine.identity.AccountStore;
import dev.gantry.engine.identity.OrganizationRole;
import dev.gantry.engine.repository.Repository;
import dev.gantry.engine.repository.RepositoryStore;
import dev.gantry.engine.token.JobGrant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The one authorization layer: resolves the repository, organization or enterprise a path names
 * and decides, from the operation's requirements ({@link OperationAccess}) and the caller's role,
 * whether the request may go on. Failures follow GitHub: 401 for a missing token where one is
 * needed, 404 for what the caller may not see, 403 for what they see but may not do.
 */
public final class Authorizer {
    /**
     * Fine-grained permissions that on GitHub only repository administrators hold. Repository
     * variables ({@code actions_variables}) are an admin's setting like secrets, though GitHub's
     * docs word both as "collaborator access".
     */
    private static final Set<String> ADMIN_REPOSITORY_PERMISSIONS =
            Set.of("administration", "secrets", "variables", "actions_variables", "repository_hooks", "environments");

    /**
     * Repository operations GitHub's docs reserve to administrators although its data names a
     * permission writers hold: "a repository administrator must use" the OIDC opt-in.
     */
    private static final Set<String> ADMIN_REPOSITORY_OPERATIONS = Set.of("actions/set-custom-oidc-sub-claim-for-repo");

    /** Organization operations any member may use, although GitHub's data names an admin permission. */
    private static final Set<String> MEMBER_ORGANIZATION_OPERATIONS = Set.of("repos/create-in-org");

    private static final String NOT_ACCESSIBLE_BY_INTEGRATION = "Resource not accessible by integration";

    private final AccountStore accounts;
    private final RepositoryStore repositories;
    private final AccessPolicy policy;
    private final String enterpriseSlug;

    public Authorizer(AccountStore accounts, RepositoryStore repositories, AccessPolicy policy, String enterpriseSlug) {
        this.accounts = accounts;
        this.repositories = repositories;
        this.policy = policy;
        this.enterpriseSlug = enterpriseSlug;
    }

    public ResourceAccess authorize(Route route, OperationAccess operation, Map<String, String> parameters, Caller caller) {
        if (caller.job().isPresent()) {
            return authorizeJob(route, operation, parameters, caller, caller.job().get());
        }
        String template = route.template();
        if (template.startsWith("/admin/")) {
            requireSiteAdmin(caller);
            return ResourceAccess.none();
        }
        if (template.startsWith("/enterprises/{enterprise}")) {
            if (!enterpriseSlug.equalsIgnoreCase(parameters.get("enterprise"))) {
                throw GantryException.notFound();
            }
            requireSiteAdmin(caller);
            requireScopes(caller, operation.classicScopes());
            return ResourceAccess.none();
        }
        if (parameters.containsKey("owner") && parameters.containsKey("repo")) {
            return authorizeRepository(route, operation, parameters, caller);
        }
        if (parameters.containsKey("org")) {
            return authorizeOrganization(route, operation, parameters.get("org"), caller);
        }
        if (template.equals("/user") || template.startsWith("/user/")) {
            requireAuthenticated(caller);
            requireScopes(caller, userScopes(operation));
        }
        return ResourceAccess.none();
    }

    private ResourceAccess authorizeRepository(Route route, OperationAccess operation, Map<String, String> parameters, Caller caller) {
        Account owner = accounts.findByLogin(parameters.get("owner")).orElseThrow(GantryException::notFound);
        Repository repository = repositories.findByOwnerAndName(owner.id(), parameters.get("repo"))
                .orElseThrow(GantryException::notFound);
        RepositoryRole role = roleOn(caller, repository, owner);
        if (role == RepositoryRole.NONE) {
            throw GantryException.notFound();
        }
        RepositoryRole required = requiredRepositoryRole(route, operation);
        if (!role.atLeast(required)) {
            requireAuthenticated(caller);
            throw new GantryException(ErrorCategory.FORBIDDEN, required == RepositoryRole.ADMIN
                    ? "Must have admin rights to Repository."
                    : "Resource not accessible by personal access token");
        }
        boolean publicRead = !repository.isPrivate() && required == RepositoryRole.READ;
        if (!publicRead) {
            requireAuthenticated(caller);
            List<String> scopes = repositoryScopes(operation);
            if (!repository.isPrivate() && scopes.contains("repo") && !scopes.contains("public_repo")) {
                scopes = concat(scopes, "public_repo");
            }
            requireScopes(caller, scopes);
        }
        return new ResourceAccess(Optional.of(owner), Optional.of(repository), Optional.empty(), role, Optional.empty());
    }

    /**
     * A job's {@code GITHUB_TOKEN} reaches its own repository within the job's {@code permissions}
     * and reads other public ones; everything else is "not accessible by integration", as GitHub
     * says of an installation token.
     */
    private ResourceAccess authorizeJob(Route route, OperationAccess operation, Map<String, String> parameters, Caller caller,
                                        JobGrant grant) {
        if (!parameters.containsKey("owner") || !parameters.containsKey("repo")) {
            throw new GantryException(ErrorCategory.FORBIDDEN, NOT_ACCESSIBLE_BY_INTEGRATION);
        }
        Account owner = accounts.findByLogin(parameters.get("owner")).orElseThrow(GantryException::notFound);
        Repository repository = repositories.findByOwnerAndName(owner.id(), parameters.get("repo"))
                .orElseThrow(GantryException::notFound);
        RepositoryRole role = roleOn(caller, repository, owner);
        if (role == RepositoryRole.NONE) {
            throw GantryException.notFound();
        }
        String resource = operation.permissionResource();
        boolean reading = route.method().equals("GET");
        boolean allowed = repository.id() == grant.repositoryId()
                ? resource == null || resource.equals("metadata") ? reading : grant.allows(resource, operation.writes())
                : reading && !operation.writes();
        if (!allowed) {
            throw new GantryException(ErrorCategory.FORBIDDEN, NOT_ACCESSIBLE_BY_INTEGRATION);
        }
        return new ResourceAccess(Optional.of(owner), Optional.of(repository), Optional.empty(), role, Optional.empty());
    }

    /**
     * The caller's role on a repository as far as their token lets them use it: a classic token
     * without {@code repo} cannot see private repositories at all, whatever the user's role; a
     * job's token has the role its {@code contents} permission gives on its own repository, and
     * reads public ones.
     */
    public RepositoryRole roleOn(Caller caller, Repository repository, Account owner) {
        if (caller.job().isPresent()) {
            JobGrant grant = caller.job().get();
            if (repository.id() != grant.repositoryId()) {
                return repository.isPrivate() ? RepositoryRole.NONE : RepositoryRole.READ;
            }
            return grant.allows("contents", true) ? RepositoryRole.WRITE
                    : grant.allows("metadata", false) ? RepositoryRole.READ : RepositoryRole.NONE;
        }
        RepositoryRole role = policy.roleOn(caller, repository, owner);
        if (repository.isPrivate() && !caller.isAnonymous() && !caller.hasScope("repo") && !caller.isSiteAdmin()) {
            return RepositoryRole.NONE;
        }
        return role;
    }

    private ResourceAccess authorizeOrganization(Route route, OperationAccess operation, String login, Caller caller) {
        Account organization = accounts.findByLogin(login).filter(Account::isOrganization).orElseThrow(GantryException::notFound);
        Optional<OrganizationRole> role = policy.roleIn(caller, organization);
        Optional<OrganizationRole> required = requiredOrganizationRole(route, operation);
        if (required.isPresent()) {
            requireAuthenticated(caller);
            boolean allowed = role.isPresent() && (required.get() == OrganizationRole.MEMBER || role.get() == OrganizationRole.ADMIN);
            if (!allowed) {
                throw role.isEmpty()
                        ? GantryException.notFound()
                        : new GantryException(ErrorCategory.FORBIDDEN, "You must be an organization owner to do this.");
            }
            requireScopes(caller, organizationScopes(operation));
        }
        return new ResourceAccess(Optional.empty(), Optional.empty(), Optional.of(organization), RepositoryRole.NONE, role);
    }

    private static RepositoryRole requiredRepositoryRole(Route route, OperationAccess operation) {
        if (ADMIN_REPOSITORY_OPERATIONS.contains(operation.operationId())) {
            return RepositoryRole.ADMIN;
        }
        String resource = operation.permissionResource();
        if (resource == null || resource.equals("metadata")) {
            return route.method().equals("GET") ? RepositoryRole.READ : RepositoryRole.WRITE;
        }
        if (ADMIN_REPOSITORY_PERMISSIONS.contains(resource)) {
            return RepositoryRole.ADMIN;
        }
        return operation.writes() ? RepositoryRole.WRITE : RepositoryRole.READ;
    }

    /**
     * The classic scopes a repository operation needs. GitHub's data lists none for repository
     * webhooks, whose docs ask for {@code repo} or the {@code *:repo_hook} scopes ({@code admin}
     * implies {@code write} implies {@code read}).
     */
    private static List<String> repositoryScopes(OperationAccess operation) {
        if ("repository_hooks".equals(operation.permissionResource()) && operation.classicScopes().isEmpty()) {
            return List.of("repo", operation.writes() ? "write:repo_hook" : "read:repo_hook");
        }
        return operation.classicScopes();
    }

    /** Empty when the operation is public (anyone may read the organization); otherwise the role needed. */
    private static Optional<OrganizationRole> requiredOrganizationRole(Route route, OperationAccess operation) {
        if (MEMBER_ORGANIZATION_OPERATIONS.contains(operation.operationId())) {
            return Optional.of(OrganizationRole.MEMBER);
        }
        String resource = operation.permissionResource();
        boolean read = route.method().equals("GET");
        if (resource == null) {
            return read && operation.classicScopes().isEmpty() ? Optional.empty() : Optional.of(OrganizationRole.ADMIN);
        }
        if (resource.equals("metadata")) {
            return read ? Optional.empty() : Optional.of(OrganizationRole.MEMBER);
        }
        if (resource.equals("members")) {
            return Optional.of(OrganizationRole.MEMBER);
        }
        return Optional.of(OrganizationRole.ADMIN);
    }

    /**
     * GitHub's data lists {@code admin:org,repo} for organization operations whose docs say "need
     * the admin:org scope … If the repository is private, the repo scope is also required": repo
     * is an addition, never a substitute, so such an operation needs admin:org.
     */
    private static List<String> organizationScopes(OperationAccess operation) {
        List<String> scopes = operation.classicScopes();
        return scopes.contains("admin:org") ? List.of("admin:org") : scopes;
    }

    /** {@code user} is only needed for the private fields of {@code GET /user}, which a signed-in user always sees. */
    private static List<String> userScopes(OperationAccess operation) {
        return operation.operationId().equals("users/get-authenticated") ? List.of() : operation.classicScopes();
    }

    private static void requireAuthenticated(Caller caller) {
        if (caller.isAnonymous()) {
            throw new GantryException(ErrorCategory.UNAUTHENTICATED, "Requires authentication");
        }
    }

    private static void requireSiteAdmin(Caller caller) {
        requireAuthenticated(caller);
        if (!caller.isSiteAdmin()) {
            throw GantryException.notFound();
        }
        requireScopes(caller, List.of("site_admin"));
    }

    private static void requireScopes(Caller caller, List<String> anyOf) {
        if (anyOf.isEmpty() || anyOf.stream().anyMatch(caller::hasScope)) {
            return;
        }
        throw new GantryException(ErrorCategory.FORBIDDEN,
                "Resource not accessible by personal access token. It needs one of the scopes: " + String.join(", ", anyOf) + ".");
    }

    private static List<String> concat(List<String> list, String extra) {
        return java.util.stream.Stream.concat(list.stream(), java.util.stream.Stream.of(extra)).toList();
    }
}
