package dev.reel.api.log;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Where a store's data comes from, as Rerun records it: the kind of producer and an opaque, kind-specific
 * payload (a Python version, a Rust crate info, a UTF-8 string for {@link Kind#OTHER}).
 */
public record StoreSource(Kind kind, byte[] extra) {
    /** Rerun's {@code StoreSourceKind}; the ordinal is the protobuf number. */
    public enum Kind {
        UNSPECIFIED, C_SDK, PYTHON_SDK, RUST_SDK, FILE, VIEWER, OTHER;

        public static Kind fromNumber(int number) {
            return number >= 0 && number < values().length ? values()[number] : UNSPECIFIED;
        }
    }

    public StoreSource {
        requireNonNull(kind, "kind is null");
        extra = extra == null ? new byte[0] : extra.clone();
    }

    /** The source Reel's own writers declare: kind OTHER with a UTF-8 description. */
    public static StoreSource other(String description) {
        return new StoreSource(Kind.OTHER, description.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public byte[] extra() {
        return extra.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StoreSource other && kind == other.kind && Arrays.equals(extra, other.extra);
    }

    @Override
    public int hashCode() {
        return kind.hashCode() * 31 + Arrays.hashCode(extra);
    }

    @Override
    public String toString() {
        if (kind == Kind.OTHER) {
            return "other(" + new String(extra, StandardCharsets.UTF_8) + ")";
        }
        return kind.name().toLowerCase(java.util.Locale.ROOT)
                + (extra.length == 0 ? "" : "(" + HexFormat.of().formatHex(extra) + ")");
    }
}
