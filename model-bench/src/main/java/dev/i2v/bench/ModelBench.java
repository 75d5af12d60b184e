package dev.i2v.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.i2v.model.inference.TagPredictor;
import dev.i2v.model.net.NativeBackend;
import dev.i2v.model.net.OneDnnLibrary;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.nd4j.linalg.api.blas.Blas;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code i2v bench model}: the project's networks in DL4J against the same networks in PyTorch, inference
 * and one training step, alternating engine by engine in one process, medians; GFLOP/s against ND4J's
 * sgemm rate measured in the same run. Writes bench/results/model.md, keeping its "## Attempts" section.
 */
@Command(name = "model", mixinStandardHelpOptions = true,
        description = {"The network engine: DL4J (as NetworkFactory builds the networks) against PyTorch (DJL, CPU) in one run:",
                "inference at batch 1 and 32, a training step at 32 (Adam, BCE), the tagger's predictor path. Writes bench/results/model.md."})
public final class ModelBench implements Callable<Integer> {

    static final String ATTEMPTS_HEADING = "## Attempts";
    private static final int SGEMM_SIZE = 2048;
    /** OpenBLAS's idle workers spin 2^28 clock ticks after a product (about 0.1 s) before they sleep. */
    private static final long OPENBLAS_SPIN_MILLIS = 300;

    @Option(names = "--networks", split = ",", defaultValue = "tiny,vgg16", description = "Networks: tiny, vgg16 (default ${DEFAULT-VALUE}).")
    List<String> networks;

    @Option(names = "--repetitions", defaultValue = "5", description = "Alternating runs per row for the tiny network; medians (default ${DEFAULT-VALUE}).")
    int repetitions;

    @Option(names = "--vgg16-repetitions", defaultValue = "3", description = "The same for VGG16, whose runs are long (default ${DEFAULT-VALUE}).")
    int vgg16Repetitions;

    @Option(names = "--min-seconds", defaultValue = "2", description = "A run repeats its call for at least this long (default ${DEFAULT-VALUE}).")
    double minSeconds;

    @Option(names = "--tags", defaultValue = "75", description = "Output tags (default ${DEFAULT-VALUE}, the synthetic vocabulary's size).")
    int tags;

    @Option(names = "--no-pytorch", description = "DL4J only (to time DL4J builds quickly).")
    boolean noPytorch;

    @Option(names = "--out", defaultValue = "bench/results/model.md", description = "Results file (default ${DEFAULT-VALUE}).")
    Path out;

    /** One measured row. */
    /** Images/s of DL4J's graph alone and of the oneDNN trunk path, measured alternating. */
    record TrunkRow(String network, int batch, double graph, double trunk) {
    }

    record Row(String network, String task, int batch, double dl4j, double torch, double flopsPerImage) {
    }

    public static void main(final String[] args) {
        NativeBackend.select();
        System.exit(new CommandLine(new ModelBench()).execute(args));
    }

    /** The system's load average when the run started, for the report. */
    private double loadAtStart;

    @Override
    public Integer call() throws Exception {
        loadAtStart = Machine.load();
        final List<Row> rows = new ArrayList<>();
        final List<TrunkRow> trunkRows = new ArrayList<>();
        final List<Double> sgemm = new ArrayList<>();
        for (final String name : networks) {
            final boolean vgg = name.equalsIgnoreCase("vgg16");
            final int reps = vgg ? vgg16Repetitions : repetitions;
            final double seconds = vgg ? 0 : minSeconds;
            try (Dl4jSide dl4j = vgg ? Dl4jSide.vgg16(tags) : Dl4jSide.tiny(tags);
                 TorchSide torch = noPytorch ? null : new TorchSide(dl4j.shape(), 32)) {
                final NetworkShape shape = dl4j.shape();
                System.err.printf(Locale.ROOT, "%s: %.2f GFLOP per image forward%n", shape.name(), shape.forwardFlops() / 1e9);
                for (final int batch : new int[] {1, 32}) {
                    rows.add(measure(shape, "inference", batch, reps, seconds, sgemm,
                            warm(dl4j.images(batch), x -> () -> dl4j.infer(x)),
                            torch == null ? null : m -> {
                                final NDArray x = torch.images(m, batch);
                                return () -> torch.infer(x);
                            }));
                }
                if (dl4j.hasOneDnnTrunk()) {
                    for (final int batch : new int[] {1, 32}) {
                        final INDArray x = dl4j.images(batch);
                        trunkRows.add(measureTrunk(shape, batch, reps, seconds, () -> dl4j.inferOnGraph(x), () -> dl4j.infer(x)));
                    }
                }
                dl4j.releaseTrunk();
                rows.add(measure(shape, "training step", 32, reps, seconds, sgemm,
                        warm(dl4j.images(32), x -> {
                            final INDArray y = dl4j.labels(32);
                            return () -> dl4j.trainStep(x, y);
                        }),
                        torch == null ? null : m -> {
                            final NDArray x = torch.images(m, 32);
                            final NDArray y = torch.labels(m, 32);
                            return () -> torch.trainStep(x, y);
                        }));
                final TagPredictor predictor = dl4j.predictor();
                final List<byte[]> pixels = dl4j.pixels(32);
                rows.add(measure(shape, "tagger path (TagPredictor.predict)", 32, reps, seconds, sgemm, () -> () -> predictor.predict(pixels), null));
                rows.add(measure(shape, "tagger path before (feedForward, every layer)", 32, reps, seconds, sgemm,
                        warm(dl4j.images(32), x -> () -> dl4j.feedForwardAll(x)), null));
            }
            write(rows, trunkRows, sgemm); // after each network: a later failure keeps what was measured
        }
        System.out.println(Files.readString(out));
        System.err.println("Written to " + out.toAbsolutePath());
        return 0;
    }

    private void write(final List<Row> rows, final List<TrunkRow> trunkRows, final List<Double> sgemm) throws java.io.IOException {
        final String attempts = keptAttempts(out);
        final String report = report(rows, Timing.median(sgemm.stream().mapToDouble(Double::doubleValue).toArray()), loadAtStart, Machine.load())
                + trunkReport(trunkRows);
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, report + attempts);
    }

    /** Sets up one engine's timed call for a run. */
    interface Dl4jSetup {
        Timing.Work prepare() throws Exception;
    }

    interface TorchSetup {
        Timing.Work prepare(NDManager manager) throws Exception;
    }

    interface WithInput {
        Timing.Work work(INDArray input);
    }

    private static Dl4jSetup warm(final INDArray input, final WithInput work) {
        return () -> work.work(input);
    }

    /** Alternates DL4J and PyTorch runs of one row (with an sgemm run each repetition); medians. */
    private Row measure(final NetworkShape shape, final String task, final int batch, final int reps, final double seconds, final List<Double> sgemm,
                        final Dl4jSetup dl4j, final TorchSetup torch) throws Exception {
        final Timing.Work d = dl4j.prepare();
        warmUp(d, seconds);
        final double[] dl4jRates = new double[reps];
        final double[] torchRates = new double[reps];
        try (NDManager m = torch == null ? null : Engine.getEngine("PyTorch").newBaseManager()) {
            final Timing.Work t = torch == null ? null : torch.prepare(m);
            if (t != null) {
                warmUp(t, seconds);
            }
            for (int r = 0; r < reps; r++) {
                dl4jRates[r] = Timing.imagesPerSecond(batch, seconds, d);
                torchRates[r] = t == null ? Double.NaN : Timing.imagesPerSecond(batch, seconds, t);
                sgemm.add(sgemmGflops());
                System.err.printf(Locale.ROOT, "%s %s batch %d, run %d: DL4J %.2f img/s, PyTorch %.2f img/s, sgemm %.1f GFLOP/s%n",
                        shape.name(), task, batch, r + 1, dl4jRates[r], torchRates[r], sgemm.get(sgemm.size() - 1));
            }
        }
        final double flops = shape.forwardFlops() * (task.startsWith("training") ? 3 : 1);
        return new Row(shape.name(), task, batch, Timing.median(dl4jRates), torch == null ? Double.NaN : Timing.median(torchRates), flops);
    }

    /**
     * Untimed calls for as long as a timed run (at least one): the first calls allocate workspaces and pick kernels, and
     * the JIT compiles DL4J's Java side over the first seconds (tiny's batch-1 runs rose from ~260 to ~660 img/s over a
     * row's first runs); PyTorch gets the same.
     */
    private static void warmUp(final Timing.Work work, final double seconds) throws Exception {
        Timing.imagesPerSecond(1, seconds, work);
    }

    /** Inference on DL4J's graph alone against the same with the oneDNN trunk, runs alternating; medians. */
    private static TrunkRow measureTrunk(final NetworkShape shape, final int batch, final int reps, final double seconds,
                                         final Timing.Work graph, final Timing.Work trunk) throws Exception {
        warmUp(graph, seconds);
        warmUp(trunk, seconds);
        final double[] graphRates = new double[reps];
        final double[] trunkRates = new double[reps];
        for (int r = 0; r < reps; r++) {
            graphRates[r] = Timing.imagesPerSecond(batch, seconds, graph);
            trunkRates[r] = Timing.imagesPerSecond(batch, seconds, trunk);
            System.err.printf(Locale.ROOT, "%s inference batch %d, run %d: DL4J's graph alone %.2f img/s, with the oneDNN trunk %.2f img/s%n",
                    shape.name(), batch, r + 1, graphRates[r], trunkRates[r]);
        }
        return new TrunkRow(shape.name(), batch, Timing.median(graphRates), Timing.median(trunkRates));
    }

    private static String trunkReport(final List<TrunkRow> rows) {
        if (rows.isEmpty()) {
            return "";
        }
        final StringBuilder s = new StringBuilder("Inference with the convolutional trunk on oneDNN directly (`OneDnnTrunk`, the rows above) against DL4J's"
                + " graph alone (the same convolutions one layer at a time, NCHW between layers), runs alternating in one row, medians:\n\n");
        s.append("| network | batch | DL4J graph alone img/s | with the oneDNN trunk img/s | trunk / graph |\n| --- | ---: | ---: | ---: | ---: |\n");
        for (final TrunkRow r : rows) {
            s.append("| ").append(r.network()).append(" | ").append(r.batch()).append(" | ").append(fmt(r.graph())).append(" | ").append(fmt(r.trunk()))
                    .append(String.format(Locale.ROOT, " | **%.2fx** |%n", r.trunk() / r.graph()));
        }
        return s.append('\n').toString();
    }

    /**
     * ND4J's float matrix product, 2048 cubed: the machine's practical peak for this process. BLAS gets ND4J's own thread
     * count for it (the networks keep it on one, {@link NativeBackend#fitBlasThreadsToConvolutions}).
     */
    private static double sgemmGflops() throws InterruptedException {
        final Blas blas = Nd4j.factory().blas();
        final int networkThreads = blas.getMaxThreads();
        blas.setMaxThreads(NativeBackend.defaultBlasThreads());
        try {
            return sgemmRuns();
        } finally {
            blas.setMaxThreads(networkThreads);
            Thread.sleep(OPENBLAS_SPIN_MILLIS); // so its idle workers stop spinning before the next timed run
        }
    }

    private static double sgemmRuns() {
        final INDArray a = Nd4j.rand(DataType.FLOAT, SGEMM_SIZE, SGEMM_SIZE);
        final INDArray b = Nd4j.rand(DataType.FLOAT, SGEMM_SIZE, SGEMM_SIZE);
        final INDArray c = Nd4j.create(DataType.FLOAT, SGEMM_SIZE, SGEMM_SIZE);
        Nd4j.gemm(a, b, c, false, false, 1.0, 0.0);
        final double[] runs = new double[3];
        for (int i = 0; i < runs.length; i++) {
            final long start = System.nanoTime();
            Nd4j.gemm(a, b, c, false, false, 1.0, 0.0);
            runs[i] = 2.0 * SGEMM_SIZE * SGEMM_SIZE * SGEMM_SIZE / ((System.nanoTime() - start) / 1e9) / 1e9;
        }
        a.close();
        b.close();
        c.close();
        return Timing.median(runs);
    }

    private String report(final List<Row> rows, final double sgemm, final double loadAtStart, final double loadAtEnd) {
        final StringBuilder s = new StringBuilder();
        s.append("# Network engine: DL4J against PyTorch, same networks, one run\n\n");
        s.append("`./i2v bench model` (").append(DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(ZonedDateTime.now().withNano(0))).append("). ");
        s.append("Images/s are medians of runs alternating DL4J, PyTorch and an sgemm, each run repeating its call for at least ")
                .append(fmt(minSeconds)).append(" s (VGG16: one call per run), after as long a warm-up of each; ").append(repetitions).append(" runs per row for tiny, ")
                .append(vgg16Repetitions).append(String.format(Locale.ROOT, " for VGG16. Load average (1 min) %.1f when the run started, %.1f when it ended,"
                        + " on %d cores: above the core count other jobs shared the machine, so compare within a row, not across files.%n%n",
                        loadAtStart, loadAtEnd, Runtime.getRuntime().availableProcessors()));
        s.append("- Machine: ").append(Machine.describe()).append('\n');
        s.append("- DL4J: ND4J native build `").append(NativeBackend.loadedLibrary("nd4jcpu")).append("`; convolutions through ")
                .append(NativeBackend.oneDnnPrimitives() ? "oneDNN " + OneDnnLibrary.version() + "'s primitives called directly (`DirectOneDnnConvolution`)"
                        : NativeBackend.oneDnn() ? "oneDNN (libnd4j conv2d / conv2d_bp)" : "DL4J's im2col + gemm")
                .append("; inference rows: the convolutional trunk on oneDNN 2.5 directly (`OneDnnTrunk`: blocked layouts, batch norm folded,"
                        + " ReLU fused), the head on DL4J, as the tagger runs it; ")
                .append(Nd4j.getExecutioner().getEnvironmentInformation().get("omp.threads")).append(" OpenMP threads; BLAS (the dense layers) on ")
                .append(Nd4j.factory().blas().getMaxThreads()).append(" thread(s), ").append(NativeBackend.defaultBlasThreads()).append(" for the sgemm\n");
        s.append("- PyTorch: ").append(noPytorch ? "not run (--no-pytorch)" : "DJL " + Engine.getDjlVersion() + ", PyTorch "
                + Engine.getEngine("PyTorch").getVersion() + ", eager, " + ai.djl.pytorch.jni.JniUtils.getNumThreads()
                + " intra-op threads, 1 inter-op; NCHW (DJL has no channels-last switch)").append('\n');
        s.append("- sgemm (ND4J, ").append(SGEMM_SIZE).append("^3 floats, median over the run): **").append(fmt(sgemm)).append(" GFLOP/s**\n");
        s.append("- GFLOP/s = images/s x FLOPs per image (convolutions and dense layers, 2 per multiply-add; a training step counts 3x the forward).\n\n");
        s.append("| network | task | batch | DL4J img/s | PyTorch img/s | DL4J / PyTorch | DL4J GFLOP/s (of sgemm) | PyTorch GFLOP/s (of sgemm) |\n");
        s.append("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        for (final Row r : rows) {
            final double dg = r.dl4j() * r.flopsPerImage() / 1e9;
            final double tg = r.torch() * r.flopsPerImage() / 1e9;
            s.append("| ").append(r.network()).append(" | ").append(r.task()).append(" | ").append(r.batch())
                    .append(" | ").append(fmt(r.dl4j())).append(" | ").append(Double.isNaN(r.torch()) ? "-" : fmt(r.torch()))
                    .append(" | ").append(Double.isNaN(r.torch()) ? "-" : String.format(Locale.ROOT, "**%.2fx**", r.dl4j() / r.torch()))
                    .append(" | ").append(String.format(Locale.ROOT, "%s (%.0f%%)", fmt(dg), 100 * dg / sgemm))
                    .append(" | ").append(Double.isNaN(tg) ? "-" : String.format(Locale.ROOT, "%s (%.0f%%)", fmt(tg), 100 * tg / sgemm))
                    .append(" |\n");
        }
        s.append('\n');
        return s.toString();
    }

    /** The hand-written "## Attempts" section of the previous file, kept across runs. */
    private static String keptAttempts(final Path file) throws java.io.IOException {
        if (!Files.exists(file)) {
            return "";
        }
        final String old = Files.readString(file);
        final int at = old.indexOf(ATTEMPTS_HEADING);
        return at < 0 ? "" : old.substring(at);
    }

    static String fmt(final double v) {
        return v >= 100 ? String.format(Locale.ROOT, "%,.0f", v) : v >= 10 ? String.format(Locale.ROOT, "%.1f", v) : String.format(Locale.ROOT, "%.2f", v);
    }

    /** The machine line of the report, and how busy the machine was. */
    static final class Machine {
        private Machine() {
        }

        /** The system's load average over the last minute (runnable threads), or NaN where the OS does not say. */
        static double load() {
            final double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
            return load < 0 ? Double.NaN : load;
        }

        static String describe() {
            String cpu = "unknown CPU";
            boolean avx512 = false;
            try {
                for (final String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                    if (line.startsWith("model name")) {
                        cpu = line.substring(line.indexOf(':') + 1).trim();
                    } else if (line.startsWith("flags")) {
                        avx512 = line.contains(" avx512f");
                    }
                }
            } catch (java.io.IOException | RuntimeException e) {
                // not Linux: the CPU stays unnamed
            }
            final long ram = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getTotalMemorySize();
            return String.format(Locale.ROOT, "%s, %d cores, %s AVX-512, %.0f GiB RAM, %s %s, Java %s", cpu, Runtime.getRuntime().availableProcessors(),
                    avx512 ? "with" : "without", ram / (1024.0 * 1024 * 1024), System.getProperty("os.name"), System.getProperty("os.arch"),
                    System.getProperty("java.version"));
        }
    }
}
