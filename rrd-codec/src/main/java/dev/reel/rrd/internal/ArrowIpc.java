package dev.reel.rrd.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import net.jpountz.xxhash.XXHash64;
import net.jpountz.xxhash.XXHashFactory;
import org.apache.arrow.flatbuf.KeyValue;
import org.apache.arrow.flatbuf.Message;
import org.apache.arrow.flatbuf.MessageHeader;
import org.apache.arrow.flatbuf.RecordBatch;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorLoader;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.ipc.message.MessageSerializer;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.arrow.vector.validate.ValidateVectorBufferVisitor;

/**
 * Arrow IPC streams of exactly one schema and one record batch, the payload of an {@code ArrowMsg}
 * (rerun-rrd-format.md §4). Reading is zero-copy: the vectors are slices of the buffer holding the stream.
 */
final class ArrowIpc {
    private static final int CONTINUATION = 0xFFFFFFFF;
    /** Schema layouts kept at most; a stream of ever new ones starts the cache over. */
    private static final int SCHEMA_CACHE_ENTRIES = 1024;
    private static final XXHash64 HASH = XXHashFactory.fastestInstance().hash64();
    /**
     * The fields of schemas parsed so far, by their metadata bytes with the schema's own (top-level) metadata
     * values blanked out. Rerun's chunks of one entity share their fields but each schema carries its chunk's id
     * in its top-level metadata, so the bytes of two schemas never match whole; with those values blanked they
     * do, and a chunk's schema is the cached fields with its own metadata read from the flatbuffer. Fields are
     * immutable, so one parse serves every chunk and thread.
     */
    private static final Map<SchemaLayout, List<Field>> SCHEMAS = new ConcurrentHashMap<>();

    /** Schema metadata bytes with the top-level metadata values blanked, compared by content. */
    private record SchemaLayout(byte[] bytes, long hash) {
        @Override
        public boolean equals(Object other) {
            return other instanceof SchemaLayout that && hash == that.hash && Arrays.equals(bytes, that.bytes);
        }

        @Override
        public int hashCode() {
            return Long.hashCode(hash);
        }
    }

    private ArrowIpc() {}

    /** Why an IPC stream was rejected. */
    static final class IpcException extends Exception {
        private static final long serialVersionUID = 1L;

        IpcException(String message) {
            super(message);
        }

        IpcException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * Reads the single record batch of an IPC stream. Takes ownership of {@code stream}: the returned vectors
     * keep the memory they use alive, and {@code stream} is released in any case.
     */
    static VectorSchemaRoot read(ArrowBuf stream, BufferAllocator allocator) throws IpcException {
        try (ArrowBuf owned = stream) {
            return readOwned(owned, allocator);
        } catch (RuntimeException e) {
            // flatbuffer accessors on corrupt metadata fail with index or buffer errors
            throw new IpcException("corrupt Arrow IPC metadata: " + e, e);
        }
    }

    private static VectorSchemaRoot readOwned(ArrowBuf owned, BufferAllocator allocator) throws IpcException {
        {
            long length = owned.capacity();
            Cursor cursor = new Cursor();
            Message schemaMessage = nextMessage(owned, length, cursor);
            if (schemaMessage == null || schemaMessage.headerType() != MessageHeader.Schema) {
                throw new IpcException("Arrow IPC stream does not start with a schema message");
            }
            Schema schema = schema(schemaMessage, owned, cursor);
            cursor.offset += schemaMessage.bodyLength();
            Message batchMessage = nextMessage(owned, length, cursor);
            if (batchMessage == null) {
                throw new IpcException("Arrow IPC stream has a schema but no record batch");
            }
            if (batchMessage.headerType() != MessageHeader.RecordBatch) {
                throw new IpcException("Arrow IPC stream has a message of type "
                        + MessageHeader.name(batchMessage.headerType()) + " where a record batch should be"
                        + " (dictionaries are not used by Rerun)");
            }
            long bodyLength = batchMessage.bodyLength();
            if (bodyLength < 0 || cursor.offset + bodyLength > length) {
                throw new IpcException("record batch body of " + bodyLength + " bytes runs past the end of the "
                        + "IPC stream (" + (length - cursor.offset) + " bytes left)");
            }
            RecordBatch batchHeader = (RecordBatch) batchMessage.header(new RecordBatch());
            if (batchHeader.compression() != null) {
                throw new IpcException("Arrow IPC body compression is not used by Rerun and not supported");
            }
            ArrowBuf body = owned.slice(cursor.offset, bodyLength);
            cursor.offset += bodyLength;
            Message trailing = nextMessage(owned, length, cursor);
            if (trailing != null) {
                throw new IpcException("Arrow IPC stream has more than one record batch");
            }
            return load(schema, batchHeader, body, allocator);
        }
    }

    /**
     * The schema of an IPC stream of one schema message (a footer's Sorbet schema), parsed once per layout as the
     * schemas of chunks are.
     */
    static Schema readSchema(byte[] ipc, BufferAllocator allocator) throws IpcException {
        try (ArrowBuf stream = allocator.buffer(ipc.length)) {
            stream.setBytes(0, ipc);
            Cursor cursor = new Cursor();
            Message message = nextMessage(stream, ipc.length, cursor);
            if (message == null || message.headerType() != MessageHeader.Schema) {
                throw new IpcException("Arrow IPC stream does not start with a schema message");
            }
            return schema(message, stream, cursor);
        } catch (RuntimeException e) {
            throw new IpcException("corrupt Arrow IPC metadata: " + e, e);
        }
    }

    private static VectorSchemaRoot load(Schema schema, RecordBatch header, ArrowBuf body,
            BufferAllocator allocator) throws IpcException {
        checkBuffers(header, body.capacity());
        // deserializeRecordBatch releases one reference to the body when it succeeds; the stream buffer
        // keeps its own.
        body.getReferenceManager().retain();
        ArrowRecordBatch batch;
        try {
            batch = MessageSerializer.deserializeRecordBatch(header, body);
        } catch (IOException | RuntimeException e) {
            body.getReferenceManager().release();
            throw new IpcException("invalid Arrow record batch: " + e.getMessage(), e);
        }
        VectorSchemaRoot root = null;
        try (batch) {
            root = VectorSchemaRoot.create(schema, allocator);
            new VectorLoader(root).load(batch);
            // Arrow's full validate() also checks each vector's type against its field, which holds by construction
            // here (the vectors were made from the fields) and formats its failure message on every call: a fifth
            // of the decoding of a small chunk. The buffers, the untrusted part, are all checked.
            for (FieldVector vector : root.getFieldVectors()) {
                vector.accept(new ValidateVectorBufferVisitor(), null);
            }
            return root;
        } catch (RuntimeException e) {
            if (root != null) {
                root.close();
            }
            throw new IpcException("invalid Arrow record batch: " + e.getMessage(), e);
        }
    }

    /** Buffers become slices of the body: each must lie inside it. */
    private static void checkBuffers(RecordBatch header, long bodyLength) throws IpcException {
        for (int i = 0; i < header.buffersLength(); i++) {
            org.apache.arrow.flatbuf.Buffer buffer = header.buffers(i);
            if (buffer.offset() < 0 || buffer.length() < 0 || buffer.offset() + buffer.length() > bodyLength) {
                throw new IpcException("record batch buffer " + i + " at " + buffer.offset() + "+"
                        + buffer.length() + " lies outside the " + bodyLength + "-byte body");
            }
        }
        if (header.length() < 0 || header.length() > Integer.MAX_VALUE) {
            throw new IpcException("record batch declares " + header.length() + " rows");
        }
    }

    /** The schema of a schema message, whose metadata the cursor's last message is. */
    private static Schema schema(Message message, ArrowBuf stream, Cursor cursor) throws IpcException {
        byte[] layout = new byte[cursor.metadataLength];
        stream.getBytes(cursor.metadataOffset, layout);
        Map<String, String> metadata = new HashMap<>();
        try {
            org.apache.arrow.flatbuf.Schema flat = (org.apache.arrow.flatbuf.Schema) message.header(
                    new org.apache.arrow.flatbuf.Schema());
            for (int i = 0; i < flat.customMetadataLength(); i++) {
                KeyValue entry = flat.customMetadata(i);
                ByteBuffer value = entry.valueAsByteBuffer();
                if (value != null) {
                    Arrays.fill(layout, value.position(), value.limit(), (byte) 0);
                }
                metadata.put(entry.key(), entry.value());
            }
        } catch (RuntimeException e) {
            throw new IpcException("invalid Arrow schema: " + e.getMessage(), e);
        }
        SchemaLayout key = new SchemaLayout(layout, HASH.hash(layout, 0, layout.length, 0));
        List<Field> fields = SCHEMAS.get(key);
        if (fields != null) {
            return new Schema(fields, metadata);
        }
        Schema schema;
        try {
            schema = MessageSerializer.deserializeSchema(message);
        } catch (RuntimeException e) {
            throw new IpcException("invalid Arrow schema: " + e.getMessage(), e);
        }
        if (SCHEMAS.size() >= SCHEMA_CACHE_ENTRIES) {
            SCHEMAS.clear();
        }
        fields = HashedField.of(schema.getFields());
        SCHEMAS.put(key, fields);
        return new Schema(fields, schema.getCustomMetadata());
    }

    private static final class Cursor {
        long offset;
        /** Where the last message's metadata (its flatbuffer) lies in the stream. */
        long metadataOffset;
        int metadataLength;
    }

    /** The next message's metadata, or null at the end of the stream (end marker or end of bytes). */
    private static Message nextMessage(ArrowBuf stream, long length, Cursor cursor) throws IpcException {
        if (cursor.offset == length) {
            return null;
        }
        if (cursor.offset + 4 > length) {
            throw new IpcException("Arrow IPC stream ends inside a message length");
        }
        int metadataLength = stream.getInt(cursor.offset);
        cursor.offset += 4;
        if (metadataLength == CONTINUATION) {
            if (cursor.offset + 4 > length) {
                throw new IpcException("Arrow IPC stream ends inside a message length");
            }
            metadataLength = stream.getInt(cursor.offset);
            cursor.offset += 4;
        }
        if (metadataLength == 0) {
            return null;
        }
        if (metadataLength < 0 || cursor.offset + metadataLength > length) {
            throw new IpcException("Arrow IPC message metadata of " + metadataLength + " bytes runs past the end "
                    + "of the stream");
        }
        ByteBuffer metadata = stream.nioBuffer(cursor.offset, metadataLength);
        cursor.metadataOffset = cursor.offset;
        cursor.metadataLength = metadataLength;
        cursor.offset += metadataLength;
        try {
            Message message = Message.getRootAsMessage(metadata);
            message.headerType(); // touches the table so garbage fails here
            return message;
        } catch (RuntimeException e) {
            throw new IpcException("Arrow IPC message metadata is not a valid flatbuffer", e);
        }
    }

    /** Writes {@code root} as an IPC stream (schema, one batch, end marker) into {@code sink}. */
    static void write(VectorSchemaRoot root, ByteSink sink) throws IOException {
        try (ArrowStreamWriter writer = new ArrowStreamWriter(root, null, (java.nio.channels.WritableByteChannel) sink)) {
            writer.start();
            writer.writeBatch();
            writer.end();
        }
    }
}
