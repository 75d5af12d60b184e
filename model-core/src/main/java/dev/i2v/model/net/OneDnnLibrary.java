package dev.i2v.model.net;

import org.bytedeco.dnnl.dnnl_version_t;
import org.bytedeco.dnnl.engine;
import org.bytedeco.dnnl.global.dnnl;
import org.bytedeco.javacpp.Loader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * oneDNN 2.5 as its own library (JavaCPP's {@code dnnl} presets, shipped with the cpu profile), beside the copy
 * libnd4jcpu links statically and keeps to itself: loaded once, with the one CPU engine the convolutions
 * ({@link DirectOneDnnConvolution}) and the inference trunk share. Absent on the cuda profile.
 */
public final class OneDnnLibrary {

    private static final Logger LOG = LoggerFactory.getLogger(OneDnnLibrary.class);

    private OneDnnLibrary() {
    }

    /** Whether the library loaded. */
    public static boolean available() {
        return Loaded.ENGINE != null;
    }

    /** The CPU engine; null when the library is absent. */
    public static engine engine() {
        return Loaded.ENGINE;
    }

    /** "major.minor.patch", or null when the library is absent. */
    public static String version() {
        return Loaded.VERSION;
    }

    /** Loaded on first use, logged once. */
    private static final class Loaded {
        static final engine ENGINE;
        static final String VERSION;

        static {
            engine cpu = null;
            String version = null;
            try {
                Loader.load(dnnl.class);
                cpu = new engine(engine.kind.cpu, 0);
                final dnnl_version_t v = dnnl.dnnl_version();
                version = v.major() + "." + v.minor() + "." + v.patch();
                LOG.info("oneDNN {} loaded (JavaCPP dnnl presets): convolutions call its primitives directly", version);
            } catch (UnsatisfiedLinkError | NoClassDefFoundError | RuntimeException e) {
                LOG.info("oneDNN's own library is not available ({}); convolutions run libnd4j's conv2d ops", e.toString());
            }
            ENGINE = cpu;
            VERSION = version;
        }
    }
}
