package dev.gantry.api.scope;

import dev.gantry.api.http.ApiRequest;
import dev.gantry.engine.environments.Environments;
import dev.gantry.engine.scope.ActionsScope;
import java.util.Objects;

/**
 * The scope a secrets or variables operation acts on, from its operation id: an organization's
 * ({@code …-org-…}), an environment's ({@code …-environment-…}, 404 when the repository has no
 * environment of that name) or the repository's.
 */
public final class RequestScopes {
    private final Environments environments;

    public RequestScopes(Environments environments) {
        this.environments = Objects.requireNonNull(environments, "environments");
    }

    public ActionsScope of(ApiRequest request) {
        if (request.operationId().contains("-org-")) {
            return ActionsScope.organization(request.organization().id());
        }
        if (request.operationId().contains("-environment-")) {
            return ActionsScope.environment(environments.get(request.repository().id(), request.parameter("environment_name")).id());
        }
        return ActionsScope.repository(request.repository().id());
    }
}
