package dev.reel.api.log;

/**
 * The kinds of log message. The numbers are the {@code kind} of an {@code .rrd} message header and the field
 * numbers of the {@code LogMsg} oneof used over gRPC.
 */
public enum MessageKind {
    SET_STORE_INFO(1),
    ARROW_MSG(2),
    BLUEPRINT_ACTIVATION_COMMAND(3);

    private final int number;

    MessageKind(int number) {
        this.number = number;
    }

    public int number() {
        return number;
    }

    /** The kind with this number, or {@code null} if the number names no log message. */
    public static MessageKind fromNumber(long number) {
        for (MessageKind kind : values()) {
            if (kind.number == number) {
                return kind;
            }
        }
        return null;
    }
}
