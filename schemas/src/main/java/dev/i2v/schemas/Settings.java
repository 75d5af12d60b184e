package dev.i2v.schemas;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The one configuration loader. Every service reads its settings here, from four layers, each
 * overriding the one before: built-in defaults &lt; a properties file (--config) &lt; environment
 * variables &lt; command-line flags.
 *
 * <p>A key {@code tagger.batch.size} is read from the environment as {@code I2V_TAGGER_BATCH_SIZE}.
 * Keys under {@code kafka.} are passed to every Kafka client with the prefix removed
 * ({@code kafka.security.protocol=SASL_SSL}, or {@code I2V_KAFKA_SECURITY_PROTOCOL}), so secured
 * clusters need no code.
 */
public final class Settings {

    public static final String ENV_PREFIX = "I2V_";

    /** Defaults shared by every service; each service adds its own. */
    public static final Map<String, String> COMMON_DEFAULTS = Map.of(
            "kafka.bootstrap.servers", "localhost:9092",
            "topic.prefix", "i2v.",
            "topic.replication.factor", "1",
            "topic.images.partitions", "6",
            "topic.tag-vectors.partitions", "6",
            "model.name", "i2v",
            // where claim checks may be read (trainer and tagger); the crawler writes them to data/claim-checks
            "claim.check.dirs", "data/claim-checks",
            "claim.check.url.prefixes", "",
            "claim.check.timeout.ms", "5000",
            // a shared secret: the trainer signs model-updated events with it and taggers refuse unsigned ones (empty: no signing)
            "model.signing.key", "");

    private final Map<String, String> values;
    private final Map<String, String> origins;

    private Settings(final Map<String, String> values, final Map<String, String> origins) {
        this.values = values;
        this.origins = origins;
    }

    /**
     * Loads the four layers.
     *
     * @param defaults   the service's defaults (merged over {@link #COMMON_DEFAULTS})
     * @param configFile a properties file, or null
     * @param env        the environment, usually {@code System.getenv()}
     * @param flags      settings given on the command line
     */
    public static Settings load(final Map<String, String> defaults, final Path configFile,
                                final Map<String, String> env, final Map<String, String> flags) {
        final Map<String, String> values = new TreeMap<>();
        final Map<String, String> origins = new TreeMap<>();
        put(values, origins, COMMON_DEFAULTS, "default");
        put(values, origins, defaults, "default");
        if (configFile != null) {
            final Properties file = new Properties();
            try (Reader reader = Files.newBufferedReader(configFile)) {
                file.load(reader);
            } catch (IOException e) {
                throw new IllegalArgumentException("Cannot read config file '" + configFile + "': " + e.getMessage()
                        + ". Pass --config with a readable Java properties file (key=value lines).", e);
            }
            for (final String key : file.stringPropertyNames()) {
                values.put(key, file.getProperty(key).trim());
                origins.put(key, "config file " + configFile);
            }
        }
        for (final Map.Entry<String, String> e : env.entrySet()) {
            if (e.getKey().startsWith(ENV_PREFIX)) {
                final String key = keyForEnv(e.getKey(), values);
                values.put(key, e.getValue());
                origins.put(key, "environment " + e.getKey());
            }
        }
        put(values, origins, flags, "command line");
        return new Settings(values, origins);
    }

    /** Defaults only, plus overrides: for tests and embedded use. */
    public static Settings of(final Map<String, String> overrides) {
        return load(Map.of(), null, Map.of(), overrides);
    }

    private static void put(final Map<String, String> values, final Map<String, String> origins,
                            final Map<String, String> layer, final String origin) {
        for (final Map.Entry<String, String> e : layer.entrySet()) {
            if (e.getValue() != null) {
                values.put(e.getKey(), e.getValue());
                origins.put(e.getKey(), origin);
            }
        }
    }

    /** I2V_TAGGER_BATCH_SIZE -> the known key it spells (tagger.batch.size), else dotted lower case. */
    static String keyForEnv(final String envName, final Map<String, String> known) {
        final String spelled = envName.substring(ENV_PREFIX.length());
        for (final String key : known.keySet()) {
            if (envNameOf(key).equals(envName)) {
                return key;
            }
        }
        return spelled.toLowerCase(Locale.ROOT).replace('_', '.');
    }

    public static String envNameOf(final String key) {
        return ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    public Settings with(final Map<String, String> overrides) {
        final Map<String, String> v = new TreeMap<>(values);
        final Map<String, String> o = new TreeMap<>(origins);
        put(v, o, overrides, "override");
        return new Settings(v, o);
    }

    /** These settings, plus a service's defaults for the keys they lack (a service given settings built elsewhere, e.g. in tests). */
    public Settings withDefaults(final Map<String, String> defaults) {
        final Map<String, String> v = new TreeMap<>(values);
        final Map<String, String> o = new TreeMap<>(origins);
        defaults.forEach((k, d) -> {
            if (!v.containsKey(k) && d != null) {
                v.put(k, d);
                o.put(k, "default");
            }
        });
        return new Settings(v, o);
    }

    public boolean has(final String key) {
        return values.containsKey(key) && !values.get(key).isBlank();
    }

    public String get(final String key) {
        final String value = values.get(key);
        if (value == null) {
            throw new IllegalArgumentException("Missing setting '" + key + "'. Set it in the --config file, as "
                    + envNameOf(key) + " in the environment, or with a flag.");
        }
        return value;
    }

    public String get(final String key, final String fallback) {
        return values.getOrDefault(key, fallback);
    }

    public int getInt(final String key) {
        return parse(key, "an integer", Integer::parseInt);
    }

    public long getLong(final String key) {
        return parse(key, "an integer", Long::parseLong);
    }

    public double getDouble(final String key) {
        return parse(key, "a number", Double::parseDouble);
    }

    public boolean getBoolean(final String key) {
        final String v = get(key).trim().toLowerCase(Locale.ROOT);
        if (v.equals("true") || v.equals("false")) {
            return Boolean.parseBoolean(v);
        }
        throw invalid(key, "true or false");
    }

    private <N> N parse(final String key, final String what, final java.util.function.Function<String, N> parser) {
        try {
            return parser.apply(get(key).trim());
        } catch (NumberFormatException e) {
            throw invalid(key, what);
        }
    }

    private IllegalArgumentException invalid(final String key, final String what) {
        return new IllegalArgumentException("Setting '" + key + "' = '" + values.get(key) + "' (from "
                + origins.get(key) + ") is not " + what + ".");
    }

    /** Every key under a prefix, with the prefix removed (kafka.x -> x). */
    public Map<String, String> withPrefix(final String prefix) {
        final Map<String, String> out = new TreeMap<>();
        values.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                out.put(k.substring(prefix.length()), v);
            }
        });
        return out;
    }

    /** Where a setting's value came from, for start-up logs. */
    public String originOf(final String key) {
        return origins.getOrDefault(key, "unset");
    }

    public Topics topics() {
        return new Topics(get("topic.prefix"), getInt("topic.images.partitions"),
                getInt("topic.tag-vectors.partitions"), (short) getInt("topic.replication.factor"));
    }
}
