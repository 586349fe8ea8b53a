package org.mailpolicy.it.harness;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The TLS key James's servers use in tests, made once per work directory with keytool.
 * James's own --generate-keystore makes a 4096-bit RSA key at every start, even when
 * conf/keystore exists: measured at 17.7 s of a 26 s start under -XX:TieredStopAtLevel=1.
 */
final class TestKeystore {

    // The password smtpserver.xml and imapserver.xml of the james-conf sample give.
    static final String SECRET = "james72laBalle";

    private TestKeystore() {
    }

    static synchronized Path in(Path workDir) throws IOException {
        Path keystore = workDir.resolve("keystore.p12");
        if (Files.exists(keystore)) {
            return keystore;
        }
        Files.createDirectories(workDir);
        Path partial = workDir.resolve("keystore.p12.partial");
        Files.deleteIfExists(partial);
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Process process = new ProcessBuilder(List.of(keytool, "-genkeypair", "-alias", "james",
                "-keyalg", "RSA", "-keysize", "2048", "-validity", "365", "-dname", "CN=james",
                "-storetype", "PKCS12", "-keystore", partial.toString(),
                "-storepass", SECRET, "-keypass", SECRET))
                .redirectErrorStream(true)
                .start();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IOException("keytool failed: " + new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while keytool made the test keystore", e);
        }
        Files.move(partial, keystore);
        return keystore;
    }
}
