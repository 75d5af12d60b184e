package dev.i2v.app;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** One run of the i2v command line as {@code ./i2v} runs it, with what it printed (also echoed to the test log) and its exit code. */
record CapturedRun(int exit, String out, String err) {

    static CapturedRun of(final List<String> args) {
        final PrintStream out = System.out;
        final PrintStream err = System.err;
        final ByteArrayOutputStream capturedOut = new ByteArrayOutputStream();
        final ByteArrayOutputStream capturedErr = new ByteArrayOutputStream();
        System.setOut(new PrintStream(capturedOut, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(capturedErr, true, StandardCharsets.UTF_8));
        final int exit;
        try {
            exit = I2v.commandLine().execute(args.toArray(String[]::new));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        final CapturedRun run = new CapturedRun(exit, capturedOut.toString(StandardCharsets.UTF_8), capturedErr.toString(StandardCharsets.UTF_8));
        System.out.print(run.out() + run.err());
        return run;
    }
}
