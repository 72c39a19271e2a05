package dev.gantry.api.http;

import java.util.List;
import java.util.Objects;

/**
 * What an operation requires, from GitHub's data ({@code permissions.tsv}): the classic OAuth
 * scopes of which a token needs one, and the fine-grained permission (e.g. {@code actions:write}),
 * which also says which role on the repository or organization the caller needs.
 *
 * @param classicScopes empty when any token (or none, for public data) will do
 * @param fineGrainedPermission {@code resource:read|write}, or null when GitHub lists none
 */
public record OperationAccess(String operationId, List<String> classicScopes, String fineGrainedPermission, boolean enterpriseOnly) {
    public OperationAccess {
        Objects.requireNonNull(operationId, "operationId");
        classicScopes = List.copyOf(classicScopes);
    }

    public boolean writes() {
        return fineGrainedPermission != null && fineGrainedPermission.endsWith(":write");
    }

    /** The permission's resource, e.g. {@code actions} for {@code actions:write}; null when none. */
    public String permissionResource() {
        if (fineGrainedPermission == null) {
            return null;
        }
        int colon = fineGrainedPermission.indexOf(':');
        return colon < 0 ? fineGrainedPermission : fineGrainedPermission.substring(0, colon);
    }
}
