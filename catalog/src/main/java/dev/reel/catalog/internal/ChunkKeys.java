package dev.reel.catalog.internal;

import dev.reel.api.ChunkId;
import dev.reel.api.EntryId;
import dev.reel.api.LayerName;
import dev.reel.api.SegmentId;
import dev.reel.api.Tuid;
import dev.reel.catalog.CatalogException;
import dev.reel.catalog.internal.CatalogRecords.SegmentLayer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HexFormat;

/**
 * The {@code chunk_key} of a query's answer (B.2): opaque to clients, it says where the chunk lies — its
 * dataset (Rerun's viewer fetches without naming one), segment and layer, the byte range of its
 * {@code ArrowMsg} in the layer's file and its static flag — and which version of the
 * layer's file the range belongs to (the start of its SHA-256), so that a fetch after the layer was replaced
 * or its file changed fails instead of reading the wrong bytes.
 */
final class ChunkKeys {
    private static final int VERSION = 3;

    /** A decoded key. */
    record Key(EntryId dataset, SegmentLayer layer, ChunkId chunkId, boolean isStatic, long offset, long length,
            String fileSha256Prefix) {}

    private ChunkKeys() {}

    static byte[] encode(EntryId dataset, SegmentLayer layer, ChunkId chunkId, boolean isStatic, long offset,
            long length, String fileSha256) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(96);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            out.write(dataset.tuid().toBytes());
            out.write(chunkId.tuid().toBytes());
            out.writeBoolean(isStatic);
            out.writeLong(offset);
            out.writeLong(length);
            out.write(HexFormat.of().parseHex(fileSha256.substring(0, 16)));
            out.writeUTF(layer.segment().value());
            out.writeUTF(layer.layer().value());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static Key decode(byte[] key) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(key))) {
            if (in.readUnsignedByte() != VERSION) {
                throw CatalogException.badRequest("chunk key of an unknown version: take keys from a query");
            }
            byte[] dataset = in.readNBytes(16);
            byte[] id = in.readNBytes(16);
            boolean isStatic = in.readBoolean();
            long offset = in.readLong();
            long length = in.readLong();
            String sha = HexFormat.of().formatHex(in.readNBytes(8));
            SegmentLayer layer = new SegmentLayer(new SegmentId(in.readUTF()), new LayerName(in.readUTF()));
            if (dataset.length != 16 || id.length != 16 || offset < 0 || length <= 0 || in.available() != 0) {
                throw CatalogException.badRequest("malformed chunk key");
            }
            return new Key(new EntryId(Tuid.fromBytes(dataset)), layer, new ChunkId(Tuid.fromBytes(id)), isStatic,
                    offset, length, sha);
        } catch (IOException | IllegalArgumentException e) {
            throw CatalogException.badRequest("malformed chunk key: " + e.getMessage());
        }
    }
}
