package dev.gantry.protocol;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Where a job's steps reach the server's artifact, cache and OIDC services; the runner hands them
 * to steps as {@code ACTIONS_RUNTIME_TOKEN}, {@code ACTIONS_RESULTS_URL}, {@code ACTIONS_CACHE_URL},
 * {@code ACTIONS_ID_TOKEN_REQUEST_URL} and {@code ACTIONS_ID_TOKEN_REQUEST_TOKEN}. Any may be null;
 * the OIDC pair is present only for jobs granted {@code id-token: write}. {@code cacheServiceV2}
 * says the server serves the cache's Twirp protocol, which the runner announces to steps as
 * {@code ACTIONS_CACHE_SERVICE_V2=true} ({@code @actions/cache} uses the v1 REST protocol otherwise).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RuntimeServices(
        @JsonProperty("runtime_token") String runtimeToken,
        @JsonProperty("results_url") String resultsUrl,
        @JsonProperty("cache_url") String cacheUrl,
        @JsonProperty("id_token_request_url") String idTokenRequestUrl,
        @JsonProperty("id_token_request_token") String idTokenRequestToken,
        @JsonProperty("cache_service_v2") boolean cacheServiceV2) {

    @Override
    public String toString() {
        return "RuntimeServices[results_url=" + resultsUrl + ", cache_url=" + cacheUrl + "]";
    }
}
