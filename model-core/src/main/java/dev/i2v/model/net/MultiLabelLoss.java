package dev.i2v.model.net;

import java.util.Arrays;
import java.util.Locale;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.linalg.lossfunctions.impl.LossBinaryXENT;

/** The loss of the sigmoid outputs in multi-label mode. */
public enum MultiLabelLoss {
    /** Binary cross-entropy: the paper's loss. */
    BCE,
    /** Asymmetric loss (negatives focused with gamma 4 above a 0.05 margin): for thousands of mostly-absent tags. */
    ASL;

    /** The focusing and margin that the ASL paper recommends for multi-label image tagging. */
    private static final double ASL_GAMMA_NEGATIVE = 4;
    private static final double ASL_MARGIN = 0.05;

    ILossFunction function() {
        return this == ASL ? new AsymmetricLoss(ASL_GAMMA_NEGATIVE, ASL_MARGIN) : new LossBinaryXENT();
    }

    public static MultiLabelLoss parse(final String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Unknown loss '" + name + "'; use one of "
                    + Arrays.toString(values()).toLowerCase(Locale.ROOT) + ".", e);
        }
    }
}
