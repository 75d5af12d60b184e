package dev.i2v.model.inference;

import dev.i2v.model.net.ClosingLruCache;
import dev.i2v.model.net.NativeBackend;
import dev.i2v.model.net.OneDnnLibrary;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.transferlearning.TransferLearningHelper;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Inference with the convolutional trunk on oneDNN directly and the head on DL4J: the same outputs as
 * {@code ComputationGraph.output}, about three times faster for VGG16 on an AVX-512 CPU (bench/results/model.md).
 * DL4J hands every convolution NCHW arrays, so libnd4j reorders to oneDNN's blocked layout and back around each one
 * and applies batch norm and ReLU as passes of their own; here the trunk stays blocked, batch norm is folded into
 * the convolution and ReLU fused into it. Used on the CPU backend only, and off with {@code -D}{@value #SWITCH}{@code =false}.
 * Not thread-safe, like the network it reads.
 */
public final class OneDnnTrunk implements AutoCloseable {

    /** The system property that turns it off (for comparison, or if it ever misbehaves). */
    public static final String SWITCH = "i2v.inference.onednn";
    private static final Logger LOG = LoggerFactory.getLogger(OneDnnTrunk.class);
    /** Compiled shapes kept: the tagger's full batches and its last, partial one. */
    private static final int SHAPES_KEPT = 2;

    private final TrunkPlan plan;
    private final ComputationGraph head;
    private final List<String> headInputs;
    private final Map<List<Long>, CompiledTrunk> compiled = new ClosingLruCache<>(SHAPES_KEPT);

    private OneDnnTrunk(final TrunkPlan plan, final ComputationGraph head) {
        this.plan = plan;
        this.head = head;
        this.headInputs = head.getConfiguration().getNetworkInputs();
    }

    /**
     * The trunk of {@code net} on oneDNN, or empty (logged) where it does not apply: then use the network itself.
     *
     * @param inputSize the side of the (RGB, square) images it will get: the trunk is tried on one at once
     */
    public static Optional<OneDnnTrunk> of(final ComputationGraph net, final int inputSize) {
        final String unavailable = Availability.REASON;
        if (unavailable != null) {
            LOG.info("Inference on DL4J alone: {}", unavailable);
            return Optional.empty();
        }
        final Optional<TrunkPlan> plan = TrunkPlan.of(net);
        if (plan.isEmpty()) {
            LOG.info("Inference on DL4J alone: the network has no convolutional trunk oneDNN can run");
            return Optional.empty();
        }
        final ComputationGraph head = head(net, plan.get().boundary());
        final List<String> inputs = head.getConfiguration().getNetworkInputs();
        final HashSet<String> known = new HashSet<>(plan.get().boundary());
        known.add(plan.get().input());
        if (!known.containsAll(inputs)) {
            head.close();
            LOG.warn("Inference on DL4J alone: the head would read {}, not only the trunk's {}", inputs, plan.get().boundary());
            return Optional.empty();
        }
        final OneDnnTrunk trunk = new OneDnnTrunk(plan.get(), head);
        try {
            trunk.compiledFor(new long[] {1, 3, inputSize, inputSize}); // a network oneDNN refuses is found here, not mid-stream
        } catch (RuntimeException e) {
            trunk.close();
            LOG.warn("Inference on DL4J alone: oneDNN cannot run this network's trunk ({})", e.toString());
            return Optional.empty();
        }
        LOG.info("Inference: {} trunk steps on oneDNN {} (ending at {}), the head on DL4J", plan.get().steps().size(),
                OneDnnLibrary.version(), plan.get().boundary());
        return Optional.of(trunk);
    }

    /** The network's {@code outputs} (head vertices) for {@code input}, in inference mode. */
    public INDArray[] output(final List<String> outputs, final INDArray input) {
        final INDArray[] boundary = compiledFor(input.shape()).run(input);
        final INDArray[] headIn = new INDArray[headInputs.size()];
        for (int i = 0; i < headIn.length; i++) {
            final int b = plan.boundary().indexOf(headInputs.get(i));
            headIn[i] = b >= 0 ? boundary[b] : input;
        }
        final INDArray[] out = head.output(outputs, false, headIn, null);
        for (final INDArray a : boundary) {
            a.close();
        }
        return out;
    }

    private CompiledTrunk compiledFor(final long[] shape) {
        final List<Long> key = new ArrayList<>();
        for (final long d : shape) {
            key.add(d);
        }
        CompiledTrunk trunk = compiled.get(key);
        if (trunk == null) {
            trunk = new CompiledTrunk(plan, shape, OneDnnLibrary.engine());
            LOG.debug("oneDNN trunk for input {}: {}", key, trunk.size());
            compiled.put(key, trunk);
        }
        return trunk;
    }

    /**
     * The graph after the trunk, reading the boundary vertices as its inputs (DL4J's transfer-learning split, on a copy:
     * it freezes the graph it splits).
     */
    private static ComputationGraph head(final ComputationGraph net, final List<String> boundary) {
        return new TransferLearningHelper(net.clone(), boundary.toArray(String[]::new)).unfrozenGraph();
    }

    @Override
    public void close() {
        compiled.values().forEach(CompiledTrunk::close);
        compiled.clear();
        head.close();
    }

    /** Why the trunk cannot run here (asked once), or null when it can. */
    private static final class Availability {
        static final String REASON = reason();

        private static String reason() {
            if ("false".equalsIgnoreCase(System.getProperty(SWITCH))) {
                return "switched off by -D" + SWITCH + "=false";
            }
            if (NativeBackend.loadedLibrary("nd4jcpu") == null) {
                return "not the CPU backend";
            }
            return OneDnnLibrary.available() ? null : "oneDNN's own library is absent";
        }
    }
}
