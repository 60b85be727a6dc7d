package dev.reel.examples.hello;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reel.api.spi.Endpoint;
import dev.reel.api.spi.Transport;
import dev.reel.testing.Await;
import dev.reel.testing.TransportContract;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/**
 * The extension's test: it runs Reel's transport contract (start, stop, ports, name) by extending
 * {@link TransportContract}, and adds what is particular to this transport. It takes no {@code .rrd} streams,
 * so it does not override {@code rrdProducer()} and the contract's data tests are skipped.
 */
class TestHelloTransport extends TransportContract {
    @Override
    protected Transport newTransport() {
        return new HelloTransport();
    }

    @Test
    void greetsEveryRequest() throws Exception {
        HelloTransport transport = new HelloTransport();
        Endpoint endpoint = Await.result(transport.start(context(0)));
        try {
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(
                    URI.create("http://" + endpoint.host() + ":" + endpoint.port() + "/anything"))
                    .timeout(Await.TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("hello from an extension\n");
        } finally {
            Await.result(transport.stop());
        }
    }
}
