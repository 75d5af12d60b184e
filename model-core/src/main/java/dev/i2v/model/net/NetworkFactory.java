package dev.i2v.model.net;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.CacheMode;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.dropout.Dropout;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.transferlearning.FineTuneConfiguration;
import org.deeplearning4j.nn.transferlearning.TransferLearning;
import org.deeplearning4j.nn.updater.graph.ComputationGraphUpdater;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.util.ModelSerializer;
import org.deeplearning4j.zoo.PretrainedType;
import org.deeplearning4j.zoo.model.VGG16;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The one place networks are built, so the convolution path can be swapped for a faster one
 * without touching the trainer or the tagger. Every network ends in the same head:
 * global average pool -> batch norm -> dense ReLU ({@link #EMBEDDING}) -> dropout 0.3 -> {@link #OUTPUT}.
 */
public final class NetworkFactory {

    public static final String INPUT = "input";
    /** The penultimate layer: its activations are the image embedding. */
    public static final String EMBEDDING = "embedding";
    public static final String OUTPUT = "output";
    /** The RGB branch's own head in the {@link Backbone#RGB_HSV} network (its fused head is {@link #OUTPUT}). */
    public static final String RGB_OUTPUT = "rgb_output";
    /** The hue+saturation branch's own head in the {@link Backbone#RGB_HSV} network. */
    public static final String HS_OUTPUT = "hs_output";
    public static final double LEARNING_RATE = 0.001;
    /** An embedding this wide (trainer.hidden.units) is a bottleneck whose coordinates are plotted as they are. */
    public static final int MAP_WIDTH = 2;
    /** Filters per block of the tiny backbone: four conv+pool blocks, 64 px in, 4x4 out. */
    private static final int[] TINY_FILTERS = {16, 32, 64, 128};
    private static final String TRUNK_PREFIX = "block";
    /** Stem width of the residual trunk: stages of 24, 48, 96 and 192 channels. */
    private static final int RESNET_STEM_WIDTH = 24;
    /**
     * Width of the residual network's {@link StemDetail}. On synthetic data at 64 px (1,800 images, 3 epochs) the
     * layer took holdout mAP from 0.616 to 0.641 at 32 and 0.681 at 64, and 32 with the earlier stages pooled too
     * to 0.670. 64 costs 1.6x the time of a training step (full-resolution maps are DL4J's slowest), 32 about 1.1x.
     */
    private static final int RESNET_DETAIL_WIDTH = 32;

    static {
        NativeBackend.select(); // before anything here loads ND4J
        NativeBackend.fitBlasThreadsToConvolutions();
    }

    private NetworkFactory() {
    }

    public static ComputationGraph build(final NetworkSpec spec) {
        return switch (spec.backbone()) {
            case TINY -> tiny(spec);
            case RESNET -> resnet(spec);
            case RGB_HSV -> rgbHsv(spec);
            case VGG16 -> vgg16Transfer(loadVgg16(spec), spec);
        };
    }

    /** The start every from-scratch network shares: seed, updater, initialisation, one RGB input of the spec's size. */
    private static ComputationGraphConfiguration.GraphBuilder fromScratch(final NetworkSpec spec) {
        return new NeuralNetConfiguration.Builder()
                .seed(spec.seed())
                // keep each layer's pre-activation from the forward pass for backprop: without it every
                // convolution runs its forward pass twice per training step
                .cacheMode(CacheMode.DEVICE)
                .updater(new Adam(LEARNING_RATE))
                .weightInit(WeightInit.RELU)
                .graphBuilder()
                .addInputs(INPUT)
                .setInputTypes(InputType.convolutional(spec.inputSize(), spec.inputSize(), 3));
    }

    private static ComputationGraph tiny(final NetworkSpec spec) {
        final ComputationGraphConfiguration.GraphBuilder g = fromScratch(spec);
        String previous = INPUT;
        for (int b = 0; b < TINY_FILTERS.length; b++) {
            final String conv = TRUNK_PREFIX + (b + 1) + "_conv1";
            final String pool = TRUNK_PREFIX + (b + 1) + "_pool";
            g.addLayer(conv, OneDnnConvolutionLayer.of(new ConvolutionLayer.Builder(3, 3).nOut(TINY_FILTERS[b]).activation(Activation.RELU)
                    .convolutionMode(ConvolutionMode.Same).build()), previous);
            g.addLayer(pool, OneDnnSubsamplingLayer.of(new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build()), conv);
            previous = pool;
        }
        addHead(g, previous, spec, List.of());
        return freeze(initialised(g), spec);
    }

    private static ComputationGraph resnet(final NetworkSpec spec) {
        final ComputationGraphConfiguration.GraphBuilder g = fromScratch(spec);
        final String trunk = ResidualTrunk.add(g, INPUT, RESNET_STEM_WIDTH);
        // the head also sees every earlier scale: full-resolution details and each stage but the last, pooled
        final List<String> scales = new ArrayList<>(StemDetail.add(g, ResidualTrunk.STEM, RESNET_DETAIL_WIDTH));
        for (final String stage : ResidualTrunk.EARLIER_STAGES) {
            scales.addAll(poolBothWays(g, stage, stage));
        }
        addHead(g, trunk, spec, scales);
        return initialised(g);
    }

    /** Two branches (RGB; hue and saturation), each with its own head, and the fused head {@link #OUTPUT} listed first. */
    private static ComputationGraph rgbHsv(final NetworkSpec spec) {
        final ComputationGraphConfiguration.GraphBuilder g = fromScratch(spec);
        addHead(g, TwoBranchTrunk.add(g, INPUT, spec), spec, List.of());
        g.setOutputs(OUTPUT, RGB_OUTPUT, HS_OUTPUT);
        return initialised(g);
    }

    /** The network {@code g} describes, with fresh parameters; convolutions reading the image skip its gradient. */
    private static ComputationGraph initialised(final ComputationGraphConfiguration.GraphBuilder g) {
        final ComputationGraph net = new ComputationGraph(OneDnnConvolutionLayer.markNetworkInputLayers(g.build()));
        net.init();
        return net;
    }

    private static ComputationGraph loadVgg16(final NetworkSpec spec) {
        try {
            if (spec.vgg16Weights() != null) {
                return ModelSerializer.restoreComputationGraph(spec.vgg16Weights().toFile(), false);
            }
            return (ComputationGraph) VGG16.builder().build().initPretrained(PretrainedType.IMAGENET);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot load VGG16 ImageNet weights from "
                    + (spec.vgg16Weights() != null ? spec.vgg16Weights() : "DL4J's zoo (needs internet)")
                    + ": " + e.getMessage() + ". Without internet, pass a local zoo file (trainer.vgg16.weights).", e);
        }
    }

    /**
     * Puts the tag head on a VGG16-style graph (vertices {@code block1_conv1 .. block5_pool}, as in the
     * zoo's ImageNet model): everything after {@code block5_pool} goes, the trunk is frozen up to
     * {@code spec.frozenUpTo()}. Works on any graph with those vertex names, so tests use a small one.
     */
    public static ComputationGraph vgg16Transfer(final ComputationGraph zooGraph, final NetworkSpec spec) {
        final ComputationGraph zoo = withOneDnnLayers(zooGraph);
        final ComputationGraphConfiguration conf = zoo.getConfiguration();
        if (!conf.getVertices().containsKey("block5_pool")) {
            throw new IllegalArgumentException("Not a VGG16 graph: no vertex 'block5_pool' among " + conf.getVertices().keySet()
                    + ". Pass the DL4J zoo VGG16 (ImageNet) file.");
        }
        final TransferLearning.GraphBuilder b = new TransferLearning.GraphBuilder(zoo)
                .fineTuneConfiguration(new FineTuneConfiguration.Builder().seed(spec.seed()).updater(new Adam(LEARNING_RATE)).build());
        if (spec.frozenUpTo() != null && !spec.frozenUpTo().isBlank()) {
            b.setFeatureExtractor(spec.frozenUpTo());
        }
        for (final String vertex : List.copyOf(conf.getVertices().keySet())) {
            if (!vertex.startsWith(TRUNK_PREFIX) && !conf.getNetworkInputs().contains(vertex)) {
                b.removeVertexAndConnections(vertex); // the ImageNet classifier: flatten, fc1, fc2, predictions
            }
        }
        b.addLayer("head_pool", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), "block5_pool");
        final long channels = lastConvChannels(conf);
        b.addLayer("head_bn", new BatchNormalization.Builder().nIn(channels).nOut(channels).build(), "head_pool");
        b.addLayer(EMBEDDING, new DenseLayer.Builder().nIn(channels).nOut(spec.hiddenUnits()).activation(embeddingActivation(spec))
                .weightInit(WeightInit.RELU).build(), "head_bn");
        b.addLayer("head_dropout", dropout(), EMBEDDING);
        b.addLayer(OUTPUT, outputLayer(spec).nIn(spec.hiddenUnits()).build(), "head_dropout");
        b.setOutputs(OUTPUT);
        return keepingPreActivations(b.build());
    }

    /**
     * {@code net} with training keeping each layer's pre-activation for backprop, as {@link #fromScratch} sets it: a zoo
     * graph comes without, and then every convolution ran its forward pass twice per VGG16 training step (13 of 26
     * forward calls, 2.8 s of a 21 s step at batch 16). Set in the configuration too, so saved models keep it.
     */
    private static ComputationGraph keepingPreActivations(final ComputationGraph net) {
        net.getConfiguration().setCacheMode(CacheMode.DEVICE);
        net.getConfiguration().getVertices().values().stream().filter(LayerVertex.class::isInstance)
                .forEach(vertex -> ((LayerVertex) vertex).getLayerConf().setCacheMode(CacheMode.DEVICE));
        net.setCacheMode(CacheMode.DEVICE);
        return net;
    }

    /** Channels out of the trunk: the nOut of the last block5 convolution (512 in VGG16). */
    private static long lastConvChannels(final ComputationGraphConfiguration conf) {
        return conf.getVertices().entrySet().stream()
                .filter(e -> e.getKey().startsWith("block5_conv") && e.getValue() instanceof LayerVertex)
                .max(Map.Entry.comparingByKey())
                .map(e -> ((ConvolutionLayer) ((LayerVertex) e.getValue()).getLayerConf().getLayer()).getNOut())
                .orElseThrow(() -> new IllegalArgumentException("Not a VGG16 graph: no block5_conv* convolution"));
    }

    /**
     * The same network (configuration, parameters, updater state) with every plain DL4J convolution made an
     * {@link OneDnnConvolutionLayer}, those reading the image marked as such, and every plain 2-D pooling layer an
     * {@link OneDnnSubsamplingLayer}: for graphs built elsewhere, such as DL4J's zoo VGG16, and model artifacts written
     * before those layers (or the mark) existed. Returns {@code net} itself when nothing changes.
     */
    public static ComputationGraph withOneDnnLayers(final ComputationGraph net) {
        final String json = net.getConfiguration().toJson();
        final ComputationGraphConfiguration oneDnn = OneDnnConvolutionLayer.markNetworkInputLayers(
                ComputationGraphConfiguration.fromJson(OneDnnSubsamplingLayer.toOneDnn(OneDnnConvolutionLayer.toOneDnn(json))));
        if (oneDnn.toJson().equals(json)) {
            return net;
        }
        final ComputationGraph upgraded = new ComputationGraph(oneDnn);
        upgraded.init(net.params(), true); // the same parameter layout: the layers differ only in how they compute
        final ComputationGraphUpdater updater = net.getUpdater(false);
        if (updater != null && updater.getStateViewArray() != null) {
            upgraded.getUpdater().getStateViewArray().assign(updater.getStateViewArray());
        }
        return upgraded;
    }

    /** @param alsoPooled vertices already pooled to one vector per image, merged into the head beside the trunk's pooling */
    private static void addHead(final ComputationGraphConfiguration.GraphBuilder g, final String from, final NetworkSpec spec,
                                final List<String> alsoPooled) {
        // global pooling keeps the head small at any input size (VGG16's flatten would be 25,088 wide); the average
        // says how much of the picture shows a thing, the maximum whether a small thing (an eye, a ribbon) is anywhere
        // (on synthetic data: holdout mAP 0.589 against 0.545 for the average alone, with lr 0.003)
        final List<String> pooled = new ArrayList<>(poolBothWays(g, from, "head"));
        pooled.addAll(alsoPooled);
        g.addVertex("head_pool", new MergeVertex(), pooled.toArray(String[]::new));
        g.addLayer("head_bn", new BatchNormalization.Builder().build(), "head_pool");
        g.addLayer(EMBEDDING, new DenseLayer.Builder().nOut(spec.hiddenUnits()).activation(embeddingActivation(spec)).build(), "head_bn");
        g.addLayer("head_dropout", dropout(), EMBEDDING);
        g.addLayer(OUTPUT, outputLayer(spec).build(), "head_dropout");
        g.setOutputs(OUTPUT);
    }

    /** Global average and maximum pooling of {@code from}, as {@code name}_avg_pool and {@code name}_max_pool. */
    static List<String> poolBothWays(final ComputationGraphConfiguration.GraphBuilder g, final String from, final String name) {
        g.addLayer(name + "_avg_pool", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), from);
        g.addLayer(name + "_max_pool", new GlobalPoolingLayer.Builder(PoolingType.MAX).build(), from);
        return List.of(name + "_avg_pool", name + "_max_pool");
    }

    /**
     * ReLU, except in a bottleneck of {@link #MAP_WIDTH} units or fewer, which is linear: there the embedding is the map
     * itself, and a ReLU would pile every point that is negative in a coordinate onto an axis.
     */
    private static Activation embeddingActivation(final NetworkSpec spec) {
        return spec.hiddenUnits() <= MAP_WIDTH ? Activation.IDENTITY : Activation.RELU;
    }

    /** DL4J's Dropout takes the probability of keeping an activation: 0.7 drops 30%. */
    private static DropoutLayer dropout() {
        return new DropoutLayer.Builder().dropOut(new Dropout(0.7)).build();
    }

    static OutputLayer.Builder outputLayer(final NetworkSpec spec) {
        final boolean multi = spec.mode() == OutputMode.MULTI_LABEL;
        return new OutputLayer.Builder(multi ? spec.loss().function() : LossFunctions.LossFunction.MCXENT.getILossFunction())
                .activation(multi ? Activation.SIGMOID : Activation.SOFTMAX)
                .weightInit(WeightInit.XAVIER)
                .nOut(spec.numTags());
    }

    private static ComputationGraph freeze(final ComputationGraph net, final NetworkSpec spec) {
        if (spec.frozenUpTo() == null || spec.frozenUpTo().isBlank()) {
            return net;
        }
        return new TransferLearning.GraphBuilder(net).setFeatureExtractor(spec.frozenUpTo()).build();
    }

    /**
     * A copy of {@code net} whose output layer follows {@code newTags}: the weights of tags in both
     * vocabularies are carried over by name, new tags start from fresh (Xavier) weights.
     */
    public static ComputationGraph remapOutputs(final ComputationGraph net, final List<String> oldTags, final List<String> newTags,
                                                final long seed) {
        final long nOut = net.getLayer(OUTPUT).getParam("W").size(1);
        if (nOut != oldTags.size()) {
            throw new IllegalArgumentException("the network has " + nOut + " outputs but the old vocabulary " + oldTags.size() + " tags");
        }
        if (oldTags.equals(newTags)) {
            return net;
        }
        // every output layer follows the vocabulary: the fused head and, in a two-branch network, each branch's
        final List<String> outputs = net.getConfiguration().getNetworkOutputs();
        final TransferLearning.GraphBuilder b = new TransferLearning.GraphBuilder(net)
                .fineTuneConfiguration(new FineTuneConfiguration.Builder().seed(seed).updater(new Adam(LEARNING_RATE)).build());
        for (final String output : outputs) {
            b.nOutReplace(output, newTags.size(), WeightInit.XAVIER);
        }
        final ComputationGraph remapped = b.build();
        final Map<String, Integer> oldIndex = new HashMap<>();
        for (int i = 0; i < oldTags.size(); i++) {
            oldIndex.put(oldTags.get(i), i);
        }
        for (final String output : outputs) {
            final INDArray oldW = net.getLayer(output).getParam("W");
            final INDArray oldB = net.getLayer(output).getParam("b");
            final INDArray newW = remapped.getLayer(output).getParam("W");
            final INDArray newB = remapped.getLayer(output).getParam("b");
            for (int j = 0; j < newTags.size(); j++) {
                final Integer i = oldIndex.get(newTags.get(j));
                if (i != null) {
                    newW.getColumn(j).assign(oldW.getColumn(i));
                    newB.putScalar(0, j, oldB.getDouble(0, i));
                }
            }
        }
        return remapped;
    }
}
