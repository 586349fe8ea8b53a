package org.mailpolicy.dmarcreport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The report fixtures copied from /work/shared/conformance/dmarc-reports (see the README beside them). */
final class ReportFixtures {

    private ReportFixtures() {
    }

    static Path dir(String name) {
        try {
            return Path.of(ReportFixtures.class.getResource("/conformance/dmarc-reports/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The files in {@code folder} whose names end with one of {@code suffixes}, sorted. */
    static List<Path> files(String folder, String... suffixes) {
        try (Stream<Path> list = Files.list(dir(folder))) {
            return list.filter(p -> Stream.of(suffixes).anyMatch(s -> p.getFileName().toString().endsWith(s)))
                    .sorted().collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
