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
        Random.SOURCE.nextBytes(bytes);
        bytes[6] = (byte) ((bytes[6] & 0x0f) | 0x40);
        bytes[8] = (byte) ((bytes[8] & 0x3f) | 0x80);
        return new RecordingId(HexFormat.of().formatHex(bytes));
    }

    @Override
    public int compareTo(RecordingId other) {
        return value.compareTo(other.value);
    }

    // equals and hashCode written out, as in the other ids: a record's generated ones are bootstrapped at their
    // first call, which took a file tool ~14 ms at start for the three ids (not kept by class-data sharing)
    @Override
    public boolean equals(Object other) {
        return other instanceof RecordingId that && value.equals(that.value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    /** Seeded at the first random id, not when the first id is parsed (a file tool never needs one). */
    private static final class Random {
        static final SecureRandom SOURCE = new SecureRandom();
    }

    @Override
    public String toString() {
        return value;
    }
}
