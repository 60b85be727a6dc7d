package dev.reel.testing;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.function.UnaryOperator;

/**
 * Rewrites an {@code .rrd} stream into the framing Rerun 0.24 wrote (rerun-rrd-format.md §3, §10): no store id
 * names its application; the application id is only in the deprecated {@code StoreInfo.application_id} of each
 * store info, and Arrow messages carry no {@code is_static}. Works on raw protobuf fields, independently of
 * Reel's codec, so that tests check the codec against a second reader of the format. Footers are dropped.
 */
public final class LegacyFraming {
    private static final int HEADER = 12;
    private static final int MESSAGE_HEADER = 16;

    private LegacyFraming() {}

    /** The stream with every message rewritten to 0.24 framing and the header version set to 0.24.1. */
    public static byte[] of(byte[] stream) {
        ByteBuffer in = ByteBuffer.wrap(stream).order(ByteOrder.LITTLE_ENDIAN);
        ByteArrayOutputStream out = new ByteArrayOutputStream(stream.length);
        int position = 0;
        while (position < stream.length) {
            if (isStreamHeader(stream, position)) {
                byte[] header = java.util.Arrays.copyOfRange(stream, position, position + HEADER);
                header[4] = 0;
                header[5] = 24;
                header[6] = 1;
                header[7] = 0;
                out.writeBytes(header);
                position += HEADER;
                continue;
            }
            long kind = in.getLong(position);
            int length = Math.toIntExact(in.getLong(position + 8));
            byte[] payload = java.util.Arrays.copyOfRange(stream, position + MESSAGE_HEADER,
                    position + MESSAGE_HEADER + length);
            position += MESSAGE_HEADER + length;
            if (kind == 0) {
                // an End message: drop it and the footer trailer that may follow, as 0.24 wrote none
                if (position + 32 <= stream.length && isFooter(stream, position)) {
                    position += 32;
                }
                continue;
            }
            byte[] legacy = switch ((int) kind) {
                case 1 -> storeInfo(payload);
                case 2 -> withoutField(rewrite(payload, 1, LegacyFraming::storeIdWithoutApplication), 7);
                case 3 -> rewrite(payload, 1, LegacyFraming::storeIdWithoutApplication);
                default -> throw new IllegalArgumentException("unknown message kind " + kind);
            };
            ByteBuffer header = ByteBuffer.allocate(MESSAGE_HEADER).order(ByteOrder.LITTLE_ENDIAN);
            out.writeBytes(header.putLong(kind).putLong(legacy.length).array());
            out.writeBytes(legacy);
        }
        return out.toByteArray();
    }

    private static boolean isStreamHeader(byte[] bytes, int at) {
        return at + 4 <= bytes.length && bytes[at] == 'R' && bytes[at + 1] == 'R' && bytes[at + 2] == 'F'
                && bytes[at + 3] == '2';
    }

    private static boolean isFooter(byte[] bytes, int at) {
        return new String(bytes, at + 20, 8, StandardCharsets.US_ASCII).equals("RRF2FOOT");
    }

    /** SetStoreInfo: the application moves from {@code info.store_id} to {@code info.application_id}. */
    private static byte[] storeInfo(byte[] payload) {
        return rewrite(payload, 2, info -> {
            String application = applicationOf(field(info, 2));
            byte[] withoutApplication = rewrite(info, 2, LegacyFraming::storeIdWithoutApplication);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try {
                CodedOutputStream coded = CodedOutputStream.newInstance(out);
                ByteArrayOutputStream id = new ByteArrayOutputStream();
                CodedOutputStream idCoded = CodedOutputStream.newInstance(id);
                idCoded.writeString(1, application);
                idCoded.flush();
                coded.writeByteArray(1, id.toByteArray());
                coded.writeRawBytes(withoutField(withoutApplication, 1));
                coded.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return out.toByteArray();
        });
    }

    private static byte[] storeIdWithoutApplication(byte[] storeId) {
        return withoutField(storeId, 3);
    }

    private static String applicationOf(byte[] storeId) {
        byte[] application = field(storeId, 3);
        return application == null ? null : new String(field(application, 1), StandardCharsets.UTF_8);
    }

    /** The bytes of the first length-delimited field {@code number}, or null. */
    private static byte[] field(byte[] message, int number) {
        try {
            CodedInputStream in = CodedInputStream.newInstance(message);
            int tag;
            while ((tag = in.readTag()) != 0) {
                if (WireFormat.getTagFieldNumber(tag) == number
                        && WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
                    return in.readByteArray();
                }
                in.skipField(tag);
            }
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] withoutField(byte[] message, int number) {
        return transform(message, number, null);
    }

    private static byte[] rewrite(byte[] message, int number, UnaryOperator<byte[]> change) {
        return transform(message, number, change);
    }

    /** Copies every field; field {@code number} is dropped (null change) or its bytes changed. */
    private static byte[] transform(byte[] message, int number, UnaryOperator<byte[]> change) {
        try {
            CodedInputStream in = CodedInputStream.newInstance(message);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(message.length);
            CodedOutputStream out = CodedOutputStream.newInstance(bytes);
            int tag;
            while ((tag = in.readTag()) != 0) {
                if (WireFormat.getTagFieldNumber(tag) != number) {
                    in.skipField(tag, out);
                } else if (change != null) {
                    out.writeByteArray(number, change.apply(in.readByteArray()));
                } else {
                    in.skipField(tag);
                }
            }
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
