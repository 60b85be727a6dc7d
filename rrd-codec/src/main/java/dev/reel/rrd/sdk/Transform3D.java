package dev.reel.rrd.sdk;

import dev.reel.api.log.ComponentDescriptor;
import java.util.ArrayList;
import java.util.List;

/** A 3D transform ({@code rerun.archetypes.Transform3D}) of an entity relative to its parent. */
public final class Transform3D implements Archetype {
    static final ComponentDescriptor TRANSLATION =
            ComponentDescriptor.of("Transform3D", "translation", "Translation3D");
    static final ComponentDescriptor QUATERNION = ComponentDescriptor.of("Transform3D", "quaternion", "RotationQuat");
    static final ComponentDescriptor SCALE = ComponentDescriptor.of("Transform3D", "scale", "Scale3D");
    static final ComponentDescriptor MAT3X3 = ComponentDescriptor.of("Transform3D", "mat3x3", "TransformMat3x3");

    private final List<ComponentBatch> components;

    private Transform3D(List<ComponentBatch> components) {
        this.components = List.copyOf(components);
    }

    public static Transform3D translation(float x, float y, float z) {
        return new Transform3D(List.of(ComponentBatch.float32(TRANSLATION, new float[] {x, y, z}, 3)));
    }

    /** A rotation as the quaternion {@code x, y, z, w}. */
    public static Transform3D rotation(float x, float y, float z, float w) {
        return new Transform3D(List.of(ComponentBatch.float32(QUATERNION, new float[] {x, y, z, w}, 4)));
    }

    public Transform3D withRotation(float x, float y, float z, float w) {
        return with(ComponentBatch.float32(QUATERNION, new float[] {x, y, z, w}, 4));
    }

    public Transform3D withScale(float x, float y, float z) {
        return with(ComponentBatch.float32(SCALE, new float[] {x, y, z}, 3));
    }

    /** A 3x3 matrix in column-major order. */
    public Transform3D withMatrix(float... columnMajor) {
        if (columnMajor.length != 9) {
            throw new IllegalArgumentException("a 3x3 matrix has 9 values, got " + columnMajor.length);
        }
        return with(ComponentBatch.float32(MAT3X3, columnMajor, 9));
    }

    private Transform3D with(ComponentBatch batch) {
        List<ComponentBatch> more = new ArrayList<>(components);
        more.add(batch);
        return new Transform3D(more);
    }

    @Override
    public List<ComponentBatch> components() {
        return components;
    }
}
