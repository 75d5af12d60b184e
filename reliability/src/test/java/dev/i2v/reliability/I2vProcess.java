package dev.i2v.reliability;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One {@code i2v} command running as its own OS process, exactly as a user starts it
 * ({@code java -cp app/target/app-*.jar:app/target/lib/* dev.i2v.app.I2v ...}), with its output in a
 * log file. {@link #kill9()} is {@code kill -9}: no shutdown hook, no flush, no goodbye.
 */
final class I2vProcess {

    /** The repository root (set by the suite's pom), where app/target holds the built command. */
    static final Path ROOT = Path.of(System.getProperty("i2v.root", "..")).toAbsolutePath().normalize();
    /** Small heaps: three taggers, a trainer and a broker share the machine with the suite. */
    private static final List<String> JVM_OPTIONS = List.of("-Xmx1g", "-Dorg.bytedeco.javacpp.maxbytes=2g",
            "-Dorg.bytedeco.javacpp.maxphysicalbytes=4g");

    private final String name;
    private final List<String> command;
    private final Path log;
    private Process process;

    private I2vProcess(final String name, final List<String> command, final Path log) {
        this.name = name;
        this.command = command;
        this.log = log;
    }

    /** Starts {@code i2v <args>}; output goes to {@code <logDir>/<name>.log} (appended across restarts). */
    static I2vProcess start(final String name, final Path logDir, final List<String> args) throws IOException {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JVM_OPTIONS);
        command.add("-cp");
        command.add(appJar() + ":" + ROOT.resolve("app/target/lib") + "/*");
        command.add("dev.i2v.app.I2v");
        command.addAll(args);
        Files.createDirectories(logDir);
        final I2vProcess p = new I2vProcess(name, command, logDir.resolve(name + ".log"));
        p.launch();
        return p;
    }

    private static Path appJar() throws IOException {
        try (var jars = Files.list(ROOT.resolve("app/target"))) {
            return jars.filter(f -> f.getFileName().toString().matches("app-.*\\.jar") && !f.getFileName().toString().contains("tests")
                    && !f.getFileName().toString().contains("sources")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("No app jar in " + ROOT.resolve("app/target") + "; build with reliability/run"));
        }
    }

    private void launch() throws IOException {
        Files.writeString(log, "\n=== " + String.join(" ", command) + "\n", java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.APPEND);
        process = new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    }

    /** The same command again, as a supervisor would restart it. */
    void restart() throws IOException {
        if (process.isAlive()) {
            throw new IllegalStateException(name + " is still running");
        }
        launch();
    }

    String name() {
        return name;
    }

    Path log() {
        return log;
    }

    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process.isAlive();
    }

    /** SIGKILL, and waits until the process is gone. */
    void kill9() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** SIGTERM (Ctrl-C's clean stop), then SIGKILL if it has not ended within {@code grace}; the exit code. */
    int stop(final Duration grace) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
        }
        return process.waitFor();
    }

    /** Waits for the process to end by itself; its exit code, or null if it still runs after {@code limit}. */
    Integer waitFor(final Duration limit) throws InterruptedException {
        return process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : null;
    }

    /** The log's last lines, for a failure message. */
    String tail(final int lines) {
        try {
            final List<String> all = Files.readAllLines(log);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }
}
