package dev.i2v.app;

import dev.i2v.schemas.Settings;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * Options every service command shares (a picocli mixin). Settings resolve as
 * defaults &lt; --config file &lt; I2V_* environment variables &lt; flags, through {@link Settings}.
 */
public final class ServiceOptions {

    @Option(names = "--config", paramLabel = "FILE",
            description = "Java properties file with settings (key=value); overridden by I2V_* environment variables and flags.")
    Path config;

    @Option(names = {"-b", "--bootstrap-servers"}, paramLabel = "HOST:PORT[,...]",
            description = "Kafka bootstrap servers (setting kafka.bootstrap.servers; default localhost:9092, the embedded broker of 'i2v kafka').")
    String bootstrapServers;

    @Option(names = "--topic-prefix", paramLabel = "PREFIX", description = "Prefix of every topic name (setting topic.prefix; default i2v.).")
    String topicPrefix;

    @Option(names = {"-s", "--set"}, paramLabel = "KEY=VALUE",
            description = "Any setting, e.g. -s kafka.security.protocol=SASL_SSL -s tagger.batch.size=64. Repeatable.")
    Map<String, String> sets = new LinkedHashMap<>();

    /**
     * Resolves the settings of one service.
     *
     * @param defaults the service's own defaults
     * @param flags    the command's own options, by setting key (null values are ignored)
     */
    public Settings settings(final Map<String, String> defaults, final Map<String, String> flags) {
        final Map<String, String> all = new LinkedHashMap<>();
        if (bootstrapServers != null) {
            all.put("kafka.bootstrap.servers", bootstrapServers);
        }
        if (topicPrefix != null) {
            all.put("topic.prefix", topicPrefix);
        }
        all.putAll(sets);
        flags.forEach((k, v) -> {
            if (v != null) {
                all.put(k, v);
            }
        });
        return Settings.load(defaults, config, System.getenv(), all);
    }
}
