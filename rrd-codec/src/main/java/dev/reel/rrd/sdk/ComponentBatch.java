package dev.reel.rrd.sdk;

import static java.util.Objects.requireNonNull;

import dev.reel.api.log.ComponentDescriptor;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The instances of one component logged in one row, such as the positions of 1,000 points. Each factory
 * fixes the Arrow type of the component's list items, following Rerun's types (e.g. a position is a
 * {@code FixedSizeList(3, Float32)}, a color a {@code UInt32}, a blob a {@code List<UInt8>}).
 */
public final class ComponentBatch {
    /** The item types Reel can log. */
    public enum ItemType {
        /** {@code Float32}, or {@code FixedSizeList(width, Float32)} when the width is above 1. */
        FLOAT32,
        FLOAT64,
        UINT8,
        UINT32,
        INT64,
        BOOL,
        UTF8,
        /** {@code List<UInt8>}: Rerun's blob. */
        BLOB
    }

    private final ComponentDescriptor descriptor;
    private final ItemType itemType;
    private final int width;
    private final Object values;
    private final int length;

    private ComponentBatch(ComponentDescriptor descriptor, ItemType itemType, int width, Object values, int length) {
        this.descriptor = requireNonNull(descriptor, "descriptor is null");
        this.itemType = itemType;
        this.width = width;
        this.values = values;
        this.length = length;
    }

    /** {@code values.length / width} instances of {@code width} floats each (width 1 gives plain floats). */
    public static ComponentBatch float32(ComponentDescriptor descriptor, float[] values, int width) {
        if (width < 1 || values.length % width != 0) {
            throw new IllegalArgumentException(descriptor + ": " + values.length + " floats are not a multiple of "
                    + width);
        }
        return new ComponentBatch(descriptor, ItemType.FLOAT32, width, values.clone(), values.length / width);
    }

    public static ComponentBatch float64(ComponentDescriptor descriptor, double... values) {
        return new ComponentBatch(descriptor, ItemType.FLOAT64, 1, values.clone(), values.length);
    }

    public static ComponentBatch uint8(ComponentDescriptor descriptor, byte... values) {
        return new ComponentBatch(descriptor, ItemType.UINT8, 1, values.clone(), values.length);
    }

    /** Unsigned 32-bit values, e.g. colors as {@code 0xRRGGBBAA}. */
    public static ComponentBatch uint32(ComponentDescriptor descriptor, int... values) {
        return new ComponentBatch(descriptor, ItemType.UINT32, 1, values.clone(), values.length);
    }

    public static ComponentBatch int64(ComponentDescriptor descriptor, long... values) {
        return new ComponentBatch(descriptor, ItemType.INT64, 1, values.clone(), values.length);
    }

    public static ComponentBatch bool(ComponentDescriptor descriptor, boolean... values) {
        return new ComponentBatch(descriptor, ItemType.BOOL, 1, values.clone(), values.length);
    }

    public static ComponentBatch utf8(ComponentDescriptor descriptor, String... values) {
        byte[][] encoded = new byte[values.length][];
        for (int i = 0; i < values.length; i++) {
            encoded[i] = requireNonNull(values[i], "text is null").getBytes(StandardCharsets.UTF_8);
        }
        return new ComponentBatch(descriptor, ItemType.UTF8, 1, encoded, values.length);
    }

    /** Blobs: each array is one instance. The arrays are not copied: do not change them after logging. */
    public static ComponentBatch blob(ComponentDescriptor descriptor, byte[]... blobs) {
        return new ComponentBatch(descriptor, ItemType.BLOB, 1, blobs.clone(), blobs.length);
    }

    public ComponentDescriptor descriptor() {
        return descriptor;
    }

    public ItemType itemType() {
        return itemType;
    }

    /** Values per instance for {@link ItemType#FLOAT32}; 1 otherwise. */
    public int width() {
        return width;
    }

    /** Number of instances. */
    public int length() {
        return length;
    }

    /** The values, as the array type of the item type ({@code float[]}, {@code byte[][]} for text and blobs). */
    Object values() {
        return values;
    }

    /** True if a column holding this batch can also hold {@code other} (same descriptor and Arrow type). */
    boolean sameTypeAs(ComponentBatch other) {
        return descriptor.equals(other.descriptor) && itemType == other.itemType && width == other.width;
    }

    /** Approximate bytes of the values, for batching thresholds. */
    long sizeBytes() {
        return switch (itemType) {
            case FLOAT32, UINT32 -> 4L * length * width;
            case FLOAT64, INT64 -> 8L * length;
            case UINT8, BOOL -> length;
            case UTF8, BLOB -> Arrays.stream((byte[][]) values).mapToLong(b -> b.length + 4L).sum();
        };
    }
}
