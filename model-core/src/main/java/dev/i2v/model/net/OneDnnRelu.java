package dev.i2v.model.net;

import org.bytedeco.dnnl.global.dnnl;
import org.bytedeco.dnnl.post_ops;
import org.bytedeco.dnnl.primitive_attr;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationReLU;

/**
 * ReLU as oneDNN fuses it into the primitive before it: which activations it can take, and the attribute that does it.
 * Used by the training convolutions ({@link DirectOneDnnConvolution}) and the inference trunk alike.
 */
public final class OneDnnRelu {

    private OneDnnRelu() {
    }

    /** Plain max(0, x): DL4J's ReLU with no cap, threshold or negative slope, which oneDNN's {@code eltwise_relu} computes. */
    public static boolean isPlain(final IActivation activation) {
        return new ActivationReLU().equals(activation);
    }

    /** A primitive attribute applying ReLU to the primitive's output when {@code relu}, else an empty one. */
    public static primitive_attr postOpIf(final boolean relu) {
        final primitive_attr attr = new primitive_attr();
        if (relu) {
            final post_ops ops = new post_ops();
            ops.append_eltwise(1f, dnnl.algorithm.eltwise_relu, 0f, 0f);
            attr.set_post_ops(ops);
        }
        return attr;
    }
}
