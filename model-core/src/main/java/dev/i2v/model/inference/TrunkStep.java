package dev.i2v.model.inference;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One operation of the inference trunk, after folding: what {@link CompiledTrunk} turns into oneDNN primitives.
 * {@code output} names the graph vertex whose activations the step produces (after folding, the last folded one).
 */
sealed interface TrunkStep {

    String output();

    List<String> inputs();

    /**
     * A convolution with its batch norm folded in (if one followed), and ReLU if the layer, its batch norm or a
     * following activation layer applied one.
     *
     * @param weights [out, in, kH, kW], c-order, batch norm's scale already applied
     * @param bias    [out], batch norm's shift already applied; null for none
     * @param padding top and left padding of the Truncate/Strict modes; ignored in Same mode
     */
    record Conv(String output, String input, INDArray weights, INDArray bias, int[] kernel, int[] stride, int[] padding,
                boolean sameMode, boolean relu) implements TrunkStep {
        @Override
        public List<String> inputs() {
            return List.of(input);
        }
    }

    /** Max or average pooling (average only without padding, where DL4J and oneDNN divide alike). */
    record Pool(String output, String input, boolean max, int[] kernel, int[] stride, int[] padding, boolean sameMode)
            implements TrunkStep {
        @Override
        public List<String> inputs() {
            return List.of(input);
        }
    }

    /** The element-wise sum of two or more inputs of one shape, then ReLU if an activation layer followed. */
    record Add(String output, List<String> inputs, boolean relu) implements TrunkStep {
    }

    /** A ReLU that could not be folded into the step before it. */
    record Relu(String output, String input) implements TrunkStep {
        @Override
        public List<String> inputs() {
            return List.of(input);
        }
    }
}
