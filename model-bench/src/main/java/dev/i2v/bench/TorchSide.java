package dev.i2v.bench;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.pooling.Pool;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.util.List;

/**
 * The same network in PyTorch (DJL's PyTorch engine, eager mode), at PyTorch's best settings reachable from
 * Java: intra-op threads = cores, one inter-op thread, no autograd during inference. DJL has no call for
 * channels-last memory format, so tensors stay NCHW (PyTorch runs oneDNN convolutions on them either way).
 */
final class TorchSide implements AutoCloseable {

    private final NetworkShape shape;
    private final NDManager manager;
    private final Model model;
    private final Trainer trainer;

    TorchSide(final NetworkShape shape, final int trainBatch) {
        this.shape = shape;
        applyThreadSettingsOnce();
        this.manager = NDManager.newBaseManager(Device.cpu(), "PyTorch");
        this.model = Model.newInstance(shape.name(), Device.cpu(), "PyTorch");
        model.setBlock(block(shape));
        this.trainer = model.newTrainer(new DefaultTrainingConfig(Loss.sigmoidBinaryCrossEntropyLoss())
                .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(0.001f)).build()));
        trainer.initialize(new Shape(trainBatch, 3, shape.inputSize(), shape.inputSize()));
    }

    private static boolean threadsSet;

    /** Loads libtorch (from the pytorch-native-cpu jar), then its threads: once, PyTorch refuses a second time. */
    private static synchronized void applyThreadSettingsOnce() {
        if (!threadsSet) {
            Engine.getEngine("PyTorch");
            JniUtils.setNumThreads(Runtime.getRuntime().availableProcessors());
            JniUtils.setNumInteropThreads(1);
            threadsSet = true;
        }
    }

    /** 3x3 same-padded convolutions + ReLU, a 2x2 max pool per block; then the project's head. */
    private static SequentialBlock block(final NetworkShape shape) {
        final SequentialBlock net = new SequentialBlock();
        for (final List<Integer> block : shape.blocks()) {
            for (final int filters : block) {
                net.add(Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1)).setFilters(filters).build());
                net.add(Activation.reluBlock());
            }
            net.add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)));
        }
        // the project's head pools both ways and concatenates (average and maximum per channel)
        net.add(new ParallelBlock(pooled -> new NDList(NDArrays.concat(
                new NDList(pooled.get(0).singletonOrThrow(), pooled.get(1).singletonOrThrow()), 1)),
                List.of(Pool.globalAvgPool2dBlock(), Pool.globalMaxPool2dBlock())));
        net.add(BatchNorm.builder().build());
        net.add(Linear.builder().setUnits(shape.hiddenUnits()).build());
        net.add(Activation.reluBlock());
        net.add(Dropout.builder().optRate(0.3f).build());
        net.add(Linear.builder().setUnits(shape.numTags()).build());
        return net;
    }

    NDManager batchManager() {
        return manager.newSubManager();
    }

    NDArray images(final NDManager m, final int batch) {
        return m.randomUniform(0, 1, new Shape(batch, 3, shape.inputSize(), shape.inputSize()), DataType.FLOAT32);
    }

    NDArray labels(final NDManager m, final int batch) {
        return m.randomUniform(0, 1, new Shape(batch, shape.numTags())).gt(0.9f).toType(DataType.FLOAT32, false);
    }

    /** Forward in inference mode, scores materialised (sigmoid), as the DL4J side's output layer. */
    void infer(final NDArray images) {
        JniUtils.setGradMode(false);
        try (NDManager call = callScope(images)) {
            final NDList out = model.getBlock().forward(new ParameterStore(call, false), new NDList(images), false);
            Activation.sigmoid(out.singletonOrThrow()).toFloatArray();
        }
    }

    /** One training step: forward, BCE on logits, backward, Adam update. */
    void trainStep(final NDArray images, final NDArray labels) {
        try (NDManager call = callScope(images, labels); GradientCollector collector = trainer.newGradientCollector()) {
            final NDList predictions = trainer.forward(new NDList(images));
            collector.backward(trainer.getLoss().evaluate(new NDList(labels), predictions));
        }
        trainer.step();
    }

    /**
     * A manager that owns every tensor one call makes, freed when it closes. DJL attaches an operation's result to its
     * input's manager, which lives for a whole row: without this scope PyTorch kept each call's activations, the
     * process grew by 400 MB every 2 s of tiny training steps, and PyTorch's steps slowed by half as its allocator
     * faulted in fresh pages. The inputs go back to their own manager when the scope closes.
     */
    private static NDManager callScope(final NDArray... inputs) {
        final NDManager call = inputs[0].getManager().newSubManager();
        call.tempAttachAll(inputs);
        return call;
    }

    @Override
    public void close() {
        trainer.close();
        model.close();
        manager.close();
    }
}
