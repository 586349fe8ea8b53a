package org.mailpolicy.jamesconf;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The drop-in folder must not bundle a jar James 3.8.1 already ships: two copies of a class on
 * James's class paths break at run time (LinkageError, or the older copy wins silently).
 * The list of shipped artifacts is the lib/ folder of the memory app 3.8.1
 * (src/test/resources/james-3.8.1-lib.txt, one artifactId per line).
 */
class ExtensionsJarsTest {

    // artifactId-version[-classifier].jar: the version is the first dash-separated part that
    // starts with a digit (no artifactId in the list has such a part).
    private static final Pattern JAR_NAME = Pattern.compile("(.+?)-\\d[^/]*\\.jar");

    private final Path extensionsJars = Paths.get(System.getProperty("extensions.jars.dir", "target/extensions-jars"));

    @Test
    void bundlesNoJarThatJamesShips() throws IOException {
        Set<String> shipped = jamesShippedArtifactIds();

        List<String> bundledTwice = jarNames().stream()
                .filter(name -> shipped.contains(artifactId(name)))
                .collect(Collectors.toList());

        assertThat(bundledTwice)
                .as("jars in %s that James 3.8.1 already ships: exclude them from the dependency"
                        + " that pulls them in (james-conf/pom.xml) and compile against them as provided",
                        extensionsJars)
                .isEmpty();
    }

    @Test
    void bundlesMailPolicyCore() throws IOException {
        assertThat(jarNames()).anyMatch(name -> artifactId(name).equals("mailpolicy-core"));
    }

    private List<String> jarNames() throws IOException {
        try (Stream<Path> files = Files.list(extensionsJars)) {
            return files.map(file -> file.getFileName().toString())
                    .filter(name -> name.endsWith(".jar"))
                    .sorted()
                    .collect(Collectors.toList());
        }
    }

    private static String artifactId(String jarName) {
        Matcher matcher = JAR_NAME.matcher(jarName);
        return matcher.matches() ? matcher.group(1) : jarName;
    }

    private static Set<String> jamesShippedArtifactIds() throws IOException {
        try (InputStream in = ExtensionsJarsTest.class.getResourceAsStream("/james-3.8.1-lib.txt")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .map(String::trim)
                    .filter(line -> !line.isEmpty())
                    .collect(Collectors.toSet());
        }
    }
}
