package dev.i2v.model.net;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.bytedeco.javacpp.Loader;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Picks which build of ND4J's native library (libnd4jcpu) this process loads, before ND4J loads it.
 * The CPU profile ships three: oneDNN + AVX-512, oneDNN + AVX2, and the plain build without oneDNN.
 * JavaCPP loads the build named by {@value #EXTENSION_PROPERTY}; left unset it takes the first it finds
 * ({@code -onednn-avx2} on this classpath), which is slower on an AVX-512 CPU and crashes on a CPU
 * without AVX2. So every entry point calls {@link #select()} first; it logs the pick once.
 */
public final class NativeBackend {

    static final String EXTENSION_PROPERTY = "org.bytedeco.javacpp.platform.extension";
    private static final Logger LOG = LoggerFactory.getLogger(NativeBackend.class);
    private static final String LIBRARY_DIR = "/org/nd4j/linalg/cpu/nativecpu/bindings/linux-x86_64";
    private static String selected;
    /** ND4J's own BLAS thread count, once {@link #fitBlasThreadsToConvolutions} has run; 0 before. */
    private static int defaultBlasThreads;

    /** A libnd4jcpu build: its JavaCPP extension and the CPU flags (/proc/cpuinfo names) it needs. */
    enum Build {
        ONEDNN_AVX512("-onednn-avx512", Set.of("avx512f", "avx512cd", "avx512bw", "avx512dq", "avx512vl", "avx2", "fma")),
        ONEDNN_AVX2("-onednn-avx2", Set.of("avx2", "fma")),
        PLAIN("", Set.of());

        final String extension;
        final Set<String> cpuFlags;

        Build(final String extension, final Set<String> cpuFlags) {
            this.extension = extension;
            this.cpuFlags = cpuFlags;
        }

        boolean onClasspath() {
            return NativeBackend.class.getResource(LIBRARY_DIR + extension + "/libnd4jcpu.so") != null;
        }
    }

    private NativeBackend() {
    }

    /**
     * OpenMP's default lets a team's idle threads spin; with the cores shared (trainer and tagger in one
     * process, or other jobs) a spinning team starves the thread it waits for. Only the environment can
     * change it, before the JVM starts: {@code ./i2v}, the tests and the container image set PASSIVE.
     */
    static boolean warnIfOpenMpSpins(final String waitPolicy) {
        if (waitPolicy != null && waitPolicy.trim().equalsIgnoreCase("passive")) {
            return false;
        }
        LOG.warn("OMP_WAIT_POLICY is {}: OpenMP threads spin while they wait, and with shared cores training runs up to 10x slower;"
                + " start the JVM with OMP_WAIT_POLICY=PASSIVE (./i2v does)", waitPolicy == null ? "not set" : waitPolicy);
        return true;
    }

    /**
     * Sets the JavaCPP extension to the fastest build this CPU can run and the classpath holds, unless
     * the user set {@value #EXTENSION_PROPERTY} already. Idempotent; call it before anything touches ND4J.
     *
     * @return the extension in use ("" is the plain build)
     */
    public static synchronized String select() {
        if (selected != null) {
            return selected;
        }
        warnIfOpenMpSpins(System.getenv("OMP_WAIT_POLICY"));
        // not a word to JavaCPP's Loader before the property is set: its class initialisation reads the properties once
        final String given = System.getProperty(EXTENSION_PROPERTY);
        if (given != null) {
            selected = given;
            LOG.info("ND4J native build: linux-x86_64{} (set by -D{})", given, EXTENSION_PROPERTY);
            return selected;
        }
        if (Arrays.stream(Build.values()).noneMatch(Build::onClasspath)) {
            selected = "";
            // the CUDA profile: its -cudnn build is JavaCPP's own pick, which an explicit extension would override
            LOG.info("ND4J native build: no CPU build on the classpath (CUDA backend); JavaCPP's default");
            return selected;
        }
        final Set<String> flags = cpuFlags();
        final Build build = fastestRunnable(flags);
        selected = build.extension;
        System.setProperty(EXTENSION_PROPERTY, selected);
        LOG.info("ND4J native build: linux-x86_64{} ({}; CPU {} AVX-512, {} AVX2)", selected,
                build == Build.PLAIN ? "no oneDNN: convolutions take DL4J's im2col path" : "oneDNN convolutions",
                flags.containsAll(Build.ONEDNN_AVX512.cpuFlags) ? "has" : "lacks", flags.containsAll(Build.ONEDNN_AVX2.cpuFlags) ? "has" : "lacks");
        return selected;
    }

    /**
     * Puts BLAS (OpenBLAS, which ND4J starts with a thread per core) on one thread where oneDNN runs the convolutions,
     * so BLAS multiplies only the dense layers' small matrices. After each product OpenBLAS's idle worker spins
     * ({@code sched_yield}) for about 0.1 s, so through a whole training step, on the core oneDNN's OpenMP team is
     * waiting for: perf put that worker at a third of a tiny-network step's samples, and with one BLAS thread the step
     * ran 1.2x faster. On DL4J's im2col path BLAS does the convolutions and keeps every thread. Idempotent.
     */
    public static synchronized void fitBlasThreadsToConvolutions() {
        if (defaultBlasThreads == 0) {
            defaultBlasThreads = Nd4j.factory().blas().getMaxThreads();
            // libnd4j's oneDNN path (no direct primitives) still takes DL4J's im2col + gemm for some backward passes
            if (oneDnnPrimitives()) {
                Nd4j.factory().blas().setMaxThreads(1);
                LOG.info("BLAS on 1 thread (was {}): oneDNN runs the convolutions, and BLAS's idle threads would spin on its cores",
                        defaultBlasThreads);
            }
        }
    }

    /** The threads ND4J gave BLAS (OpenBLAS) at start-up, before {@link #fitBlasThreadsToConvolutions}. */
    public static synchronized int defaultBlasThreads() {
        return defaultBlasThreads == 0 ? Nd4j.factory().blas().getMaxThreads() : defaultBlasThreads;
    }

    /** The build {@link #select()} picks on a CPU with these flags, from the builds on the classpath. */
    static Build fastestRunnable(final Set<String> cpuFlags) {
        return pick(cpuFlags, Arrays.stream(Build.values()).filter(Build::onClasspath).toList());
    }

    /** The first build in preference order whose CPU flags are all present; the plain build otherwise. */
    static Build pick(final Set<String> cpuFlags, final List<Build> available) {
        return available.stream().filter(b -> cpuFlags.containsAll(b.cpuFlags)).findFirst().orElse(Build.PLAIN);
    }

    /**
     * True when the loaded libnd4jcpu is a oneDNN build with oneDNN switched on, so its conv2d ops run
     * oneDNN kernels. False on the plain build and on CUDA (whose ND4J has no such class).
     */
    public static boolean oneDnn() {
        return OneDnnProbe.ENABLED;
    }

    /**
     * True when the training layers call oneDNN 2.5's own primitives (convolutions, max pooling): a oneDNN build of
     * libnd4j, so the layers take a oneDNN path at all, with oneDNN's own library loaded. False on libnd4j's oneDNN
     * ops, the plain build and CUDA.
     */
    public static boolean oneDnnPrimitives() {
        return oneDnn() && OneDnnLibrary.available();
    }

    /** Asked once, lazily: the answer needs ND4J loaded, so asking loads it. */
    private static final class OneDnnProbe {
        static final boolean ENABLED = probe();

        private static boolean probe() {
            select(); // the build to load, when asking is the first use of ND4J
            Nd4j.getBackend(); // a no-op where it is loaded; otherwise the library is not loaded yet and the answer would be no
            final String library = loadedLibrary("nd4jcpu");
            if (library != null && selected != null && !library.contains("linux-x86_64" + selected + "/")) {
                LOG.warn("ND4J loaded {}, not the linux-x86_64{} build picked: something used ND4J before NativeBackend.select()", library, selected);
            }
            if (library == null || !library.contains("-onednn")) {
                return false;
            }
            try {
                final Class<?> env = Class.forName("org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu$Environment");
                final Object instance = env.getMethod("getInstance").invoke(null);
                return (boolean) env.getMethod("isUseONEDNN").invoke(instance);
            } catch (ReflectiveOperationException | LinkageError e) {
                LOG.warn("Cannot ask ND4J whether oneDNN is on ({}); convolutions take DL4J's im2col path", e.toString());
                return false;
            }
        }
    }

    /** Where JavaCPP loaded a native library from (its path names the build), or null. */
    public static String loadedLibrary(final String name) {
        return Loader.getLoadedLibraries().get(name);
    }

    static Set<String> cpuFlags() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(line -> line.startsWith("flags"))
                    .findFirst()
                    .map(line -> Arrays.stream(line.substring(line.indexOf(':') + 1).trim().split("\\s+"))
                            .map(f -> f.toLowerCase(Locale.ROOT)).collect(Collectors.toSet()))
                    .orElse(Set.of());
        } catch (IOException | RuntimeException e) {
            return Set.of(); // not Linux, or unreadable: the plain build runs anywhere
        }
    }
}
