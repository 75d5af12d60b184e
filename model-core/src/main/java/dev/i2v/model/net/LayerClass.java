package dev.i2v.model.net;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.nd4j.shade.jackson.core.JsonProcessingException;

/**
 * Moves DL4J layer configurations between a plain layer class and its oneDNN subclass through DL4J's own JSON, where
 * the two differ only in the class name: so every setting is copied, and saved networks upgrade by a rename.
 */
final class LayerClass {

    private LayerClass() {
    }

    /** The same layer as {@code plain}, as an instance of its subclass {@code target}. */
    static <T extends Layer> T as(final Layer plain, final Class<T> target) {
        try {
            final String json = NeuralNetConfiguration.mapper().writeValueAsString(plain);
            return target.cast(NeuralNetConfiguration.mapper().readValue(renamed(json, plain.getClass(), target), Layer.class));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("DL4J cannot map its own " + plain.getClass().getSimpleName() + " to JSON and back", e);
        }
    }

    /** DL4J configuration JSON (a layer's or a whole graph's) with every layer of class {@code from} made one of {@code to}. */
    static String renamed(final String json, final Class<? extends Layer> from, final Class<? extends Layer> to) {
        return json.replace('"' + from.getName() + '"', '"' + to.getName() + '"');
    }
}
