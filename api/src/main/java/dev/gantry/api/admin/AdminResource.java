package dev.gantry.api.admin;

import dev.gantry.api.http.ApiRequest;
import dev.gantry.api.http.Reply;
import dev.gantry.api.http.Route;
import dev.gantry.api.wire.NodeIds;
import dev.gantry.api.wire.Representations;
import dev.gantry.engine.FieldError;
import dev.gantry.engine.GantryException;
import dev.gantry.engine.access.Scopes;
import dev.gantry.engine.identity.Account;
import dev.gantry.engine.identity.Accounts;
import dev.gantry.engine.token.IssuedToken;
import dev.gantry.engine.token.TokenKind;
import dev.gantry.engine.token.Tokens;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * GitHub Enterprise Server's site-admin operations: users, organizations and impersonation tokens.
 * The {@link dev.gantry.api.http.Authorizer} admits only site admins with the {@code site_admin} scope.
 */
public final class AdminResource {
    private final Accounts accounts;
    private final Tokens tokens;
    private final Representations representations;

    public AdminResource(Accounts accounts, Tokens tokens, Representations representations) {
        this.accounts = accounts;
        this.tokens = tokens;
        this.representations = representations;
    }

    public List<Route> routes() {
        return List.of(
                Route.post("/admin/users", "enterprise-admin/create-user", this::createUser),
                Route.delete("/admin/users/{username}", "enterprise-admin/delete-user", this::deleteUser),
                Route.post("/admin/organizations", "enterprise-admin/create-org", this::createOrganization),
                Route.post("/admin/users/{username}/authorizations", "enterprise-admin/create-impersonation-o-auth-token",
                        this::createImpersonationToken),
                Route.delete("/admin/users/{username}/authorizations", "enterprise-admin/delete-impersonation-o-auth-token",
                        this::deleteImpersonationTokens));
    }

    private Reply createUser(ApiRequest request) {
        Account user = accounts.createUser(request.body().string("login").orElseThrow(),
                request.body().string("email").orElse(null), false);
        return Reply.created(representations.simpleUser(user));
    }

    private Reply deleteUser(ApiRequest request) {
        Account user = accounts.requireUser(request.parameter("username"));
        if (user.id() == request.caller().userId()) {
            throw GantryException.invalid("Validation Failed", FieldError.custom("User", "login", "You cannot delete yourself."));
        }
        accounts.delete(user);
        return Reply.noContent();
    }

    private Reply createOrganization(ApiRequest request) {
        String adminLogin = request.body().string("admin").orElseThrow();
        Account admin = accounts.find(adminLogin).filter(account -> !account.isOrganization())
                .orElseThrow(() -> GantryException.invalid("Validation Failed", FieldError.invalid("Organization", "admin")));
        Account organization = accounts.createOrganization(request.body().string("login").orElseThrow(), admin,
                request.body().string("profile_name").orElse(null));
        return Reply.created(representations.organization(organization));
    }

    private Reply createImpersonationToken(ApiRequest request) {
        Account user = accounts.requireUser(request.parameter("username"));
        Set<String> scopes = new LinkedHashSet<>(request.body().strings("scopes"));
        for (String scope : scopes) {
            if (!Scopes.KNOWN.contains(scope)) {
                throw GantryException.invalid("Validation Failed", FieldError.custom("OauthAccess", "scopes",
                        "The scope '" + scope + "' is not a valid scope."));
            }
        }
        IssuedToken issued = tokens.issue(user, TokenKind.IMPERSONATION, scopes, "Impersonation token");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", issued.token().id());
        body.put("url", representations.urls().api("/authorizations/" + issued.token().id()));
        body.put("app", Map.of("client_id", "gantry", "name", "Gantry impersonation",
                "url", representations.urls().html("/")));
        body.put("token", issued.secret());
        body.put("hashed_token", issued.token().hash());
        body.put("token_last_eight", issued.secret().substring(issued.secret().length() - 8));
        body.put("note", issued.token().note());
        body.put("note_url", null);
        body.put("created_at", issued.token().createdAt());
        body.put("updated_at", issued.token().createdAt());
        body.put("scopes", List.copyOf(scopes));
        body.put("fingerprint", null);
        body.put("expires_at", null);
        body.put("user", representations.simpleUser(user));
        body.put("node_id", NodeIds.of("OauthAccess", issued.token().id()));
        return Reply.created(body);
    }

    private Reply deleteImpersonationTokens(ApiRequest request) {
        tokens.revoke(accounts.requireUser(request.parameter("username")), TokenKind.IMPERSONATION);
        return Reply.noContent();
    }
}
