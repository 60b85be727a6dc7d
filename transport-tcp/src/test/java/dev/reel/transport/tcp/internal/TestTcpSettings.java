package dev.reel.transport.tcp.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.reel.api.spi.TransportContext;
import dev.reel.rrd.RrdCodec;
import dev.reel.store.StoreHub;
import dev.reel.store.feed.StoreFeeds;
import dev.reel.store.StoreHubConfig;
import dev.reel.store.hub.StoreHubs;
import dev.reel.testing.Await;
import dev.reel.testing.LeakCheckingAllocator;
import io.vertx.core.Vertx;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code reel.transport.tcp.*}: defaults in code, each key read, and errors a user can act on. */
class TestTcpSettings {
    @RegisterExtension
    final LeakCheckingAllocator arrow = new LeakCheckingAllocator();

    @Test
    void defaults() {
        assertThat(TcpSettings.from(Map.of())).isEqualTo(new TcpSettings(256L << 20, 64L << 20, 64L << 20, 10_000));
    }

    @Test
    void everyKeyIsRead() {
        assertThat(TcpSettings.from(Map.of("max-message-bytes", "1024", "window-bytes", " 2048 ",
                "subscriber-queue-bytes", "4096", "drain-ms", "50", "some-other-key", "ignored")))
                .isEqualTo(new TcpSettings(1024, 2048, 4096, 50));
    }

    @ParameterizedTest(name = "''{0}''")
    @ValueSource(strings = {"0", "-1", "64MiB", "1.5", ""})
    void aValueThatIsNoPositiveNumberIsAnError(String value) {
        assertThatThrownBy(() -> TcpSettings.from(Map.of("window-bytes", value)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("reel.transport.tcp.window-bytes must be a positive number, got '" + value + "'");
    }

    @Test
    void theTransportDoesNotStartWithABadSetting() {
        Vertx vertx = Vertx.vertx();
        try (StoreHub hub = StoreHubs.inMemory(StoreHubConfig.defaults(), arrow.allocator())) {
            Throwable failure = Await.failure(new TcpTransport(StoreFeeds.local(hub, new RrdCodec()))
                    .start(new TransportContext(vertx, "127.0.0.1", 0, Map.of("drain-ms", "soon"))));
            assertThat(failure).hasMessage("reel.transport.tcp.drain-ms must be a positive number, got 'soon'");
        } finally {
            Await.result(vertx.close());
        }
    }
}
