package org.mailpolicy.james;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Collections;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.mailpolicy.dkim.DkimKeys;
import org.mailpolicy.dkim.DkimPrivateKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The signing keys of a key directory, {@code <directory>/<domain>/<selector>.key} as
 * {@code mailpolicy dkim keygen} writes them; shared by the DKIM signer and the ARC sealer. A key
 * readable by other users is used, with a warning.
 */
public final class DkimKeyDirectory {

    private static final Logger LOGGER = LoggerFactory.getLogger(DkimKeyDirectory.class);
    private static final String SUFFIX = ".key";

    private DkimKeyDirectory() {
    }

    /**
     * Domain (lower case) to its keys by selector, selectors in order; domains without a key are left out.
     * A key that cannot be read fails with an {@link IllegalArgumentException} naming the file.
     */
    public static Map<String, Map<String, DkimPrivateKey>> load(Path directory) throws IOException {
        Map<String, Map<String, DkimPrivateKey>> loaded = new HashMap<>();
        try (DirectoryStream<Path> domains = Files.newDirectoryStream(directory, Files::isDirectory)) {
            for (Path domainDirectory : domains) {
                Map<String, DkimPrivateKey> keys = new TreeMap<>();
                try (DirectoryStream<Path> files = Files.newDirectoryStream(domainDirectory, "*" + SUFFIX)) {
                    for (Path file : files) {
                        warnIfReadableByOthers(file);
                        String name = file.getFileName().toString();
                        keys.put(name.substring(0, name.length() - SUFFIX.length()), DkimKeys.load(file));
                    }
                }
                if (!keys.isEmpty()) {
                    loaded.put(domainDirectory.getFileName().toString().toLowerCase(Locale.ROOT), Collections.unmodifiableMap(keys));
                }
            }
        }
        return Map.copyOf(loaded);
    }

    private static void warnIfReadableByOthers(Path file) throws IOException {
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
            if (permissions.contains(PosixFilePermission.OTHERS_READ) || permissions.contains(PosixFilePermission.GROUP_READ)) {
                LOGGER.warn("DKIM private key {} is readable by other users; chmod 600 it", file);
            }
        } catch (UnsupportedOperationException e) {
            LOGGER.debug("cannot check the permissions of {} on this file system", file);
        }
    }
}
