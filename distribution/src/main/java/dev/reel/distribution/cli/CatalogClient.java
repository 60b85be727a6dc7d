package dev.reel.distribution.cli;

import dev.reel.distribution.CliException;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The HTTP side of {@code reel dataset} and {@code reel catalog}: requests to a running server's
 * {@code /api/datasets}, its error answers ({@code {"code", "message"}}) turned into one-line failures.
 */
final class CatalogClient {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private final HostPort server;
    // HTTP/1.1: the API is plain HTTP/1.1, and the JDK client's h2c upgrade can hang against Vert.x
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(CONNECT_TIMEOUT).build();

    private final String token;

    /** @param token the bearer token to send; empty for none */
    CatalogClient(HostPort server, String token) {
        this.server = server;
        this.token = token;
    }

    /** A path segment, escaped (dataset names may hold spaces and brackets). */
    static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    HttpRequest.Builder request(String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://" + server + path));
        return token.isEmpty() ? request : request.header("authorization", "Bearer " + token);
    }

    static HttpRequest.BodyPublisher json(JsonObject body) {
        return HttpRequest.BodyPublishers.ofString(body.encode());
    }

    /** Sends and reads the answer as text; a status of 400 or more fails with the server's message. */
    String send(HttpRequest.Builder request) {
        HttpResponse<String> response = exchange(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 400) {
            throw failure(response.statusCode(), response.body());
        }
        return response.body();
    }

    /** Sends and streams the answer; a status of 400 or more fails with the server's message. */
    InputStream stream(HttpRequest.Builder request) {
        HttpResponse<InputStream> response = exchange(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() >= 400) {
            try (InputStream body = response.body()) {
                throw failure(response.statusCode(), new String(body.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return response.body();
    }

    static HttpRequest.BodyPublisher file(Path file) {
        try {
            return HttpRequest.BodyPublishers.ofFile(file);
        } catch (IOException e) {
            throw new CliException(CliException.USAGE, "cannot read " + file + ": " + e.getMessage());
        }
    }

    private <T> HttpResponse<T> exchange(HttpRequest request, HttpResponse.BodyHandler<T> body) {
        try {
            return http.send(request, body);
        } catch (ConnectException e) {
            throw new CliException(CliException.FAILURE, "no Reel server answers at " + server
                    + " (start one with 'reel serve', or name it with --server HOST:PORT)");
        } catch (IOException e) {
            throw new CliException(CliException.FAILURE, request.method() + " " + request.uri().getPath()
                    + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(CliException.FAILURE, "interrupted");
        }
    }

    /** The server's error, as {@code code: message}; the exit code says whose fault it was. */
    static CliException failure(int status, String body) {
        String message;
        try {
            JsonObject error = new JsonObject(body);
            message = error.getString("message", body) + " (" + error.getString("code", "HTTP " + status) + ")";
        } catch (DecodeException | ClassCastException e) {
            message = "HTTP " + status + ": " + body;
        }
        return new CliException(status < 500 ? CliException.USAGE : CliException.FAILURE, message);
    }
}
