package dev.reel.api.log;

import java.util.Comparator;

/**
 * A Rerun release version as it travels in stream headers and {@code StoreInfo.store_version}: four bytes,
 * major, minor, patch and a meta byte ({@code 0} release, {@code 0x40|N} rc.N, {@code 0x80|N} alpha.N,
 * {@code 0xC0|N} alpha.N+dev).
 */
public record CrateVersion(int major, int minor, int patch, int meta) implements Comparable<CrateVersion> {
    /** The version Reel writes: the data model of the Rerun 0.33 viewer. */
    public static final CrateVersion WRITTEN = new CrateVersion(0, 33, 0, 0);
    /** The oldest version whose protobuf streams can be read. */
    public static final CrateVersion OLDEST_READABLE = new CrateVersion(0, 23, 0, 0);

    private static final Comparator<CrateVersion> ORDER = Comparator.comparingInt(CrateVersion::major)
            .thenComparingInt(CrateVersion::minor)
            .thenComparingInt(CrateVersion::patch);

    public CrateVersion {
        checkByte(major, "major");
        checkByte(minor, "minor");
        checkByte(patch, "patch");
        checkByte(meta, "meta");
    }

    private static void checkByte(int value, String name) {
        if (value < 0 || value > 255) {
            throw new IllegalArgumentException(name + " must fit in a byte: " + value);
        }
    }

    public static CrateVersion fromBytes(byte[] bytes, int offset) {
        return new CrateVersion(bytes[offset] & 0xff, bytes[offset + 1] & 0xff, bytes[offset + 2] & 0xff,
                bytes[offset + 3] & 0xff);
    }

    /** From {@code crate_version_bits}: the four bytes read as a little-endian int32. */
    public static CrateVersion fromBits(int bits) {
        return new CrateVersion(bits & 0xff, (bits >>> 8) & 0xff, (bits >>> 16) & 0xff, (bits >>> 24) & 0xff);
    }

    public int toBits() {
        return major | (minor << 8) | (patch << 16) | (meta << 24);
    }

    public byte[] toBytes() {
        return new byte[] {(byte) major, (byte) minor, (byte) patch, (byte) meta};
    }

    /** Compares major, minor and patch; the meta byte does not take part, as in Rerun. */
    @Override
    public int compareTo(CrateVersion other) {
        return ORDER.compare(this, other);
    }

    public boolean isOlderThan(CrateVersion other) {
        return compareTo(other) < 0;
    }

    @Override
    public String toString() {
        String base = major + "." + minor + "." + patch;
        int n = meta & 0x3f;
        return switch (meta & 0xc0) {
            case 0x40 -> base + "-rc." + n;
            case 0x80 -> base + "-alpha." + n;
            case 0xc0 -> base + "-alpha." + n + "+dev";
            default -> base;
        };
    }
}
