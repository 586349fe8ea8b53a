package org.mailpolicy.it.harness;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** dkimpy (Debian python3-dkim, for the system interpreter) as an independent verifier of what James sent. */
public final class Dkimpy {

    private static final Path PYTHON = Path.of("/usr/bin/python3");

    private Dkimpy() {
    }

    /**
     * Runs {@code script} with the message in a file named by {@code sys.argv[1]} and returns what it printed,
     * trimmed. {@code modules} are the Python modules it imports, checked first so a missing package fails by name.
     */
    public static String run(String modules, String script, String message) throws Exception {
        assertTrue(Files.isExecutable(PYTHON) && new ProcessBuilder(PYTHON.toString(), "-c", "import " + modules).start().waitFor() == 0,
                "the interoperability peer is missing (./run-tests.sh installs it): /usr/bin/python3 with " + modules
                        + " (Debian python3-dkim, python3-nacl) is not installed");
        Path file = Files.createTempFile("dkimpy", ".eml");
        try {
            Files.write(file, message.getBytes(StandardCharsets.ISO_8859_1));
            Process process = new ProcessBuilder(PYTHON.toString(), "-c", script, file.toString()).redirectErrorStream(true).start();
            assertTrue(process.waitFor(60, TimeUnit.SECONDS), "dkimpy did not finish within 60 s");
            return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        } finally {
            Files.delete(file);
        }
    }
}
