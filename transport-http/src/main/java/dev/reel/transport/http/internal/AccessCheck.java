package dev.reel.transport.http.internal;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks every request against the configured {@link AccessTokens} before it reaches a route: reads (GET, HEAD,
 * gRPC {@code ReadMessages} and the Data Platform's read calls) need the {@code read} scope, everything else
 * {@code read-write}. A request without a known token gets 401, one whose token lacks the scope 403; gRPC calls
 * get {@code UNAUTHENTICATED} / {@code PERMISSION_DENIED} as gRPC answers them (trailers only). The web page's own
 * files are public: the page asks for a token. Reads may carry the token as {@code ?access_token=} instead (RFC 6750
 * §2.3): the web viewer fetches {@code .rrd} URLs itself and cannot add a header.
 */
final class AccessCheck {
    private static final Logger LOG = LoggerFactory.getLogger(AccessCheck.class);
    /** gRPC methods that only read. */
    private static final Set<String> GRPC_READS = Set.of(MessageProxy.SERVICE + "/ReadMessages");

    private final AccessTokens tokens;

    AccessCheck(AccessTokens tokens) {
        this.tokens = tokens;
    }

    void handle(RoutingContext context) {
        HttpServerRequest request = context.request();
        if (!tokens.required() || request.method() == HttpMethod.OPTIONS || isPublic(request.path())) {
            context.next();
            return;
        }
        boolean grpc = isGrpc(request);
        AccessTokens.Scope needed = needs(request, grpc);
        String authorization = request.getHeader("authorization");
        if (authorization == null && needed == AccessTokens.Scope.READ && request.getParam("access_token") != null) {
            // RFC 6750's query form, for what a browser fetches itself (the Rerun web viewer opening an .rrd URL)
            authorization = "Bearer " + request.getParam("access_token");
        }
        Optional<AccessTokens.Scope> scope = tokens.scopeOf(authorization);
        if (scope.isEmpty()) {
            LOG.info("refused {} {} from {}: {}", request.method(), request.path(), request.remoteAddress(),
                    authorization == null ? "no token" : "unknown token");
            deny(context, grpc, 401, 16, "unauthenticated", authorization == null
                    ? "this server needs a token: Authorization: Bearer <token>" : "the token is not known here");
        } else if (!scope.get().allows(needed)) {
            LOG.info("refused {} {} from {}: token {} has scope {}, needs {}", request.method(), request.path(),
                    request.remoteAddress(), tokens.nameOf(authorization).orElse("?"), scope.get(), needed);
            deny(context, grpc, 403, 7, "forbidden", "the token's scope is " + scope.get() + "; this needs "
                    + needed);
        } else {
            context.next();
        }
    }

    private static AccessTokens.Scope needs(HttpServerRequest request, boolean grpc) {
        if (grpc) {
            String method = request.path().substring(1);
            return GRPC_READS.contains(method) || DataPlatform.isRead(method) ? AccessTokens.Scope.READ
                    : AccessTokens.Scope.READ_WRITE;
        }
        return request.method() == HttpMethod.GET || request.method() == HttpMethod.HEAD ? AccessTokens.Scope.READ
                : AccessTokens.Scope.READ_WRITE;
    }

    /** The web page and its files: it loads without a token and asks for one. */
    static boolean isPublic(String path) {
        return path.equals("/") || path.startsWith("/ui/");
    }

    static boolean isGrpc(HttpServerRequest request) {
        String type = request.getHeader("content-type");
        return type != null && type.startsWith("application/grpc");
    }

    /** An error as the caller reads it: the API's JSON shape, or a gRPC status in trailers-only form. */
    private static void deny(RoutingContext context, boolean grpc, int httpStatus, int grpcStatus, String code,
            String message) {
        if (grpc) {
            context.response().setStatusCode(200)
                    .putHeader("content-type", context.request().getHeader("content-type"))
                    .putHeader("grpc-status", Integer.toString(grpcStatus))
                    .putHeader("grpc-message", message)
                    .end();
            return;
        }
        if (httpStatus == 401) {
            context.response().putHeader("www-authenticate", "Bearer realm=\"reel\"");
        }
        ApiErrors.send(context, httpStatus, code, message);
    }
}
