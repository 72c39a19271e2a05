package dev.gantry.api.http;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the route for a method and a path. Literal segments win over parameters, left to right,
 * so {@code /repos/{o}/{r}/actions/runners/downloads} beats {@code .../runners/{runner_id}} as on
 * GitHub. Routes are grouped by method and segment count, so a lookup only compares candidates of
 * the right shape.
 */
public final class RouteTable {
    private final Map<String, List<CompiledRoute>> byShape = new HashMap<>();
    private final Map<String, List<String>> methodsByTemplate = new HashMap<>();

    public RouteTable(List<Route> routes) {
        Map<String, Route> seen = new HashMap<>();
        for (Route route : routes) {
            Route previous = seen.put(route.method() + " " + route.template(), route);
            if (previous != null) {
                throw new IllegalArgumentException("two routes for " + route.method() + " " + route.template());
            }
            List<String> segments = route.segments();
            byShape.computeIfAbsent(shape(route.method(), segments.size()), ignored -> new ArrayList<>())
                    .add(new CompiledRoute(route, segments));
            methodsByTemplate.computeIfAbsent(route.template(), ignored -> new ArrayList<>()).add(route.method());
        }
        byShape.values().forEach(list -> list.sort(CompiledRoute.MOST_SPECIFIC_FIRST));
    }

    /** A route and the values of its path parameters. */
    public record Match(Route route, Map<String, String> parameters) {}

    public Optional<Match> find(String method, List<String> pathSegments) {
        for (CompiledRoute candidate : byShape.getOrDefault(shape(method, pathSegments.size()), List.of())) {
            Map<String, String> parameters = candidate.match(pathSegments);
            if (parameters != null) {
                return Optional.of(new Match(candidate.route, parameters));
            }
        }
        return Optional.empty();
    }

    private static String shape(String method, int segmentCount) {
        return method + "/" + segmentCount;
    }

    private record CompiledRoute(Route route, List<String> segments) {
        /** Compares segment by segment: a literal beats a parameter at the first place they differ. */
        static final Comparator<CompiledRoute> MOST_SPECIFIC_FIRST = (a, b) -> {
            for (int i = 0; i < a.segments.size(); i++) {
                boolean aParameter = PathSegments.isParameter(a.segments.get(i));
                boolean bParameter = PathSegments.isParameter(b.segments.get(i));
                if (aParameter != bParameter) {
                    return aParameter ? 1 : -1;
                }
            }
            return 0;
        };

        Map<String, String> match(List<String> path) {
            Map<String, String> parameters = null;
            for (int i = 0; i < segments.size(); i++) {
                String expected = segments.get(i);
                String actual = path.get(i);
                if (PathSegments.isParameter(expected)) {
                    if (parameters == null) {
                        parameters = new LinkedHashMap<>();
                    }
                    parameters.put(expected.substring(1, expected.length() - 1), actual);
                } else if (!expected.equals(actual)) {
                    return null;
                }
            }
            return parameters == null ? Map.of() : parameters;
        }
    }
}
