package org.mailpolicy.it.harness;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** {@code java -jar cli/target/mailpolicy.jar ...} as an admin runs it, in its own process. */
public final class MailPolicyCli {

    private MailPolicyCli() {
    }

    /** What one run printed and how it exited. */
    public static final class Result {
        public final int exitCode;
        public final String out;
        public final String err;

        Result(int exitCode, String out, String err) {
            this.exitCode = exitCode;
            this.out = out;
            this.err = err;
        }
    }

    public static Result run(String... args) throws IOException, InterruptedException {
        return run(new byte[0], args);
    }

    public static Result run(byte[] input, String... args) throws IOException, InterruptedException {
        Path jar = Paths.get(System.getProperty("mailpolicy.cli.jar"));
        List<String> command = new ArrayList<>(List.of(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).start();
        try (OutputStream stdin = process.getOutputStream()) {
            stdin.write(input);
        }
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("mailpolicy did not finish within 60 s");
        }
        return new Result(process.exitValue(),
                new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }
}
