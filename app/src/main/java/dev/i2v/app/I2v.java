package dev.i2v.app;

import dev.i2v.model.net.NativeBackend;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code i2v} command line: one subcommand per service, all defaulting to the embedded broker. */
@Command(name = "i2v", mixinStandardHelpOptions = true, version = "i2v-stream 0.1.0",
        description = {"i2v-stream: a streaming illustration tagger on Kafka and Deeplearning4j.",
                "Start with './i2v demo'. Settings: defaults < --config file < I2V_* environment < flags."},
        subcommands = {KafkaCommand.class, CrawlCommand.class, PublishCommand.class, TrainCommand.class,
                TagCommand.class, TagFilesCommand.class, ConsumeCommand.class, ServeCommand.class, ModelsCommand.class, MistakesCommand.class,
                DemoCommand.class, BenchCommand.class,
                CommandLine.HelpCommand.class})
public final class I2v implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        // no subcommand: show what there is, and fail so scripts notice
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing subcommand");
    }

    public static CommandLine commandLine() {
        return new CommandLine(new I2v()).setCaseInsensitiveEnumValuesAllowed(true);
    }

    public static void main(final String[] args) {
        NativeBackend.select(); // which libnd4j build (oneDNN, AVX-512/AVX2) this CPU runs, before ND4J loads
        System.exit(commandLine().execute(args));
    }
}
