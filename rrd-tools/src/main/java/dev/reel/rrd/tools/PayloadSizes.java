package dev.reel.rrd.tools;

import dev.reel.rrd.Compression;
import dev.reel.rrd.RrdEnvelope;
import dev.reel.rrd.RrdFormatException;
import dev.reel.rrd.RrdFrame;

/**
 * Sizes of one ArrowMsg at transport level, as {@code rerun rrd stats} measures them: its Arrow IPC payload as
 * stored (compressed), after LZ4, and the IPC schema message alone.
 */
record PayloadSizes(long compressed, long uncompressed, long schema) {
    /** Continuation marker and length: all of the IPC stream the schema size needs. */
    private static final int IPC_PREFIX = 8;

    static PayloadSizes of(RrdInput input, RrdFrame frame) throws RrdFormatException {
        RrdEnvelope.Arrow arrow = RrdEnvelope.read(frame, input.name()).arrow();
        boolean lz4 = arrow.compression() == Compression.LZ4;
        long uncompressed = lz4 ? arrow.uncompressedBytes() : arrow.payloadLength();
        byte[] ipc;
        int at;
        if (lz4) {
            if (uncompressed <= 0 || uncompressed > Integer.MAX_VALUE - 64) {
                throw new RrdFormatException(RrdFormatException.Kind.BAD_LZ4, input.name(), frame.offset(),
                        "ArrowMsg declares " + uncompressed + " uncompressed bytes");
            }
            ipc = lz4Prefix(frame.payload(), arrow.payloadOffset(), arrow.payloadLength(),
                    (int) Math.min(IPC_PREFIX, uncompressed));
            if (ipc == null) {
                throw new RrdFormatException(RrdFormatException.Kind.BAD_LZ4, input.name(), frame.offset(),
                        "LZ4 payload is corrupt");
            }
            at = 0;
        } else {
            ipc = frame.payload();
            at = arrow.payloadOffset();
        }
        int available = lz4 ? ipc.length : arrow.payloadLength();
        int marker = available >= 4 && readInt(ipc, at) == -1 ? 4 : 0;
        int length = available >= marker + 4 ? readInt(ipc, at + marker) : -1;
        if (length < 0) {
            throw new RrdFormatException(RrdFormatException.Kind.BAD_ARROW, input.name(), frame.offset(),
                    "Arrow IPC payload has no schema length");
        }
        return new PayloadSizes(arrow.payloadLength(), uncompressed, length);
    }

    /**
     * The first {@code n} bytes an LZ4 block decompresses to, decoding only as many of its sequences as they take
     * (lz4-java decompresses whole blocks only; the schema length is in the first 8 of thousands of bytes). The
     * rest of the block is checked where the message is decoded.
     *
     * @return the bytes, or null if the block is corrupt or ends before them
     */
    static byte[] lz4Prefix(byte[] in, int offset, int length, int n) {
        int pos = offset;
        int end = offset + length;
        byte[] out = new byte[n];
        int produced = 0;
        while (produced < n) {
            if (pos >= end) {
                return null;
            }
            int token = in[pos++] & 0xFF;
            long literals = token >>> 4;
            if (literals == 15) {
                int more;
                do {
                    if (pos >= end) {
                        return null;
                    }
                    more = in[pos++] & 0xFF;
                    literals += more;
                } while (more == 255);
            }
            if (literals > end - pos) {
                return null;
            }
            int copy = (int) Math.min(literals, n - produced);
            System.arraycopy(in, pos, out, produced, copy);
            produced += copy;
            pos += (int) literals;
            if (produced == n) {
                break;
            }
            if (end - pos < 2) {
                return null; // the block ended before the prefix
            }
            int distance = (in[pos] & 0xFF) | (in[pos + 1] & 0xFF) << 8;
            pos += 2;
            long match = token & 0x0F;
            if (match == 15) {
                int more;
                do {
                    if (pos >= end) {
                        return null;
                    }
                    more = in[pos++] & 0xFF;
                    match += more;
                } while (more == 255);
            }
            match += 4;
            if (distance == 0 || distance > produced) {
                return null;
            }
            for (long i = 0; i < match && produced < n; i++, produced++) {
                out[produced] = out[produced - distance];
            }
        }
        return out;
    }

    private static int readInt(byte[] bytes, int at) {
        return (bytes[at] & 0xFF) | (bytes[at + 1] & 0xFF) << 8 | (bytes[at + 2] & 0xFF) << 16
                | (bytes[at + 3] & 0xFF) << 24;
    }
}
