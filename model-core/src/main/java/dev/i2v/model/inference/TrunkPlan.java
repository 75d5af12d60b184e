package dev.i2v.model.inference;

import dev.i2v.model.net.OneDnnBatchNormalization;
import dev.i2v.model.net.OneDnnConvolutionLayer;
import dev.i2v.model.net.OneDnnRelu;
import dev.i2v.model.net.OneDnnSubsamplingLayer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayer;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayerWithBackprop;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Which part of a graph runs on oneDNN at inference, and as what: the trunk is every vertex, from the single image
 * input on, that is a supported kind (convolution, batch norm right after a convolution, max or average pooling,
 * element-wise add, ReLU) and reads only trunk vertices. Batch norms are folded into their convolutions and ReLUs
 * into the step before them, so each becomes one oneDNN primitive. The rest of the graph (the head) stays on DL4J
 * and reads the trunk's {@link #boundary()} vertices.
 */
final class TrunkPlan {

    private final String input;
    private final List<TrunkStep> steps;
    private final List<String> boundary;

    private TrunkPlan(final String input, final List<TrunkStep> steps, final List<String> boundary) {
        this.input = input;
        this.steps = List.copyOf(steps);
        this.boundary = List.copyOf(boundary);
    }

    /** The network's image input. */
    String input() {
        return input;
    }

    /** In an order that computes every input before its reader. */
    List<TrunkStep> steps() {
        return steps;
    }

    /** Trunk vertices the head reads, sorted by name. */
    List<String> boundary() {
        return boundary;
    }

    /** The trunk of {@code net}, or empty when it has none worth running apart (no convolution, or not one image input). */
    static Optional<TrunkPlan> of(final ComputationGraph net) {
        final ComputationGraphConfiguration conf = net.getConfiguration();
        if (conf.getNetworkInputs().size() != 1) {
            return Optional.empty();
        }
        final String input = conf.getNetworkInputs().get(0);
        final List<String> order = new ArrayList<>();
        for (final int index : net.topologicalSortOrder()) {
            order.add(net.getVertices()[index].getVertexName());
        }
        final Map<String, List<String>> readers = readers(conf, order);
        final Set<String> trunk = trunkVertices(conf, order, readers, input);
        final Set<String> outputs = new HashSet<>(conf.getNetworkOutputs());
        if (trunk.stream().anyMatch(outputs::contains)) {
            return Optional.empty(); // nothing left for the head to do
        }
        final List<TrunkStep> steps = steps(net, conf, order, readers, trunk);
        if (steps.stream().noneMatch(s -> s instanceof TrunkStep.Conv)) {
            return Optional.empty();
        }
        final List<String> boundary = new ArrayList<>();
        for (final String v : trunk) {
            if (!v.equals(input) && readers.get(v).stream().anyMatch(r -> !trunk.contains(r))) {
                boundary.add(v);
            }
        }
        boundary.sort(null);
        return Optional.of(new TrunkPlan(input, steps, boundary));
    }

    private static Map<String, List<String>> readers(final ComputationGraphConfiguration conf, final List<String> order) {
        final Map<String, List<String>> readers = new HashMap<>();
        order.forEach(v -> readers.put(v, new ArrayList<>()));
        conf.getVertexInputs().forEach((v, inputs) -> inputs.forEach(i -> readers.get(i).add(v)));
        return readers;
    }

    private static Set<String> trunkVertices(final ComputationGraphConfiguration conf, final List<String> order,
                                             final Map<String, List<String>> readers, final String input) {
        final Set<String> trunk = new HashSet<>();
        trunk.add(input);
        for (final String v : order) {
            final List<String> inputs = conf.getVertexInputs().get(v);
            if (v.equals(input) || inputs == null || !trunk.containsAll(inputs) || !supported(conf.getVertices().get(v))) {
                continue;
            }
            final Layer layer = layer(conf.getVertices().get(v));
            // a batch norm runs only folded into the convolution it alone reads
            if (layer instanceof BatchNormalization && !foldable(conf, readers, inputs.get(0))) {
                continue;
            }
            trunk.add(v);
        }
        return trunk;
    }

    /** A convolution without activation whose only reader is the batch norm after it. */
    private static boolean foldable(final ComputationGraphConfiguration conf, final Map<String, List<String>> readers, final String conv) {
        return readers.get(conv).size() == 1 && layer(conf.getVertices().get(conv)) instanceof ConvolutionLayer c
                && c.getActivationFn() instanceof ActivationIdentity;
    }

    private static boolean supported(final GraphVertex vertex) {
        if (vertex instanceof ElementWiseVertex e) {
            return e.getOp() == ElementWiseVertex.Op.Add;
        }
        if (!(vertex instanceof LayerVertex lv) || lv.getPreProcessor() != null) {
            return false;
        }
        final Layer layer = layer(vertex);
        if (layer.getClass() == ConvolutionLayer.class || layer.getClass() == OneDnnConvolutionLayer.class) {
            final ConvolutionLayer c = (ConvolutionLayer) layer;
            return nchw(c.getCnn2dDataFormat()) && ones(c.getDilation()) && plainMode(c.getConvolutionMode())
                    && (OneDnnRelu.isPlain(c.getActivationFn()) || c.getActivationFn() instanceof ActivationIdentity);
        }
        if (layer.getClass() == BatchNormalization.class || layer.getClass() == OneDnnBatchNormalization.class) {
            return nchw(((BatchNormalization) layer).getCnn2DFormat());
        }
        if (layer.getClass() == SubsamplingLayer.class || layer.getClass() == OneDnnSubsamplingLayer.class) {
            final SubsamplingLayer p = (SubsamplingLayer) layer;
            final boolean unpaddedAverage = p.getPoolingType() == PoolingType.AVG && p.getConvolutionMode() != ConvolutionMode.Same
                    && p.getPadding()[0] == 0 && p.getPadding()[1] == 0;
            return nchw(p.getCnn2dDataFormat()) && ones(p.getDilation()) && plainMode(p.getConvolutionMode())
                    && (p.getPoolingType() == PoolingType.MAX || unpaddedAverage);
        }
        if (layer.getClass() == ActivationLayer.class) {
            return OneDnnRelu.isPlain(((ActivationLayer) layer).getActivationFn());
        }
        return false;
    }

    private static List<TrunkStep> steps(final ComputationGraph net, final ComputationGraphConfiguration conf, final List<String> order,
                                         final Map<String, List<String>> readers, final Set<String> trunk) {
        final Map<String, TrunkStep> byOutput = new LinkedHashMap<>();
        for (final String v : order) {
            if (!trunk.contains(v) || conf.getNetworkInputs().contains(v)) {
                continue;
            }
            final List<String> inputs = conf.getVertexInputs().get(v);
            final GraphVertex vertex = conf.getVertices().get(v);
            if (vertex instanceof ElementWiseVertex) {
                byOutput.put(v, new TrunkStep.Add(v, inputs, false));
                continue;
            }
            final Layer layer = layer(vertex);
            if (layer instanceof BatchNormalization bn) {
                final String convName = inputs.get(0);
                byOutput.put(v, foldedConv(net, v, convName, conf.getVertexInputs().get(convName).get(0),
                        (ConvolutionLayer) layer(conf.getVertices().get(convName)), bn));
            } else if (layer instanceof ConvolutionLayer c) {
                final boolean foldedLater = readers.get(v).size() == 1 && trunk.contains(readers.get(v).get(0))
                        && layer(conf.getVertices().get(readers.get(v).get(0))) instanceof BatchNormalization;
                if (!foldedLater) {
                    byOutput.put(v, conv(v, inputs.get(0), c, net.getLayer(v).getParam("W"), c.hasBias() ? net.getLayer(v).getParam("b") : null,
                            OneDnnRelu.isPlain(c.getActivationFn())));
                }
            } else if (layer instanceof SubsamplingLayer p) {
                byOutput.put(v, new TrunkStep.Pool(v, inputs.get(0), p.getPoolingType() == PoolingType.MAX, p.getKernelSize(), p.getStride(),
                        p.getPadding(), p.getConvolutionMode() == ConvolutionMode.Same));
            } else {
                byOutput.put(v, withRelu(byOutput, readers, inputs.get(0), v));
            }
        }
        return List.copyOf(byOutput.values());
    }

    /** The ReLU layer {@code v} folded into the step computing {@code in} when nothing else reads it, else a step of its own. */
    private static TrunkStep withRelu(final Map<String, TrunkStep> byOutput, final Map<String, List<String>> readers, final String in,
                                      final String v) {
        final TrunkStep before = byOutput.get(in);
        if (readers.get(in).size() == 1 && before instanceof TrunkStep.Add a && !a.relu()) {
            byOutput.remove(in);
            return new TrunkStep.Add(v, a.inputs(), true);
        }
        if (readers.get(in).size() == 1 && before instanceof TrunkStep.Conv c && !c.relu()) {
            byOutput.remove(in);
            return new TrunkStep.Conv(v, c.input(), c.weights(), c.bias(), c.kernel(), c.stride(), c.padding(), c.sameMode(), true);
        }
        return new TrunkStep.Relu(v, in);
    }

    private static TrunkStep.Conv conv(final String output, final String input, final ConvolutionLayer c, final INDArray weights,
                                       final INDArray bias, final boolean relu) {
        return new TrunkStep.Conv(output, input, weights.castTo(DataType.FLOAT).dup('c'), bias == null ? null : bias.castTo(DataType.FLOAT).reshape(-1).dup('c'),
                c.getKernelSize(), c.getStride(), c.getPadding(), c.getConvolutionMode() == ConvolutionMode.Same, relu);
    }

    /**
     * The convolution {@code convName} with the batch norm {@code bnName} after it folded in: at inference the norm is
     * y = gamma (x - mean) / std + beta per channel, so the weights scale by gamma / std and the bias shifts.
     */
    private static TrunkStep.Conv foldedConv(final ComputationGraph net, final String bnName, final String convName, final String convInput,
                                             final ConvolutionLayer c, final BatchNormalization bn) {
        final org.deeplearning4j.nn.api.Layer norm = net.getLayer(bnName);
        final INDArray mean = norm.getParam(BatchNormalizationParamInitializer.GLOBAL_MEAN).castTo(DataType.DOUBLE).reshape(-1);
        final INDArray std = bn.isUseLogStd()
                ? Transforms.pow(mean.like().assign(10.0), norm.getParam(BatchNormalizationParamInitializer.GLOBAL_LOG_STD).castTo(DataType.DOUBLE).reshape(-1))
                : Transforms.sqrt(norm.getParam(BatchNormalizationParamInitializer.GLOBAL_VAR).castTo(DataType.DOUBLE).reshape(-1).add(bn.getEps()));
        final INDArray gamma = bn.isLockGammaBeta() ? mean.like().assign(bn.getGamma())
                : norm.getParam(BatchNormalizationParamInitializer.GAMMA).castTo(DataType.DOUBLE).reshape(-1);
        final INDArray beta = bn.isLockGammaBeta() ? mean.like().assign(bn.getBeta())
                : norm.getParam(BatchNormalizationParamInitializer.BETA).castTo(DataType.DOUBLE).reshape(-1);
        final INDArray scale = gamma.div(std);
        final INDArray w = net.getLayer(convName).getParam("W").castTo(DataType.DOUBLE);
        final INDArray scaled = w.reshape('c', w.size(0), -1).mulColumnVector(scale.reshape(-1, 1)).reshape('c', w.shape());
        final INDArray convBias = c.hasBias() ? net.getLayer(convName).getParam("b").castTo(DataType.DOUBLE).reshape(-1) : mean.like();
        final INDArray shift = convBias.sub(mean).muli(scale).addi(beta);
        // no ReLU, whatever the configuration says: DL4J's batch norm layer never applies its activation (M2.1 returns
        // the normalised values from activate and backprops without it), so the network was trained without one
        return conv(bnName, convInput, c, scaled, shift, false);
    }

    static Layer layer(final GraphVertex vertex) {
        Layer layer = vertex instanceof LayerVertex lv ? lv.getLayerConf().getLayer() : null;
        while (layer instanceof FrozenLayer || layer instanceof FrozenLayerWithBackprop) {
            layer = layer instanceof FrozenLayer f ? f.getLayer() : ((FrozenLayerWithBackprop) layer).getUnderlying();
        }
        return layer;
    }

    private static boolean nchw(final CNN2DFormat format) {
        return format == null || format == CNN2DFormat.NCHW;
    }

    private static boolean ones(final int[] dilation) {
        return dilation == null || (dilation[0] == 1 && dilation[1] == 1);
    }

    private static boolean plainMode(final ConvolutionMode mode) {
        return mode == ConvolutionMode.Same || mode == ConvolutionMode.Truncate || mode == ConvolutionMode.Strict;
    }
}
