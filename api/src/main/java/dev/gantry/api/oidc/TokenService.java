package dev.gantry.api.oidc;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gantry.api.http.ApiUrls;
import dev.gantry.api.http.Credentials;
import dev.gantry.api.http.GitHubConventions;
import dev.gantry.engine.ErrorCategory;
import dev.gantry.engine.GantryException;
import dev.gantry.engine.oidc.IdTokens;
import dev.gantry.engine.oidc.SigningKeys;
import dev.gantry.engine.token.JobGrant;
import dev.gantry.engine.token.JobTokens;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OIDC issuer at {@code <public URL>/_services/token}, where GitHub Enterprise Server has its
 * own: the discovery document, the key set, and the endpoint jobs ask for ID tokens
 * ({@code ACTIONS_ID_TOKEN_REQUEST_URL}), authenticated by the job's own {@code GITHUB_TOKEN}.
 */
public final class TokenService implements HttpService {
    public static final String ISSUER_PATH = "/_services/token";
    private static final Logger LOG = LoggerFactory.getLogger(TokenService.class);
    /** Well under a new key's day of prepublication ({@link dev.gantry.engine.oidc.KeyRotation#DEFAULT}): no cached set misses it. */
    private static final String KEY_SET_CACHE = "public, max-age=3600";

    private final SigningKeys keys;
    private final IdTokens idTokens;
    private final JobTokens jobTokens;
    private final ApiUrls urls;
    private final ObjectMapper json;

    public TokenService(SigningKeys keys, IdTokens idTokens, JobTokens jobTokens, ApiUrls urls, ObjectMapper json) {
        this.keys = keys;
        this.idTokens = idTokens;
        this.jobTokens = jobTokens;
        this.urls = urls;
        this.json = json;
    }

    /** What a job granted {@code id-token: write} finds in {@code ACTIONS_ID_TOKEN_REQUEST_URL}: a query, for clients append {@code &audience=}. */
    public static String requestUrl(ApiUrls urls) {
        return urls.html(ISSUER_PATH + "/idtoken?api-version=2.0");
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get(ISSUER_PATH + "/.well-known/openid-configuration", guarded(this::configuration))
                .get(ISSUER_PATH + "/.well-known/jwks", guarded(this::keySet))
                .get(ISSUER_PATH + "/idtoken", guarded(this::idToken));
    }

    private interface Operation {
        void handle(ServerRequest request, ServerResponse response) throws IOException;
    }

    private Handler guarded(Operation operation) {
        return (request, response) -> {
            try {
                operation.handle(request, response);
            } catch (GantryException e) {
                send(response, GitHubConventions.statusOf(e.category()), Map.of("message", e.getMessage()));
            }
        };
    }

    private void configuration(ServerRequest request, ServerResponse response) throws IOException {
        String issuer = issuer();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("issuer", issuer);
        body.put("jwks_uri", issuer + "/.well-known/jwks");
        body.put("subject_types_supported", List.of("public", "pairwise"));
        body.put("response_types_supported", List.of("id_token"));
        body.put("claims_supported", IdTokens.CLAIMS_SUPPORTED);
        body.put("id_token_signing_alg_values_supported", List.of("RS256"));
        body.put("scopes_supported", List.of("openid"));
        response.header(HeaderNames.CACHE_CONTROL, KEY_SET_CACHE);
        send(response, 200, body);
    }

    private void keySet(ServerRequest request, ServerResponse response) throws IOException {
        List<Map<String, String>> published = keys.published().stream().map(key -> {
            Map<String, String> jwk = new LinkedHashMap<>();
            jwk.put("kty", "RSA");
            jwk.put("use", "sig");
            jwk.put("alg", "RS256");
            jwk.put("kid", key.keyId());
            jwk.put("n", key.modulus());
            jwk.put("e", key.exponent());
            return jwk;
        }).toList();
        response.header(HeaderNames.CACHE_CONTROL, KEY_SET_CACHE);
        send(response, 200, Map.of("keys", published));
    }

    private void idToken(ServerRequest request, ServerResponse response) throws IOException {
        Optional<String> token = Credentials.token(request.headers().first(HeaderNames.AUTHORIZATION));
        if (token.isEmpty()) {
            throw new GantryException(ErrorCategory.UNAUTHENTICATED, "Requires authentication");
        }
        // Only a running job's own token: it dies with the job, and carries the job's permissions.
        JobGrant grant = jobTokens.authenticate(token.get())
                .orElseThrow(() -> new GantryException(ErrorCategory.UNAUTHENTICATED, "Bad credentials"));
        String jwt = idTokens.issue(grant, issuer(), urls.publicUrl(), request.query().first("audience").asOptional());
        LOG.debug("issued an OIDC token for job {}", grant.jobId());
        response.header(HeaderNames.CACHE_CONTROL, "no-store");
        send(response, 200, Map.of("value", jwt));
    }

    private String issuer() {
        return urls.html(ISSUER_PATH);
    }

    private void send(ServerResponse response, int status, Object body) throws IOException {
        response.status(status);
        response.header(HeaderNames.CONTENT_TYPE, "application/json; charset=utf-8");
        response.send(json.writeValueAsBytes(body));
    }
}
