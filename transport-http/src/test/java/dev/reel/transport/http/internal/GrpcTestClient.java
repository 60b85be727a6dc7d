package dev.reel.transport.http.internal;

import dev.reel.testing.Await;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpVersion;
import io.vertx.grpc.client.GrpcClient;

/**
 * A gRPC client over native HTTP/2 (h2c, prior knowledge). It holds the HTTP client itself: Vert.x closes an HTTP
 * client that is no longer referenced, and the gRPC client alone does not keep it referenced (a test's calls
 * would end with a GOAWAY at the next garbage collection).
 */
record GrpcTestClient(HttpClient http, GrpcClient grpc) implements AutoCloseable {
    static GrpcTestClient open(Vertx vertx) {
        HttpClient http = vertx.createHttpClient(new HttpClientOptions()
                .setProtocolVersion(HttpVersion.HTTP_2).setHttp2ClearTextUpgrade(false));
        return new GrpcTestClient(http, GrpcClient.client(vertx, http));
    }

    @Override
    public void close() {
        Await.result(grpc.close());
        Await.result(http.close());
    }
}
