package dev.reel.rrd;

/** How the Arrow data inside an {@code ArrowMsg} is stored. */
public enum Compression {
    /** Plain Arrow IPC bytes. */
    NONE,
    /** Raw LZ4 block (no frame, no size prefix), what Rerun writes by default. */
    LZ4;

    /** The value of byte 8 of the stream header. */
    public int headerByte() {
        return this == LZ4 ? 1 : 0;
    }

    /** The value of {@code rerun.common.v1alpha1.Compression}. */
    public int protoNumber() {
        return this == LZ4 ? 2 : 1;
    }
}
