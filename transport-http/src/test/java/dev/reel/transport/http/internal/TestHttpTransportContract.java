package dev.reel.transport.http.internal;

import dev.reel.api.spi.Transport;
import dev.reel.store.StoreHub;
import dev.reel.store.StoreHubConfig;
import dev.reel.store.hub.StoreHubs;
import dev.reel.testing.TransportContract;
import java.util.List;
import java.util.Optional;

/** The HTTP transport runs the transport contract (it takes no {@code .rrd} streams: no data part). */
class TestHttpTransportContract extends TransportContract {
    @Override
    protected Transport newTransport() {
        StoreHub hub = closeAfterTest(StoreHubs.inMemory(StoreHubConfig.defaults(), arrow.allocator()));
        return HttpTransports.of(hub, List::of, Optional.empty(), arrow.allocator());
    }
}
