package dev.reel.rrd.internal;

import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.util.Arrays;

/** A reusable, growable byte array: an output stream and a channel whose bytes can be read without copying. */
final class ByteSink extends OutputStream implements WritableByteChannel {
    private byte[] bytes;
    private int size;

    ByteSink(int initialCapacity) {
        bytes = new byte[initialCapacity];
    }

    void reset() {
        size = 0;
    }

    byte[] array() {
        return bytes;
    }

    int size() {
        return size;
    }

    /** Makes room for {@code extra} more bytes and returns the array to write them into, at {@link #size()}. */
    byte[] reserve(int extra) {
        long needed = (long) size + extra;
        if (needed > bytes.length) {
            if (needed > Integer.MAX_VALUE - 16) {
                throw new IllegalStateException("message larger than 2 GiB");
            }
            bytes = Arrays.copyOf(bytes, (int) Math.max(needed, Math.min(Integer.MAX_VALUE - 16, bytes.length * 2L)));
        }
        return bytes;
    }

    void advance(int written) {
        size += written;
    }

    @Override
    public void write(int b) {
        reserve(1)[size++] = (byte) b;
    }

    @Override
    public void write(byte[] source, int offset, int length) {
        System.arraycopy(source, offset, reserve(length), size, length);
        size += length;
    }

    @Override
    public int write(ByteBuffer source) {
        int length = source.remaining();
        source.get(reserve(length), size, length);
        size += length;
        return length;
    }

    @Override
    public boolean isOpen() {
        return true;
    }

    @Override
    public void close() {}
}
