package dev.i2v.trainer;

import java.util.List;

/**
 * One training or holdout image, kept compact: 8-bit CHW pixels at the model's input size
 * (3 x 224 x 224 = 150 KB for vgg16, 12 KB for the tiny backbone at 64 px) and its tag names.
 */
record LabelledImage(String id, byte[] pixels, List<String> tags) {
}
