package dev.reel.rrd.internal;

import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * A field that computes its hash code once. Arrow keys every {@link org.apache.arrow.vector.VectorSchemaRoot}'s
 * vectors by field, and a field hashes its name, type, metadata and children again at every call: for chunks of a
 * few columns that was 8% of decoding. The fields of cached schemas and migration plans are these, so every
 * chunk built from them hashes for free. Equal to (and hashing as) the plain field it copies.
 */
final class HashedField extends Field {
    private final int hash;

    private HashedField(Field field) {
        super(field.getName(), field.getFieldType(), of(field.getChildren()));
        this.hash = super.hashCode();
    }

    /** The field, hashing once (children included); a field that already does is returned as it is. */
    static Field of(Field field) {
        return field instanceof HashedField ? field : new HashedField(field);
    }

    /** The fields, each hashing once. */
    static List<Field> of(List<Field> fields) {
        List<Field> hashed = new ArrayList<>(fields.size());
        for (Field field : fields) {
            hashed.add(of(field));
        }
        return List.copyOf(hashed);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public boolean equals(Object other) {
        return super.equals(other);
    }
}
