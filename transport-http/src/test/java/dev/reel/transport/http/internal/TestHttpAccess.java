package dev.reel.transport.http.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reel.api.spi.TransportContext;
import dev.reel.store.StoreHub;
import dev.reel.store.StoreHubConfig;
import dev.reel.store.hub.StoreHubs;
import dev.reel.testing.Await;
import dev.reel.testing.LeakCheckingAllocator;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SocketAddress;
import io.vertx.grpc.client.GrpcClientRequest;
import io.vertx.grpc.client.GrpcClientResponse;
import io.vertx.grpc.common.GrpcStatus;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Tokens and CORS on a real server on loopback: with tokens configured (only their SHA-256) every REST route and
 * gRPC call checks them and their scope; the CORS allow-list is configurable and loopback by default.
 */
class TestHttpAccess {
    private static final String READ = "reel_read-token";
    private static final String WRITE = "reel_write-token";
    private static final Map<String, String> TOKENS = Map.of(
            "token.dashboard", "read:sha256:" + AccessTokens.sha256(READ),
            "token.robot", "read-write:sha256:" + AccessTokens.sha256(WRITE));

    @RegisterExtension
    final LeakCheckingAllocator arrow = new LeakCheckingAllocator();

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Await.TIMEOUT).build();
    private RunningHttpTransport server;
    private Vertx vertx;
    private int port;

    private void start(Map<String, String> settings) {
        server = RunningHttpTransport.start(arrow.allocator(), settings);
        vertx = server.vertx();
        port = server.port();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
            server = null;
        }
    }

    @Test
    void withTokensEveryRouteNeedsOneOfTheRightScope() throws Exception {
        start(TOKENS);
        HttpResponse<String> none = send("GET", "/api/recordings", null, null);
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("www-authenticate")).hasValue("Bearer realm=\"reel\"");
        assertThat(new JsonObject(none.body()).getString("code")).isEqualTo("unauthenticated");
        assertThat(send("GET", "/api/recordings", "not-a-token", null).statusCode()).isEqualTo(401);
        assertThat(send("GET", "/api/recordings", READ, null).statusCode()).isEqualTo(200);
        assertThat(send("GET", "/api/recordings", WRITE, null).statusCode()).isEqualTo(200);
        HttpResponse<String> readOnly = send("POST", "/api/recordings", READ, new byte[0]);
        assertThat(readOnly.statusCode()).isEqualTo(403);
        assertThat(readOnly.body()).contains("read-write");
        // past the check: the empty body itself is the problem now
        assertThat(send("POST", "/api/recordings", WRITE, new byte[0]).statusCode()).isEqualTo(400);
        assertThat(send("DELETE", "/api/recordings/a/b", READ, null).statusCode()).isEqualTo(403);
        assertThat(send("GET", "/api/no-such-route", null, null).statusCode()).as("unknown paths too").isEqualTo(401);
    }

    @Test
    void withTokensGrpcCallsNeedOneOfTheRightScope() {
        start(TOKENS);
        assertThat(grpcStatus("ReadMessages", null)).isEqualTo(GrpcStatus.UNAUTHENTICATED);
        assertThat(grpcStatus("WriteMessages", READ)).isEqualTo(GrpcStatus.PERMISSION_DENIED);
        assertThat(grpcStatus("WriteMessages", WRITE)).as("an empty stream, let in").isEqualTo(GrpcStatus.OK);
    }

    @Test
    void withoutTokensTheServerIsOpen() throws Exception {
        start(Map.of());
        assertThat(send("GET", "/api/recordings", null, null).statusCode()).isEqualTo(200);
        assertThat(grpcStatus("WriteMessages", null)).isEqualTo(GrpcStatus.OK);
    }

    @Test
    void aTokenLineThatIsNotAHashStopsTheStart() {
        Vertx own = Vertx.vertx();
        try (StoreHub hub = StoreHubs.inMemory(StoreHubConfig.defaults(), arrow.allocator())) {
            HttpTransport transport = HttpTransports.of(hub, List::of, Optional.empty(), arrow.allocator());
            Throwable failure = Await.failure(transport.start(new TransportContext(own, "127.0.0.1", 0,
                    Map.of("token.plain", "read:" + READ))));
            assertThat(failure).hasMessageContaining("reel.transport.http.token.plain")
                    .hasMessageContaining("sha256");
            Await.result(transport.stop());
        } finally {
            Await.result(own.close());
        }
    }

    @Test
    void corsAllowsLoopbackOriginsByDefaultAndTheConfiguredOnesOtherwise() throws Exception {
        start(Map.of());
        assertThat(preflight("http://127.0.0.1:3000").statusCode()).isEqualTo(204);
        assertThat(preflight("https://app.example.com").statusCode()).isEqualTo(403);
        stop();
        start(Map.of("cors-origins", "https://*.example.com, http://localhost:8080"));
        HttpResponse<String> allowed = preflight("https://app.example.com");
        assertThat(allowed.statusCode()).isEqualTo(204);
        assertThat(allowed.headers().firstValue("access-control-allow-origin")).hasValue("https://app.example.com");
        assertThat(allowed.headers().firstValue("access-control-allow-headers").orElse(""))
                .contains("authorization");
        assertThat(preflight("http://localhost:8080").statusCode()).isEqualTo(204);
        assertThat(preflight("http://127.0.0.1:3000").statusCode()).isEqualTo(403);
        assertThat(preflight("https://example.com.evil.net").statusCode()).isEqualTo(403);
    }

    private HttpResponse<String> preflight(String origin) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/recordings"))
                .timeout(Await.TIMEOUT).method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("origin", origin).header("access-control-request-method", "GET")
                .header("access-control-request-headers", "authorization").build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private GrpcStatus grpcStatus(String method, String token) {
        try (GrpcTestClient client = GrpcTestClient.open(vertx)) {
            GrpcClientRequest<Buffer, Buffer> call = Await.result(client.grpc().request(
                    SocketAddress.inetSocketAddress(port, "127.0.0.1")));
            call.fullMethodName(MessageProxy.SERVICE + "/" + method);
            if (token != null) {
                call.headers().set("authorization", "Bearer " + token);
            }
            if (method.equals("ReadMessages")) {
                call.end(Buffer.buffer());
            } else {
                call.end();
            }
            GrpcClientResponse<Buffer, Buffer> response = Await.result(call.response());
            Await.result(response.end().recover(e -> Future.succeededFuture()));
            return response.status();
        }
    }

    private HttpResponse<String> send(String method, String path, String token, byte[] body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Await.TIMEOUT).method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        if (token != null) {
            request.header("authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
