package dev.i2v.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class I2vCliTest {

    private record Run(int exit, String out, String err) {
    }

    private static Run run(final String... args) {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final CommandLine cl = I2v.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        final int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void unknownOptionPrintsUsageAndFails() {
        final Run r = run("kafka", "--no-such-option");
        assertNotEquals(0, r.exit());
        assertTrue(r.err().contains("Unknown option: '--no-such-option'"), r.err());
        assertTrue(r.err().contains("Usage: i2v kafka"), r.err());
    }

    @Test
    void noSubcommandPrintsUsageAndFails() {
        final Run r = run();
        assertNotEquals(0, r.exit());
        assertTrue(r.err().contains("Usage: i2v"), r.err());
    }

    @Test
    void helpListsEverySubcommand() {
        final Run r = run("--help");
        assertEquals(0, r.exit());
        for (final String sub : new String[] {"kafka", "crawl", "publish", "train", "tag", "tag-files", "consume", "serve", "models", "mistakes", "demo", "bench"}) {
            assertTrue(r.out().contains("  " + sub), sub + " missing from:\n" + r.out());
        }
    }
}
