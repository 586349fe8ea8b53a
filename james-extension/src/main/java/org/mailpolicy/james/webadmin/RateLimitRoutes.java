package org.mailpolicy.james.webadmin;

import java.util.function.Supplier;
import java.util.stream.Collectors;

import javax.inject.Inject;

import org.apache.james.webadmin.Constants;
import org.apache.james.webadmin.Routes;
import org.apache.james.webadmin.utils.ErrorResponder;
import org.apache.james.webadmin.utils.ErrorResponder.ErrorType;
import org.apache.james.webadmin.utils.JsonTransformer;
import org.mailpolicy.ratelimit.LimitedBucket;
import org.mailpolicy.ratelimit.RateLimitStoreException;
import org.mailpolicy.ratelimit.RateLimiter;

import spark.Request;
import spark.Response;
import spark.Service;

/**
 * WebAdmin routes over the rate limiter, loaded by James through {@code extensions.routes} in
 * {@code webadmin.properties}:
 * <ul>
 * <li>{@code GET /mailpolicy/ratelimit?limit=N}: the keys that were refused most (default 10);</li>
 * <li>{@code GET /mailpolicy/ratelimit/{rule}/{key}}: a key's remaining budget per window and dimension;</li>
 * <li>{@code DELETE /mailpolicy/ratelimit/{rule}/{key}}: gives the key its full budget back.</li>
 * </ul>
 * A key holding a {@code /} (an IP prefix) is given as {@code ?key=} on {@code /mailpolicy/ratelimit/{rule}}
 * instead, since an encoded slash in a path is refused by many proxies.
 */
public final class RateLimitRoutes implements Routes {

    public static final String BASE_PATH = "/mailpolicy/ratelimit";
    static final int DEFAULT_LIMIT = 10;
    static final int MAX_LIMIT = 1000;

    private final RateLimiter limiter;
    private final JsonTransformer json;

    @Inject
    public RateLimitRoutes(RateLimiter limiter, JsonTransformer json) {
        this.limiter = limiter;
        this.json = json;
    }

    @Override
    public String getBasePath() {
        return BASE_PATH;
    }

    @Override
    public void define(Service service) {
        service.get(BASE_PATH, this::mostLimited, json);
        service.get(BASE_PATH + "/:rule", (request, response) -> state(request, queryKey(request)), json);
        service.delete(BASE_PATH + "/:rule", (request, response) -> reset(request, response, queryKey(request)));
        service.get(BASE_PATH + "/:rule/:key", (request, response) -> state(request, request.params("key")), json);
        service.delete(BASE_PATH + "/:rule/:key", (request, response) -> reset(request, response, request.params("key")));
    }

    private Object mostLimited(Request request, Response response) {
        int limit = limit(request.queryParams("limit"));
        return guarded(() -> limiter.mostLimited(limit)).stream().map(LimitedBucket::fields).collect(Collectors.toList());
    }

    private Object state(Request request, String key) {
        String rule = request.params("rule");
        return guarded(() -> limiter.read(rule, key)).orElseThrow(() -> noRule(rule)).fields();
    }

    private Object reset(Request request, Response response, String key) {
        String rule = request.params("rule");
        if (!limiter.hasRule(rule)) {
            throw noRule(rule);
        }
        guarded(() -> limiter.reset(rule, key));
        response.status(204);
        return Constants.EMPTY_BODY;
    }

    private static String queryKey(Request request) {
        String key = request.queryParams("key");
        if (key == null || key.isEmpty()) {
            throw ErrorResponder.builder().statusCode(400).type(ErrorType.INVALID_ARGUMENT)
                    .message("give the key as /mailpolicy/ratelimit/{rule}/{key} or ?key=").haltError();
        }
        return key;
    }

    private static int limit(String text) {
        if (text == null) {
            return DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(text);
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // answered below, as for a number out of range
        }
        throw ErrorResponder.builder().statusCode(400).type(ErrorType.INVALID_ARGUMENT)
                .message("limit must be a number from 1 to " + MAX_LIMIT).haltError();
    }

    private static RuntimeException noRule(String rule) {
        return ErrorResponder.builder().statusCode(404).type(ErrorType.NOT_FOUND)
                .message("no rate-limit rule named '" + rule + "'").haltError();
    }

    /** A store that does not answer is James's trouble, not the caller's: 503, so a script retries. */
    private static <T> T guarded(Supplier<T> call) {
        try {
            return call.get();
        } catch (RateLimitStoreException e) {
            throw ErrorResponder.builder().statusCode(503).type(ErrorType.SERVER_ERROR)
                    .message("rate-limit store unavailable: " + e.getMessage()).haltError();
        }
    }
}
