package org.mailpolicy.james;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.apache.commons.configuration2.Configuration;
import org.mailpolicy.dkim.DkimKeys;
import org.mailpolicy.dkim.DkimPrivateKey;
import org.mailpolicy.dkim.DkimSigner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The private keys {@code DkimSign} signs with, per signing domain and selector, from
 * {@code conf/mailpolicy.properties} and from a key directory. A property names the key the way
 * DNS publishes it (RFC 6376 §3.6.2.1: {@code <selector>._domainkey.<domain>}), which stays
 * unambiguous although domains and selectors both contain dots:
 * <ul>
 * <li>{@code dkim.sign.keyFile.<selector>._domainkey.<domain>=<path>}: a key file, a path or
 * {@code file://conf/<name>};</li>
 * <li>{@code dkim.sign.key.<selector>._domainkey.<domain>=<key>}: the key itself, an Ed25519 seed
 * in base64 or a PEM (on one line, or continued with {@code \}).</li>
 * </ul>
 * Keys are RSA PKCS#1 or PKCS#8 PEM, Ed25519 PKCS#8 PEM or base64 seed ({@link DkimKeys}). Every
 * key is read at start-up; a missing, unreadable or malformed one fails naming the property or
 * file. A key file readable by other users is not an error but a {@link #warnings() warning}.
 */
public final class DkimSigningKeys {

    private static final Logger LOGGER = LoggerFactory.getLogger(DkimSigningKeys.class);
    static final String KEY_PREFIX = "dkim.sign.key.";
    static final String KEY_FILE_PREFIX = "dkim.sign.keyFile.";
    private static final String DOMAINKEY = "._domainkey.";
    private static final String KEY_FILE_SUFFIX = ".key";
    private static final String PROPERTY_NAME = "<selector>._domainkey.<domain>";

    /** Domain (lower case) to selector to key; selectors sorted so the signature order is stable. */
    private final Map<String, Map<String, DkimPrivateKey>> keys;
    private final List<String> warnings;

    private DkimSigningKeys(Map<String, Map<String, DkimPrivateKey>> keys, List<String> warnings) {
        Map<String, Map<String, DkimPrivateKey>> copy = new TreeMap<>();
        keys.forEach((domain, selectors) -> copy.put(domain, Collections.unmodifiableMap(new TreeMap<>(selectors))));
        this.keys = Collections.unmodifiableMap(copy);
        this.warnings = List.copyOf(warnings);
    }

    /** No keys. */
    public static DkimSigningKeys none() {
        return new DkimSigningKeys(Map.of(), List.of());
    }

    /**
     * The {@code dkim.sign.key.*} and {@code dkim.sign.keyFile.*} keys of {@code configuration};
     * {@code resolve} turns a key file name into a file. Fails with an {@link IllegalArgumentException}
     * naming {@code mailpolicy.properties}, the property and what is accepted.
     */
    public static DkimSigningKeys fromProperties(Configuration configuration, PathResolver resolve) {
        Map<String, Map<String, DkimPrivateKey>> keys = new TreeMap<>();
        List<String> warnings = new ArrayList<>();
        boolean inline = false;
        for (Iterator<String> names = configuration.getKeys(); names.hasNext(); ) {
            String property = names.next();
            if (property.startsWith(KEY_PREFIX)) {
                String value = configuration.getString(property, "").trim();
                add(keys, property, property.substring(KEY_PREFIX.length()), inlineKey(property, value));
                inline = true;
            } else if (property.startsWith(KEY_FILE_PREFIX)) {
                String value = configuration.getString(property, "").trim();
                add(keys, property, property.substring(KEY_FILE_PREFIX.length()), keyFile(property, value, resolve, warnings));
            }
        }
        if (inline) {
            warnIfReadableByOthers(propertiesFile(resolve), "holds DKIM private keys (" + KEY_PREFIX + "*) and", warnings);
        }
        return new DkimSigningKeys(keys, warnings);
    }

    /**
     * The {@code <domain>/<selector>.key} files under {@code directory}, as {@code mailpolicy dkim keygen}
     * writes them. Fails with an {@link IllegalArgumentException} naming the directory or file when a
     * key cannot be read or parsed, or when the directory holds no key.
     */
    public static DkimSigningKeys fromDirectory(Path directory) {
        Map<String, Map<String, DkimPrivateKey>> keys = new TreeMap<>();
        List<String> warnings = new ArrayList<>();
        try (DirectoryStream<Path> domains = Files.newDirectoryStream(directory, Files::isDirectory)) {
            for (Path domainDirectory : domains) {
                String domain = domainDirectory.getFileName().toString();
                try (DirectoryStream<Path> files = Files.newDirectoryStream(domainDirectory, "*" + KEY_FILE_SUFFIX)) {
                    for (Path file : files) {
                        String name = file.getFileName().toString();
                        String selector = name.substring(0, name.length() - KEY_FILE_SUFFIX.length());
                        warnIfReadableByOthers(file, "is a DKIM private key", warnings);
                        add(keys, file.toString(), selector, domain, DkimKeys.load(file));
                    }
                }
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot load the keys in " + directory + ": " + e.getMessage(), e);
        }
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("no keys in " + directory + "; expected <domain>/<selector>" + KEY_FILE_SUFFIX + " files");
        }
        return new DkimSigningKeys(keys, warnings);
    }

    /**
     * These keys and, unless {@code directory} is blank, those of that key directory (see
     * {@link #fromDirectory}), whose warnings are logged; a mailet's {@code <keyDirectory>}.
     */
    public DkimSigningKeys andDirectory(String directory) {
        if (directory.isBlank()) {
            return this;
        }
        DkimSigningKeys fromDirectory = fromDirectory(Paths.get(directory.trim()));
        fromDirectory.warnings().forEach(LOGGER::warn);
        return and(fromDirectory);
    }

    /** These keys and {@code other}'s; a selector of a domain in both is an error, not a silent choice. */
    public DkimSigningKeys and(DkimSigningKeys other) {
        Map<String, Map<String, DkimPrivateKey>> merged = new TreeMap<>();
        keys.forEach((domain, selectors) -> merged.put(domain, new TreeMap<>(selectors)));
        other.keys.forEach((domain, selectors) -> selectors.forEach((selector, key) -> {
            if (merged.computeIfAbsent(domain, d -> new TreeMap<>()).putIfAbsent(selector, key) != null) {
                throw new IllegalArgumentException("the key of selector " + selector + " of " + domain + " is configured twice, in "
                        + MailPolicyConfiguration.FILE + " and in the key directory");
            }
        }));
        List<String> allWarnings = new ArrayList<>(warnings);
        allWarnings.addAll(other.warnings);
        return new DkimSigningKeys(merged, allWarnings);
    }

    public boolean isEmpty() {
        return keys.isEmpty();
    }

    /** The signing domains, lower case. */
    public Set<String> domains() {
        return keys.keySet();
    }

    /** The keys of signing domain {@code domain} (lower case) by selector, in alphabetical order; empty when it has none. */
    public Map<String, DkimPrivateKey> keysOf(String domain) {
        return keys.getOrDefault(domain, Map.of());
    }

    /** One signer per signing domain, signing once per key of the domain, selectors in alphabetical order. */
    public Map<String, DkimSigner> signers() {
        Map<String, DkimSigner> signers = new LinkedHashMap<>();
        keys.forEach((domain, selectors) -> {
            DkimSigner.Builder builder = DkimSigner.builder(domain);
            selectors.forEach(builder::key);
            signers.put(domain, builder.build());
        });
        return Collections.unmodifiableMap(signers);
    }

    /** What an admin should fix but that does not stop signing: private keys readable by other users. */
    public List<String> warnings() {
        return warnings;
    }

    private static DkimPrivateKey inlineKey(String property, String value) {
        try {
            return DkimKeys.parse(value);
        } catch (IllegalArgumentException e) {
            throw MailPolicyConfiguration.invalid(property, "<key not shown>",
                    "an Ed25519 seed in base64 or a PEM private key, RSA or Ed25519 (" + e.getMessage() + ")");
        }
    }

    private static DkimPrivateKey keyFile(String property, String name, PathResolver resolve, List<String> warnings) {
        if (name.isEmpty()) {
            throw MailPolicyConfiguration.invalid(property, name, "the path of a private key file");
        }
        Path file;
        try {
            file = resolve.file(name).toPath();
        } catch (IOException e) {
            throw MailPolicyConfiguration.invalid(property, name, "a readable private key file (" + e.getMessage() + ")");
        }
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw MailPolicyConfiguration.invalid(property, name, "a readable private key file (" + file
                    + (Files.exists(file) ? " cannot be read)" : " does not exist)"));
        }
        warnIfReadableByOthers(file, "is a DKIM private key", warnings);
        try {
            return DkimKeys.load(file);
        } catch (IOException e) {
            throw MailPolicyConfiguration.invalid(property, name, "a readable private key file (" + e + ")");
        } catch (IllegalArgumentException e) {
            throw MailPolicyConfiguration.invalid(property, name,
                    "an RSA PKCS#1 or PKCS#8 PEM, or an Ed25519 PEM or base64 seed, key file (" + e.getMessage() + ")");
        }
    }

    /** {@code name}, the rest of the property's name, is {@code <selector>._domainkey.<domain>}. */
    private static void add(Map<String, Map<String, DkimPrivateKey>> keys, String property, String name, DkimPrivateKey key) {
        String source = MailPolicyConfiguration.FILE + ": " + property;
        int at = name.indexOf(DOMAINKEY);
        if (at <= 0 || at + DOMAINKEY.length() == name.length()) {
            throw new IllegalArgumentException(source + " is not a valid name; expected "
                    + property.substring(0, property.length() - name.length()) + PROPERTY_NAME + ", such as "
                    + KEY_FILE_PREFIX + "s1._domainkey.example.com");
        }
        add(keys, source, name.substring(0, at), name.substring(at + DOMAINKEY.length()), key);
    }

    private static void add(Map<String, Map<String, DkimPrivateKey>> keys, String source, String selector, String domain, DkimPrivateKey key) {
        try {
            // The signer's builder checks the selector and the domain as a signature will carry them.
            DkimSigner.builder(domain).key(selector, key);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
        }
        if (keys.computeIfAbsent(domain.toLowerCase(Locale.ROOT), d -> new TreeMap<>()).putIfAbsent(selector, key) != null) {
            throw new IllegalArgumentException(source + ": the key of selector " + selector + " of " + domain + " is configured twice");
        }
    }

    private static Path propertiesFile(PathResolver resolve) {
        try {
            return resolve.file("file://conf/" + MailPolicyConfiguration.FILE).toPath();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static void warnIfReadableByOthers(Path file, String what, List<String> warnings) {
        if (file == null || !Files.exists(file)) {
            return;
        }
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
            if (permissions.contains(PosixFilePermission.OTHERS_READ) || permissions.contains(PosixFilePermission.GROUP_READ)) {
                warnings.add(file + " " + what + " is readable by other users; chmod 600 it");
            }
        } catch (IOException | UnsupportedOperationException e) {
            // Not a POSIX file system: nothing to check.
        }
    }
}
