package dev.reel.api;

/**
 * The value range of a time point. All timelines hold signed 64-bit values; the smallest one is reserved as
 * the marker of static data, which belongs to every timeline and to no time in particular.
 */
public final class TimeInt {
    /** The marker of static data; never a valid time on a timeline. */
    public static final long STATIC = Long.MIN_VALUE;
    /** The smallest time a timeline can hold. */
    public static final long MIN = Long.MIN_VALUE + 1;
    /** The largest time a timeline can hold. */
    public static final long MAX = Long.MAX_VALUE;

    private TimeInt() {}

    public static boolean isStatic(long time) {
        return time == STATIC;
    }

    /** Returns {@code time} if it can be stored on a timeline; throws for the static marker. */
    public static long checkTemporal(long time) {
        if (time == STATIC) {
            throw new IllegalArgumentException("time " + time + " is reserved as the static marker");
        }
        return time;
    }
}
