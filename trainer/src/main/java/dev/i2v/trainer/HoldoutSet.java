package dev.i2v.trainer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * The holdout images, newest kept: a bounded FIFO, so evaluation follows what the crawler sends now. An
 * image id published again replaces its earlier copy (icon themes ship one picture under many names, and
 * ids are content hashes), so no picture counts twice.
 */
final class HoldoutSet {

    private final int capacity;
    private final LinkedHashMap<String, LabelledImage> images = new LinkedHashMap<>();

    HoldoutSet(final int capacity) {
        this.capacity = capacity;
    }

    void add(final LabelledImage image) {
        if (capacity <= 0) {
            return;
        }
        images.remove(image.id());
        if (images.size() == capacity) {
            images.remove(images.keySet().iterator().next());
        }
        images.put(image.id(), image);
    }

    int size() {
        return images.size();
    }

    List<LabelledImage> snapshot() {
        return new ArrayList<>(images.values());
    }
}
