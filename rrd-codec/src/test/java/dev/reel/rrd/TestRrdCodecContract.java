package dev.reel.rrd;

import dev.reel.api.spi.RecordingCodec;
import dev.reel.api.spi.TransportCodec;
import dev.reel.testing.RecordingCodecContract;
import dev.reel.testing.TransportCodecContract;
import org.junit.jupiter.api.Nested;

/** {@link RrdCodec} is both SPIs: it runs both contract suites, as a third-party codec would. */
class TestRrdCodecContract {
    @Nested
    class AsRecordingCodec extends RecordingCodecContract {
        @Override
        protected RecordingCodec codec() {
            return new RrdCodec();
        }
    }

    @Nested
    class AsTransportCodec extends TransportCodecContract {
        @Override
        protected TransportCodec codec() {
            return new RrdCodec();
        }
    }
}
