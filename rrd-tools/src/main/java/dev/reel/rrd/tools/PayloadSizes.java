package dev.reel.rrd.tools;

import dev.reel.rrd.Compression;
import dev.reel.rrd.RrdEnvelope;
import dev.reel.rrd.RrdFormatException;
import dev.reel.rrd.RrdFrame;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import net.jpountz.lz4.LZ4Exception;
import net.jpountz.lz4.LZ4Factory;

/**
 * Sizes of one ArrowMsg at transport level, as {@code rerun rrd stats} measures them: its Arrow IPC payload as
 * stored (compressed), after LZ4, and the IPC schema message alone.
 */
record PayloadSizes(long compressed, long uncompressed, long schema) {
    static PayloadSizes of(RrdInput input, RrdFrame frame) throws RrdFormatException {
        RrdEnvelope.Arrow arrow = RrdEnvelope.read(frame, input.name()).arrow();
        ByteBuffer payload = ByteBuffer.wrap(frame.payload(), arrow.payloadOffset(), arrow.payloadLength()).slice();
        boolean lz4 = arrow.compression() == Compression.LZ4;
        long uncompressed = lz4 ? arrow.uncompressedBytes() : arrow.payloadLength();
        return new PayloadSizes(arrow.payloadLength(), uncompressed,
                schemaSize(input, frame, payload, lz4, uncompressed));
    }

    /** The length prefix of the first IPC message (the schema), after an optional continuation marker. */
    private static long schemaSize(RrdInput input, RrdFrame frame, ByteBuffer payload, boolean lz4, long size)
            throws RrdFormatException {
        ByteBuffer ipc;
        if (lz4) {
            if (size <= 0 || size > Integer.MAX_VALUE - 64) {
                throw new RrdFormatException(RrdFormatException.Kind.BAD_LZ4, input.name(), frame.offset(),
                        "ArrowMsg declares " + size + " uncompressed bytes");
            }
            ipc = ByteBuffer.allocate((int) size);
            try {
                LZ4Factory.fastestInstance().safeDecompressor().decompress(payload, 0, payload.remaining(), ipc, 0,
                        (int) size);
            } catch (LZ4Exception e) {
                throw new RrdFormatException(RrdFormatException.Kind.BAD_LZ4, input.name(), frame.offset(),
                        "LZ4 payload is corrupt", e);
            }
        } else {
            ipc = payload;
        }
        ipc.order(ByteOrder.LITTLE_ENDIAN);
        int at = ipc.remaining() >= 4 && ipc.getInt(0) == -1 ? 4 : 0;
        int length = ipc.remaining() >= at + 4 ? ipc.getInt(at) : -1;
        if (length < 0) {
            throw new RrdFormatException(RrdFormatException.Kind.BAD_ARROW, input.name(), frame.offset(),
                    "Arrow IPC payload has no schema length");
        }
        return length;
    }
}
