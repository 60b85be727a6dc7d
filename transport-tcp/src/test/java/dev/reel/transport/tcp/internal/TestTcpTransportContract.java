package dev.reel.transport.tcp.internal;

import dev.reel.api.spi.Endpoint;
import dev.reel.api.spi.RecordingCodec;
import dev.reel.api.spi.Transport;
import dev.reel.rrd.RrdCodec;
import dev.reel.store.StoreHub;
import dev.reel.store.feed.StoreFeeds;
import dev.reel.store.StoreHubConfig;
import dev.reel.store.hub.StoreHubs;
import dev.reel.testing.TransportContract;
import dev.reel.transport.tcp.StreamReceipt;
import java.io.IOException;
import java.util.Optional;

/** The TCP transport runs the transport contract, data part included: producers send raw {@code .rrd} streams. */
class TestTcpTransportContract extends TransportContract {
    @Override
    protected Transport newTransport() {
        StoreHub hub = closeAfterTest(StoreHubs.inMemory(StoreHubConfig.defaults(), arrow.allocator()));
        return new TcpTransport(StoreFeeds.local(hub, new RrdCodec()));
    }

    @Override
    protected Optional<RrdProducer> rrdProducer() {
        return Optional.of(new RrdProducer() {
            @Override
            public RecordingCodec codec() {
                return new RrdCodec();
            }

            @Override
            public Optional<String> send(Endpoint endpoint, byte[] stream) throws IOException {
                String answer = LoopbackClient.send(endpoint.port(), stream).trim();
                return StreamReceipt.parse(answer).isOk() ? Optional.empty() : Optional.of(answer);
            }
        });
    }
}
