package dev.i2v.model.net;

/** What the output layer predicts. */
public enum OutputMode {
    /** One sigmoid per tag, binary cross-entropy: the tagger (an image has many tags). */
    MULTI_LABEL,
    /** Softmax over classes, multi-class cross-entropy: one class per image, from class folders. */
    SINGLE_LABEL
}
