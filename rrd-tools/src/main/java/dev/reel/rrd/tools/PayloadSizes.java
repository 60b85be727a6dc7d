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
        Block block = new Block(in, offset, offset + length);
        byte[] out = new byte[n];
        int produced = 0;
        while (produced < n) {
            int token = block.next();
            long literals = token < 0 ? -1 : block.length(token >>> 4);
            if (literals < 0 || literals > block.remaining()) {
                return null;
            }
            int copy = (int) Math.min(literals, n - produced);
            System.arraycopy(in, block.pos, out, produced, copy);
            produced += copy;
            block.pos += (int) literals;
            if (produced == n) {
                break;
            }
            int low = block.next();
            int high = block.next();
            long match = high < 0 ? -1 : block.length(token & 0x0F); // the block ended before the prefix if < 0
            int distance = low | high << 8;
            if (match < 0 || distance == 0 || distance > produced) {
                return null;
            }
            for (long i = 0; i < match + 4 && produced < n; i++, produced++) {
                out[produced] = out[produced - distance];
            }
        }
        return out;
    }

    /** Reading position in an LZ4 block: {@code in[pos, end)}. */
    private static final class Block {
        private final byte[] in;
        private final int end;
        private int pos;

        Block(byte[] in, int pos, int end) {
            this.in = in;
            this.pos = pos;
            this.end = end;
        }

        /** The next byte, or -1 at the end of the block. */
        int next() {
            return pos < end ? in[pos++] & 0xFF : -1;
        }

        int remaining() {
            return end - pos;
        }

        /** A token's 4-bit length, extended by the bytes after it while they are 255; -1 if the block ends first. */
        long length(int nibble) {
            long length = nibble;
            if (nibble == 15) {
                int more;
                do {
                    more = next();
                    if (more < 0) {
                        return -1;
                    }
                    length += more;
                } while (more == 255);
            }
            return length;
        }
    }

    private static int readInt(byte[] bytes, int at) {
        return (bytes[at] & 0xFF) | (bytes[at + 1] & 0xFF) << 8 | (bytes[at + 2] & 0xFF) << 16
                | (bytes[at + 3] & 0xFF) << 24;
    }
}
