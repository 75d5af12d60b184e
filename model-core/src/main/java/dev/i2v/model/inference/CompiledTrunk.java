package dev.i2v.model.inference;

import dev.i2v.model.net.ConvolutionWindows;
import dev.i2v.model.net.OneDnnArrays;
import dev.i2v.model.net.OneDnnRelu;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.bytedeco.dnnl.IntMemoryMap;
import org.bytedeco.dnnl.binary;
import org.bytedeco.dnnl.convolution_forward;
import org.bytedeco.dnnl.eltwise_forward;
import org.bytedeco.dnnl.engine;
import org.bytedeco.dnnl.global.dnnl;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.pooling_forward;
import org.bytedeco.dnnl.primitive;
import org.bytedeco.dnnl.reorder;
import org.bytedeco.dnnl.stream;
import org.bytedeco.javacpp.Pointer;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A {@link TrunkPlan} as oneDNN primitives for one input shape. Each primitive picks its own memory layout
 * (blocked, for the AVX-512 kernels); activations stay in it from step to step, with a reorder only where a
 * reader wants another layout, and come back to NCHW only at the boundary. Activation buffers are reused once
 * nothing reads them any more ({@link BufferSlots}), so VGG16 at batch 32 needs a few activations' memory, not all.
 * Not thread-safe: one run at a time.
 */
final class CompiledTrunk implements AutoCloseable {

    private static final memory.data_type F32 = memory.data_type.f32;

    /** An activation buffer: its layout, and the first and last primitive (by index) that write or read it. */
    static final class Buffer {
        final memory.desc desc;
        final int first;
        int last;
        memory memory;

        Buffer(final memory.desc desc, final int first) {
            this.desc = desc;
            this.first = first;
            this.last = first;
        }
    }

    /** A graph vertex's activations as computed, and the other layouts readers asked for. */
    private static final class Value {
        final long[] dims;
        final Buffer buffer;
        final List<Buffer> views = new ArrayList<>();

        Value(final long[] dims, final Buffer buffer) {
            this.dims = dims;
            this.buffer = buffer;
        }
    }

    private final engine engine;
    private final stream stream;
    private final List<primitive> primitives = new ArrayList<>();
    private final List<Map<Integer, Buffer>> arguments = new ArrayList<>();
    private final List<IntMemoryMap> argumentMaps = new ArrayList<>();
    private final Map<String, Value> values = new HashMap<>();
    private final memory inputMemory;
    private final List<memory> boundaryMemories = new ArrayList<>();
    private final List<long[]> boundaryShapes = new ArrayList<>();
    private final BufferSlots slots;

    CompiledTrunk(final TrunkPlan plan, final long[] inputShape, final engine engine) {
        this.engine = engine;
        this.stream = new stream(engine);
        final memory.desc inputDesc = new memory.desc(inputShape, F32, memory.format_tag.nchw);
        inputMemory = new memory(inputDesc, engine, (Pointer) null);
        final Buffer inputBuffer = new Buffer(inputDesc, -1);
        inputBuffer.memory = inputMemory;
        values.put(plan.input(), new Value(inputShape, inputBuffer));
        for (final TrunkStep step : plan.steps()) {
            if (step instanceof TrunkStep.Conv c) {
                addConv(c);
            } else if (step instanceof TrunkStep.Pool p) {
                addPool(p);
            } else if (step instanceof TrunkStep.Add a) {
                addAdd(a);
            } else {
                addRelu((TrunkStep.Relu) step);
            }
        }
        for (final String name : plan.boundary()) {
            final Value v = values.get(name);
            final memory.desc nchw = new memory.desc(v.dims, F32, memory.format_tag.nchw);
            final Buffer out = new Buffer(nchw, primitives.size());
            out.memory = new memory(nchw, engine, (Pointer) null);
            boundaryMemories.add(out.memory);
            boundaryShapes.add(v.dims);
            add(new reorder(new reorder.primitive_desc(engine, v.buffer.desc, engine, nchw)),
                    Map.of(dnnl.DNNL_ARG_FROM, read(v.buffer), dnnl.DNNL_ARG_TO, out));
        }
        final List<Buffer> inner = new ArrayList<>();
        arguments.forEach(args -> args.values().forEach(b -> {
            if (b.memory == null && !inner.contains(b)) {
                inner.add(b);
            }
        }));
        slots = BufferSlots.assign(inner);
        for (final Buffer b : inner) {
            b.memory = new memory(b.desc, engine, slots.pointer(b));
        }
        for (final Map<Integer, Buffer> args : arguments) {
            final IntMemoryMap map = new IntMemoryMap();
            args.forEach((role, b) -> map.put(role, b.memory));
            argumentMaps.add(map);
        }
    }

    /** The boundary vertices' activations (NCHW, in the plan's boundary order) for {@code input} of the compiled shape. */
    INDArray[] run(final INDArray input) {
        final INDArray in = OneDnnArrays.dense(input.castTo(DataType.FLOAT));
        inputMemory.set_data_handle(OneDnnArrays.address(in));
        final INDArray[] out = new INDArray[boundaryShapes.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = Nd4j.createUninitialized(DataType.FLOAT, boundaryShapes.get(i), 'c');
            boundaryMemories.get(i).set_data_handle(OneDnnArrays.address(out[i]));
        }
        for (int i = 0; i < primitives.size(); i++) {
            primitives.get(i).execute(stream, argumentMaps.get(i));
        }
        stream._wait();
        if (in != input) {
            in.close();
        }
        return out;
    }

    /** How many primitives run per call, and the bytes their activation buffers take: for the log. */
    String size() {
        return String.format(Locale.ROOT, "%d primitives, %.0f MB of activation buffers", primitives.size(), slots.bytes() / 1e6);
    }

    private void addConv(final TrunkStep.Conv c) {
        final Value in = values.get(c.input());
        final long[] w = c.weights().shape();
        final long[][] geometry = ConvolutionWindows.windows(in.dims, c.kernel(), c.stride(), c.padding(), c.sameMode());
        final long[] outDims = {in.dims[0], w[0], geometry[0][0], geometry[0][1]};
        final memory.desc any = new memory.desc(in.dims, F32, memory.format_tag.any);
        final memory.desc weightsAny = new memory.desc(w, F32, memory.format_tag.any);
        final memory.desc outAny = new memory.desc(outDims, F32, memory.format_tag.any);
        final convolution_forward.desc desc = c.bias() == null
                ? new convolution_forward.desc(dnnl.prop_kind.forward_inference, dnnl.algorithm.convolution_direct, any, weightsAny, outAny,
                        geometry[1], geometry[2], geometry[3])
                : new convolution_forward.desc(dnnl.prop_kind.forward_inference, dnnl.algorithm.convolution_direct, any, weightsAny,
                        new memory.desc(new long[] {w[0]}, F32, memory.format_tag.x), outAny, geometry[1], geometry[2], geometry[3]);
        final convolution_forward.primitive_desc pd = new convolution_forward.primitive_desc(desc, OneDnnRelu.postOpIf(c.relu()), engine);
        final Map<Integer, Buffer> args = new HashMap<>();
        args.put(dnnl.DNNL_ARG_SRC, read(view(in, pd.src_desc())));
        args.put(dnnl.DNNL_ARG_WEIGHTS, constant(c.weights(), memory.format_tag.oihw, pd.weights_desc()));
        if (c.bias() != null) {
            args.put(dnnl.DNNL_ARG_BIAS, constant(c.bias(), memory.format_tag.x, pd.bias_desc()));
        }
        args.put(dnnl.DNNL_ARG_DST, produce(c.output(), outDims, pd.dst_desc()));
        add(new convolution_forward(pd), args);
    }

    private void addPool(final TrunkStep.Pool p) {
        final Value in = values.get(p.input());
        final long[][] geometry = ConvolutionWindows.windows(in.dims, p.kernel(), p.stride(), p.padding(), p.sameMode());
        final long[] outDims = {in.dims[0], in.dims[1], geometry[0][0], geometry[0][1]};
        final pooling_forward.desc desc = new pooling_forward.desc(dnnl.prop_kind.forward_inference,
                p.max() ? dnnl.algorithm.pooling_max : dnnl.algorithm.pooling_avg_exclude_padding, in.buffer.desc,
                new memory.desc(outDims, F32, memory.format_tag.any), geometry[1], new long[] {p.kernel()[0], p.kernel()[1]}, geometry[2], geometry[3]);
        final pooling_forward.primitive_desc pd = new pooling_forward.primitive_desc(desc, engine);
        add(new pooling_forward(pd), Map.of(dnnl.DNNL_ARG_SRC, read(in.buffer), dnnl.DNNL_ARG_DST, produce(p.output(), outDims, pd.dst_desc())));
    }

    private void addAdd(final TrunkStep.Add a) {
        final Value first = values.get(a.inputs().get(0));
        final memory.desc layout = first.buffer.desc;
        Buffer sum = first.buffer;
        for (int i = 1; i < a.inputs().size(); i++) {
            final boolean last = i == a.inputs().size() - 1;
            final binary.primitive_desc pd = new binary.primitive_desc(new binary.desc(dnnl.algorithm.binary_add, layout, layout, layout),
                    OneDnnRelu.postOpIf(last && a.relu()), engine);
            final Buffer other = view(values.get(a.inputs().get(i)), layout); // any reorder runs first
            final Map<Integer, Buffer> args = new HashMap<>();
            args.put(dnnl.DNNL_ARG_SRC_0, read(sum));
            args.put(dnnl.DNNL_ARG_SRC_1, read(other));
            sum = last ? produce(a.output(), first.dims, layout) : new Buffer(layout, primitives.size());
            args.put(dnnl.DNNL_ARG_DST, sum);
            add(new binary(pd), args);
        }
    }

    private void addRelu(final TrunkStep.Relu r) {
        final Value in = values.get(r.input());
        final eltwise_forward.primitive_desc pd = new eltwise_forward.primitive_desc(
                new eltwise_forward.desc(dnnl.prop_kind.forward_inference, dnnl.algorithm.eltwise_relu, in.buffer.desc, 0f, 0f), engine);
        add(new eltwise_forward(pd), Map.of(dnnl.DNNL_ARG_SRC, read(in.buffer), dnnl.DNNL_ARG_DST, produce(r.output(), in.dims, in.buffer.desc)));
    }

    /** A parameter array (c-order float) reordered once into the layout the primitive wants; owned by oneDNN. */
    private Buffer constant(final INDArray array, final memory.format_tag tag, final memory.desc wanted) {
        final memory user = new memory(new memory.desc(array.shape(), F32, tag), engine, array.data().addressPointer());
        final memory mine = new memory(wanted, engine);
        new reorder(user, mine).execute(stream, user, mine);
        stream._wait();
        user.close();
        final Buffer b = new Buffer(wanted, -1);
        b.memory = mine;
        return b;
    }

    private Buffer produce(final String name, final long[] dims, final memory.desc desc) {
        final Buffer b = new Buffer(desc, primitives.size());
        values.put(name, new Value(dims, b));
        return b;
    }

    /** {@code v} in layout {@code desc}: itself, or a reordered copy made once for every reader that wants it. */
    private Buffer view(final Value v, final memory.desc desc) {
        if (v.buffer.desc.equals(desc)) {
            return v.buffer;
        }
        for (final Buffer view : v.views) {
            if (view.desc.equals(desc)) {
                return view;
            }
        }
        final Buffer view = new Buffer(desc, primitives.size());
        add(new reorder(new reorder.primitive_desc(engine, v.buffer.desc, engine, desc)),
                Map.of(dnnl.DNNL_ARG_FROM, read(v.buffer), dnnl.DNNL_ARG_TO, view));
        v.views.add(view);
        return view;
    }

    /** Marks {@code b} read by the primitive about to be added. */
    private Buffer read(final Buffer b) {
        b.last = Math.max(b.last, primitives.size());
        return b;
    }

    private void add(final primitive p, final Map<Integer, Buffer> args) {
        primitives.add(p);
        arguments.add(args);
    }

    @Override
    public void close() {
        primitives.forEach(Pointer::close);
        argumentMaps.forEach(Pointer::close);
        final Set<Buffer> buffers = Collections.newSetFromMap(new IdentityHashMap<>());
        arguments.forEach(args -> buffers.addAll(args.values()));
        buffers.forEach(b -> b.memory.close()); // weights, input and boundary memories among them
        slots.close();
        stream.close();
    }
}
