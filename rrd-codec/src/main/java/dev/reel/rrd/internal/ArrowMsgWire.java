package dev.reel.rrd.internal;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.ExtensionRegistryLite;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.WireFormat;
import dev.reel.rrd.proto.common.StoreId;
import dev.reel.rrd.proto.common.Tuid;
import java.io.IOException;

/**
 * The {@code ArrowMsg} protobuf, read and written field by field so that its (large) payload is never copied:
 * reading only notes where the payload lies in the message bytes, writing streams it straight out. Fields are
 * written in tag order, as Rerun does.
 */
final class ArrowMsgWire {
    static final int STORE_ID = 1;
    static final int COMPRESSION = 2;
    static final int UNCOMPRESSED_SIZE = 3;
    static final int ENCODING = 4;
    static final int PAYLOAD = 5;
    static final int CHUNK_ID = 6;
    static final int IS_STATIC = 7;
    /** Where the pre-release v0 schema of 0.23 dev builds put the payload. */
    static final int LEGACY_V0_PAYLOAD = 1000;

    static final int ENCODING_ARROW_IPC = 1;

    private ArrowMsgWire() {}

    /** An ArrowMsg whose payload is the byte range {@code [payloadOffset, payloadOffset + payloadLength)}. */
    record Header(StoreId storeId, int compression, long uncompressedSize, int encoding, byte[] bytes,
            int payloadOffset, int payloadLength, Tuid chunkId, Boolean isStatic, boolean hasLegacyPayload) {}

    static Header parse(byte[] bytes, int offset, int length) throws IOException {
        CodedInputStream in = CodedInputStream.newInstance(bytes, offset, length);
        StoreId storeId = null;
        int compression = 0;
        long uncompressedSize = 0;
        int encoding = 0;
        int payloadOffset = offset;
        int payloadLength = 0;
        Tuid chunkId = null;
        Boolean isStatic = null;
        boolean legacy = false;
        int tag;
        while ((tag = in.readTag()) != 0) {
            int field = WireFormat.getTagFieldNumber(tag);
            int wireType = WireFormat.getTagWireType(tag);
            switch (field) {
                case STORE_ID -> {
                    expect(wireType, WireFormat.WIRETYPE_LENGTH_DELIMITED, field);
                    StoreId.Builder builder = StoreId.newBuilder();
                    in.readMessage(builder, ExtensionRegistryLite.getEmptyRegistry());
                    storeId = builder.build();
                }
                case COMPRESSION -> {
                    expect(wireType, WireFormat.WIRETYPE_VARINT, field);
                    compression = in.readEnum();
                }
                case UNCOMPRESSED_SIZE -> {
                    expect(wireType, WireFormat.WIRETYPE_VARINT, field);
                    uncompressedSize = in.readUInt64();
                }
                case ENCODING -> {
                    expect(wireType, WireFormat.WIRETYPE_VARINT, field);
                    encoding = in.readEnum();
                }
                case PAYLOAD -> {
                    expect(wireType, WireFormat.WIRETYPE_LENGTH_DELIMITED, field);
                    payloadLength = in.readRawVarint32();
                    if (payloadLength < 0 || payloadLength > length - in.getTotalBytesRead()) {
                        throw new InvalidProtocolBufferException("payload length " + payloadLength
                                + " runs past the end of the message");
                    }
                    payloadOffset = offset + in.getTotalBytesRead();
                    in.skipRawBytes(payloadLength);
                }
                case CHUNK_ID -> {
                    expect(wireType, WireFormat.WIRETYPE_LENGTH_DELIMITED, field);
                    Tuid.Builder builder = Tuid.newBuilder();
                    in.readMessage(builder, ExtensionRegistryLite.getEmptyRegistry());
                    chunkId = builder.build();
                }
                case IS_STATIC -> {
                    expect(wireType, WireFormat.WIRETYPE_VARINT, field);
                    isStatic = in.readBool();
                }
                default -> {
                    legacy |= field == LEGACY_V0_PAYLOAD;
                    if (!in.skipField(tag)) {
                        return new Header(storeId, compression, uncompressedSize, encoding, bytes, payloadOffset,
                                payloadLength, chunkId, isStatic, legacy);
                    }
                }
            }
        }
        return new Header(storeId, compression, uncompressedSize, encoding, bytes, payloadOffset, payloadLength,
                chunkId, isStatic, legacy);
    }

    private static void expect(int wireType, int expected, int field) throws InvalidProtocolBufferException {
        if (wireType != expected) {
            throw new InvalidProtocolBufferException("field " + field + " has wire type " + wireType
                    + ", expected " + expected);
        }
    }

    /**
     * Size of the encoded message. The chunk id and static flag are written only when known (null: the message
     * came from a stream older than 0.24 or 0.25 and said nothing).
     */
    static int size(StoreId storeId, int compression, long uncompressedSize, int payloadLength, Tuid chunkId,
            Boolean isStatic) {
        return CodedOutputStream.computeMessageSize(STORE_ID, storeId)
                + CodedOutputStream.computeEnumSize(COMPRESSION, compression)
                + (uncompressedSize == 0 ? 0 : CodedOutputStream.computeUInt64Size(UNCOMPRESSED_SIZE, uncompressedSize))
                + CodedOutputStream.computeEnumSize(ENCODING, ENCODING_ARROW_IPC)
                + CodedOutputStream.computeTagSize(PAYLOAD) + CodedOutputStream.computeUInt32SizeNoTag(payloadLength)
                + payloadLength
                + (chunkId == null ? 0 : CodedOutputStream.computeMessageSize(CHUNK_ID, chunkId))
                + (isStatic == null ? 0 : CodedOutputStream.computeBoolSize(IS_STATIC, isStatic));
    }

    static void write(CodedOutputStream out, StoreId storeId, int compression, long uncompressedSize,
            byte[] payload, int payloadOffset, int payloadLength, Tuid chunkId, Boolean isStatic)
            throws IOException {
        out.writeMessage(STORE_ID, storeId);
        out.writeEnum(COMPRESSION, compression);
        if (uncompressedSize != 0) {
            out.writeUInt64(UNCOMPRESSED_SIZE, uncompressedSize);
        }
        out.writeEnum(ENCODING, ENCODING_ARROW_IPC);
        out.writeByteArray(PAYLOAD, payload, payloadOffset, payloadLength);
        if (chunkId != null) {
            out.writeMessage(CHUNK_ID, chunkId);
        }
        if (isStatic != null) {
            out.writeBool(IS_STATIC, isStatic);
        }
    }

    /** The message with another store id; every other field as it was (unknown ones dropped). */
    static byte[] withStoreId(byte[] message, StoreId storeId) throws IOException {
        Header header = parse(message, 0, message.length);
        byte[] rewritten = new byte[size(storeId, header.compression(), header.uncompressedSize(),
                header.payloadLength(), header.chunkId(), header.isStatic())];
        CodedOutputStream out = CodedOutputStream.newInstance(rewritten);
        write(out, storeId, header.compression(), header.uncompressedSize(), message, header.payloadOffset(),
                header.payloadLength(), header.chunkId(), header.isStatic());
        out.checkNoSpaceLeft();
        return rewritten;
    }
}
