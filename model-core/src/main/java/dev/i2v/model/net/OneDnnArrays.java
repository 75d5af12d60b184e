package dev.i2v.model.net;

import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;

/** Handing ND4J arrays to oneDNN without copies: which arrays it can read in place, and where their data starts. */
public final class OneDnnArrays {

    private OneDnnArrays() {
    }

    /** {@code array} itself when it is dense and in C order (oneDNN reads it in place), else such a copy. */
    public static INDArray dense(final INDArray array) {
        return isDense(array) ? array : array.dup('c');
    }

    /** In C order with no gaps: oneDNN's plain layouts (nchw, oihw, x) describe it as it is. */
    public static boolean isDense(final INDArray array) {
        return array.ordering() == 'c' && Shape.hasDefaultStridesForShape(array);
    }

    /** The address of a dense array's first element (a view's data buffer starts at the view's offset). */
    public static Pointer address(final INDArray dense) {
        return dense.data().addressPointer();
    }
}
