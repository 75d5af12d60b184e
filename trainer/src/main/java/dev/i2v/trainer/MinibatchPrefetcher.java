package dev.i2v.trainer;

import dev.i2v.model.image.ImagePreprocessor;
import dev.i2v.model.net.OutputMode;
import dev.i2v.model.vocab.TagVocabulary;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Turns compact images into training minibatches (normalised float tensors and label matrices) on
 * its own thread, a few batches ahead of the training step, so the step never waits for them.
 */
final class MinibatchPrefetcher implements Iterator<DataSet>, AutoCloseable {

    private static final int AHEAD = 3;
    private static final Object END = new Object();

    /** What the worker hands over instead of a batch when preparing one failed. */
    private record Failure(Throwable cause) {
    }

    private final BlockingQueue<Object> ready = new ArrayBlockingQueue<>(AHEAD);
    private final Thread worker;
    private Object next;

    /** @param order the images in the order to train on, already shuffled */
    MinibatchPrefetcher(final List<LabelledImage> order, final int batchSize, final ImagePreprocessor preprocessor,
                        final TagVocabulary vocabulary, final OutputMode mode, final ImageAugmentation augmentation) {
        this.worker = new Thread(() -> {
            try {
                for (int from = 0; from < order.size(); from += batchSize) {
                    ready.put(minibatch(order.subList(from, Math.min(order.size(), from + batchSize)), preprocessor, vocabulary, mode,
                            augmentation));
                }
                ready.put(END);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Throwable t) {
                // every failure, Errors too, reaches the training thread: the batches queued before it are
                // dropped (the window is abandoned anyway), so there is room for it even in a full queue
                ready.clear();
                ready.offer(new Failure(t));
            }
        }, "i2v-trainer-prefetch");
        worker.setDaemon(true);
        worker.start();
    }

    static DataSet minibatch(final List<LabelledImage> images, final ImagePreprocessor preprocessor, final TagVocabulary vocabulary,
                             final OutputMode mode, final ImageAugmentation augmentation) {
        final List<byte[]> pixels = new ArrayList<>(images.size());
        final float[][] labels = new float[images.size()][];
        for (int i = 0; i < images.size(); i++) {
            pixels.add(augmentation.apply(images.get(i).pixels()));
            labels[i] = labelsOf(images.get(i).tags(), vocabulary, mode);
        }
        final INDArray features = preprocessor.batch(pixels);
        return new DataSet(features, Nd4j.create(labels));
    }

    /** Multi-hot over the vocabulary, or one-hot of the first known tag in single-label mode. */
    static float[] labelsOf(final List<String> tags, final TagVocabulary vocabulary, final OutputMode mode) {
        if (mode == OutputMode.MULTI_LABEL) {
            return vocabulary.multiHot(tags);
        }
        final float[] oneHot = new float[vocabulary.size()];
        final int c = SingleLabelEvaluator.classOf(tags, vocabulary);
        if (c >= 0) {
            oneHot[c] = 1;
        }
        return oneHot;
    }

    @Override
    public boolean hasNext() {
        if (next == null) {
            try {
                next = ready.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                next = END;
            }
            if (next instanceof Failure f) {
                next = END;
                throw new IllegalStateException("Preparing a training minibatch failed: " + f.cause(), f.cause());
            }
        }
        return next != END;
    }

    @Override
    public DataSet next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        final DataSet d = (DataSet) next;
        next = null;
        return d;
    }

    @Override
    public void close() {
        worker.interrupt();
    }
}
