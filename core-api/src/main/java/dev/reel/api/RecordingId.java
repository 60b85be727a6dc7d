package dev.reel.api;

import static java.util.Objects.requireNonNull;

import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Identifies one logical recording within an application. Files and streams that carry the same application
 * id and recording id are pooled into one recording.
 *
 * @param value the id; never empty
 */
public record RecordingId(String value) implements Comparable<RecordingId> {
    private static final SecureRandom RANDOM = new SecureRandom();

    public RecordingId {
        requireNonNull(value, "value is null");
        if (value.isEmpty()) {
            throw new IllegalArgumentException("recording id must not be empty");
        }
    }

    public static RecordingId of(String value) {
        return new RecordingId(value);
    }

    /** A fresh random id in the form Rerun's SDKs use: a version-4 UUID as 32 lowercase hex digits. */
    public static RecordingId random() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        bytes[6] = (byte) ((bytes[6] & 0x0f) | 0x40);
        bytes[8] = (byte) ((bytes[8] & 0x3f) | 0x80);
        return new RecordingId(HexFormat.of().formatHex(bytes));
    }

    @Override
    public int compareTo(RecordingId other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
