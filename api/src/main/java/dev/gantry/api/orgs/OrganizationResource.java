package dev.gantry.api.orgs;

import dev.gantry.api.http.ApiRequest;
import dev.gantry.api.http.JsonBody;
import dev.gantry.api.http.Reply;
import dev.gantry.api.http.Route;
import dev.gantry.api.wire.Representations;
import dev.gantry.engine.identity.Account;
import dev.gantry.engine.identity.Accounts;
import dev.gantry.engine.identity.Profile;
import java.util.List;

/** {@code GET} and {@code PATCH /orgs/{org}}. */
public final class OrganizationResource {
    private final Accounts accounts;
    private final Representations representations;

    public OrganizationResource(Accounts accounts, Representations representations) {
        this.accounts = accounts;
        this.representations = representations;
    }

    public List<Route> routes() {
        return List.of(
                Route.get("/orgs/{org}", "orgs/get", request -> Reply.ok(representations.organization(request.organization()))),
                Route.patch("/orgs/{org}", "orgs/update", this::update));
    }

    private Reply update(ApiRequest request) {
        Account organization = request.organization();
        JsonBody body = request.body();
        Profile current = organization.profile();
        Profile profile = new Profile(
                body.string("name").orElse(current.name()),
                body.string("email").orElse(current.email()),
                body.string("company").orElse(current.company()),
                body.string("blog").orElse(current.blog()),
                body.string("location").orElse(current.location()),
                current.bio(),
                body.string("twitter_username").orElse(current.twitterUsername()),
                body.string("description").orElse(current.description()),
                body.string("billing_email").orElse(current.billingEmail()));
        String permission = body.string("default_repository_permission").orElse(organization.defaultRepositoryPermission());
        return Reply.ok(representations.organization(accounts.update(organization, profile, permission)));
    }
}
