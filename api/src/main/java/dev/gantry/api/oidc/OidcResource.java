package dev.gantry.api.oidc;

import dev.gantry.api.http.ApiRequest;
import dev.gantry.api.http.JsonBody;
import dev.gantry.api.http.Reply;
import dev.gantry.api.http.Route;
import dev.gantry.engine.oidc.SubjectTemplates;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** GitHub's OIDC operations: the {@code sub} claim's customization template of an organization and of a repository. */
public final class OidcResource {
    private static final String ORGANIZATION = "/orgs/{org}/actions/oidc/customization/sub";
    private static final String REPOSITORY = "/repos/{owner}/{repo}/actions/oidc/customization/sub";

    private final SubjectTemplates subjects;

    public OidcResource(SubjectTemplates subjects) {
        this.subjects = subjects;
    }

    public List<Route> routes() {
        return List.of(
                Route.get(ORGANIZATION, "oidc/get-oidc-custom-sub-template-for-org", this::organization),
                Route.put(ORGANIZATION, "oidc/update-oidc-custom-sub-template-for-org", this::setOrganization),
                Route.get(REPOSITORY, "actions/get-custom-oidc-sub-claim-for-repo", this::repository),
                Route.put(REPOSITORY, "actions/set-custom-oidc-sub-claim-for-repo", this::setRepository));
    }

    private Reply organization(ApiRequest request) {
        SubjectTemplates.OrganizationSubject subject = subjects.organization(request.organization());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("include_claim_keys", subject.includeClaimKeys());
        body.put("use_immutable_subject", subject.useImmutableSubject());
        return Reply.ok(body);
    }

    private Reply setOrganization(ApiRequest request) {
        subjects.setOrganization(request.organization(), claimKeys(request.body()), request.body().bool("use_immutable_subject"));
        return Reply.created(Map.of());
    }

    private Reply repository(ApiRequest request) {
        SubjectTemplates.RepositorySubject subject = subjects.repository(request.repository(), request.owner());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("use_default", subject.useDefault());
        subject.includeClaimKeys().ifPresent(keys -> body.put("include_claim_keys", keys));
        body.put("use_immutable_subject", subject.useImmutableSubject());
        body.put("sub_claim_prefix", subject.subClaimPrefix());
        return Reply.ok(body);
    }

    private Reply setRepository(ApiRequest request) {
        // use_default is required by the operation's schema, which the request was checked against.
        subjects.setRepository(request.repository(), request.body().bool("use_default").orElseThrow(), claimKeys(request.body()),
                request.body().bool("use_immutable_subject"));
        return Reply.created(Map.of());
    }

    private static Optional<List<String>> claimKeys(JsonBody body) {
        return body.hasValue("include_claim_keys") ? Optional.of(body.strings("include_claim_keys")) : Optional.empty();
    }
}
