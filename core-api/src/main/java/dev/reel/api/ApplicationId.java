package dev.reel.api;

import static java.util.Objects.requireNonNull;

/**
 * The application a recording belongs to. Recordings sharing an application id share its blueprints.
 *
 * @param value the id; never empty (Rerun rejects an empty application id)
 */
public record ApplicationId(String value) implements Comparable<ApplicationId> {
    public ApplicationId {
        requireNonNull(value, "value is null");
        if (value.isEmpty()) {
            throw new IllegalArgumentException("application id must not be empty");
        }
    }

    public static ApplicationId of(String value) {
        return new ApplicationId(value);
    }

    @Override
    public int compareTo(ApplicationId other) {
        return value.compareTo(other.value);
    }

    // written out: see RecordingId
    @Override
    public boolean equals(Object other) {
        return other instanceof ApplicationId that && value.equals(that.value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return value;
    }
}
