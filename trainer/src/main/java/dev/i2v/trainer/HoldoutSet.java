package dev.i2v.trainer;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/** The holdout images, newest kept: a bounded FIFO, so evaluation follows what the crawler sends now. */
final class HoldoutSet {

    private final int capacity;
    private final ArrayDeque<LabelledImage> images = new ArrayDeque<>();

    HoldoutSet(final int capacity) {
        this.capacity = capacity;
    }

    void add(final LabelledImage image) {
        if (capacity <= 0) {
            return;
        }
        if (images.size() == capacity) {
            images.removeFirst();
        }
        images.addLast(image);
    }

    int size() {
        return images.size();
    }

    List<LabelledImage> snapshot() {
        return new ArrayList<>(images);
    }
}
