package dev.reel.rrd;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;
import dev.reel.api.bus.LogFrame;
import dev.reel.api.log.MessageKind;
import java.io.IOException;

/**
 * The gRPC form of a message (rerun-rrd-format.md §7.1): Rerun's proxy messages {@code WriteMessagesRequest} and
 * {@code ReadMessagesResponse} carry one {@code LogMsg} in field 1, whose oneof field number is the message's kind
 * (1 store info, 2 Arrow message, 3 blueprint activation) and whose bytes are the same payload an {@code .rrd}
 * message holds. There is no stream header, message header or footer: payloads pass through as they are, in both
 * directions, without being parsed here.
 */
public final class GrpcLogMsg {
    /** The field of {@code WriteMessagesRequest} and {@code ReadMessagesResponse} that holds the {@code LogMsg}. */
    private static final int LOG_MSG_FIELD = 1;

    private GrpcLogMsg() {}

    /** A frame as a proxy message ({@code {log_msg: {<kind>: payload}}}). */
    public static byte[] wrap(LogFrame frame) {
        int payload = frame.size();
        int logMsg = CodedOutputStream.computeTagSize(frame.kind().number())
                + CodedOutputStream.computeUInt32SizeNoTag(payload) + payload;
        byte[] bytes = new byte[CodedOutputStream.computeTagSize(LOG_MSG_FIELD)
                + CodedOutputStream.computeUInt32SizeNoTag(logMsg) + logMsg];
        CodedOutputStream out = CodedOutputStream.newInstance(bytes);
        try {
            out.writeTag(LOG_MSG_FIELD, WireFormat.WIRETYPE_LENGTH_DELIMITED);
            out.writeUInt32NoTag(logMsg);
            out.writeTag(frame.kind().number(), WireFormat.WIRETYPE_LENGTH_DELIMITED);
            out.writeUInt32NoTag(payload);
            out.writeRawBytes(frame.payload());
            out.checkNoSpaceLeft();
        } catch (IOException e) {
            throw new IllegalStateException("a message sized in advance did not fit", e);
        }
        return bytes;
    }

    /**
     * The message a proxy message carries, as a frame of a stream (for {@link StoreAttribution}).
     *
     * @param source names the stream in errors
     * @param index the message's number in its stream, given as the frame's offset
     * @throws RrdFormatException if it is not valid protobuf, or holds no log message of a known kind
     */
    public static RrdFrame unwrap(byte[] message, String source, long index) throws RrdFormatException {
        try {
            CodedInputStream in = CodedInputStream.newInstance(message);
            byte[] logMsg = null;
            for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
                if (WireFormat.getTagFieldNumber(tag) == LOG_MSG_FIELD
                        && WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
                    logMsg = in.readByteArray();
                } else if (!in.skipField(tag)) {
                    break;
                }
            }
            if (logMsg == null) {
                throw bad(source, index, "the message has no log_msg");
            }
            CodedInputStream inner = CodedInputStream.newInstance(logMsg);
            RrdFrame frame = null;
            for (int tag = inner.readTag(); tag != 0; tag = inner.readTag()) {
                int field = WireFormat.getTagFieldNumber(tag);
                if (MessageKind.fromNumber(field) != null
                        && WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
                    // a oneof: the last one set wins, as protobuf parsers do
                    frame = new RrdFrame(index, field, inner.readByteArray());
                } else if (!inner.skipField(tag)) {
                    break;
                }
            }
            if (frame == null) {
                throw bad(source, index, "the log_msg holds no store info, Arrow message or blueprint activation");
            }
            return frame;
        } catch (IOException e) {
            throw new RrdFormatException(RrdFormatException.Kind.BAD_PROTOBUF, source, index,
                    "message " + index + " is not valid protobuf: " + e.getMessage(), e);
        }
    }

    private static RrdFormatException bad(String source, long index, String what) {
        return new RrdFormatException(RrdFormatException.Kind.BAD_PROTOBUF, source, index,
                "message " + index + ": " + what);
    }
}
