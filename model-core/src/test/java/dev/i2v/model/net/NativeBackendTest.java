package dev.i2v.model.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.i2v.model.net.NativeBackend.Build;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

class NativeBackendTest {

    private static final Set<String> AVX512_CPU = Set.of("sse4_2", "avx", "avx2", "fma", "avx512f", "avx512cd", "avx512bw", "avx512dq", "avx512vl");
    private static final List<Build> ALL = List.of(Build.values());

    @Test
    void picksTheFastestBuildTheCpuRuns() {
        assertEquals(Build.ONEDNN_AVX512, NativeBackend.pick(AVX512_CPU, ALL));
        assertEquals(Build.ONEDNN_AVX2, NativeBackend.pick(Set.of("avx", "avx2", "fma"), ALL));
        assertEquals(Build.PLAIN, NativeBackend.pick(Set.of("sse4_2", "avx"), ALL), "no AVX2: the plain build");
        assertEquals(Build.PLAIN, NativeBackend.pick(Set.of(), ALL), "flags unknown: the plain build, which runs anywhere");
        assertEquals(Build.ONEDNN_AVX2, NativeBackend.pick(Set.of("avx512f", "avx2", "fma"), ALL),
                "AVX-512F alone is not enough for the AVX-512 build");
    }

    @Test
    void aBuildMissingFromTheClasspathIsSkipped() {
        assertEquals(Build.ONEDNN_AVX2, NativeBackend.pick(AVX512_CPU, List.of(Build.ONEDNN_AVX2, Build.PLAIN)));
        assertEquals(Build.PLAIN, NativeBackend.pick(AVX512_CPU, List.of(Build.PLAIN)));
    }

    /** The process runs the build select() picks for this machine's CPU, and oneDNN with it. */
    @Test
    void thisJvmRunsTheBuildPickedForItsCpu() {
        Nd4j.create(1); // ND4J loaded
        final Build expected = NativeBackend.fastestRunnable(NativeBackend.cpuFlags());
        final String library = NativeBackend.loadedLibrary("nd4jcpu");
        assertEquals(expected, ALL.stream().filter(b -> library.contains("linux-x86_64" + b.extension + "/")).findFirst().orElseThrow(), library);
        assertEquals(expected != Build.PLAIN, NativeBackend.oneDnn(), "oneDNN convolutions exactly on the oneDNN builds");
    }

    /** A network's dense layers leave BLAS one thread where oneDNN runs the convolutions; DL4J's im2col path keeps them all. */
    @Test
    void blasKeepsOneThreadBesideOneDnnConvolutions() {
        NetworkFactory.build(NetworkSpec.tiny(16, 3, 1));
        assertEquals(NativeBackend.oneDnnPrimitives() ? 1 : NativeBackend.defaultBlasThreads(), Nd4j.factory().blas().getMaxThreads());
    }

    @Test
    void warnsUnlessOpenMpThreadsSleepWhileTheyWait() {
        assertTrue(NativeBackend.warnIfOpenMpSpins(null));
        assertTrue(NativeBackend.warnIfOpenMpSpins("ACTIVE"));
        assertFalse(NativeBackend.warnIfOpenMpSpins("passive"));
        // the build runs its tests the way ./i2v runs the services
        assertEquals("PASSIVE", System.getenv("OMP_WAIT_POLICY"));
    }
}
