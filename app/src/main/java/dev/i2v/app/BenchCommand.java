package dev.i2v.app;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code i2v bench}: benchmarks; each writes its figures to bench/results/NAME.md in the repository. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Measure speed and memory side by side in one run; each benchmark writes bench/results/<name>.md.",
                "Medians and ratios, never single timings: these machines are shared and noisy.",
                "'i2v bench model' (DL4J against PyTorch) runs from the model-bench module, which carries PyTorch: ./i2v starts it."},
        subcommands = {TaggerBenchCommand.class, TrainerBenchCommand.class, LearningCurveCommand.class})
public final class BenchCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Name a benchmark: tagger, trainer or learning");
    }
}
